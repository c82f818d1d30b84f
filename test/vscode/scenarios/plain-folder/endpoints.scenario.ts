import type { Locator } from 'playwright-core';
import { scenario } from '../../harness/scenario';
import type { Workbench } from '../../harness/workbench';
import { DEMO_ORG, DEV_URL, LOYALTY_URL, WEATHER_URL, partnerSeeds, seedJourney } from '../../../support/journey-seed';

// The Endpoints view against the emulator, through the UI, with the pre-imported demo profile (its org is
// the fixtures' org; the session's user settings allow-list the emulator and point the Journey URL at it).
// Scenarios run in order and share the emulator's state; the last one puts the profile back on prod.

const ORG = DEMO_ORG;
const NEW_URL = 'https://api.example.org/data/*';

const rows = (workbench: Workbench): Locator => workbench.view('Endpoints').locator('.monaco-list-row');
const row = (workbench: Workbench, text: string | RegExp): Locator => rows(workbench).filter({ hasText: text }).first();

async function clickButton(workbench: Workbench, name: string): Promise<void> {
  const button = workbench.page.locator('.monaco-dialog-box .monaco-button', { hasText: name }).first();
  await workbench.expectVisible(button, `the dialog's "${name}" button`);
  await button.click();
  await workbench.waitUntil(async () => (await workbench.page.locator('.monaco-dialog-box').count()) === 0, 'the dialog to close');
}

async function clickApply(workbench: Workbench): Promise<void> {
  const lens = workbench.page.locator('.monaco-editor .codelens-decoration a', { hasText: /Apply to sandbox/ }).first();
  await workbench.expectVisible(lens, 'the Apply CodeLens on the config document');
  await lens.click();
}

/** Replaces a number shown in the active editor (its own token) by double-clicking it and typing. */
async function replaceNumber(workbench: Workbench, from: string, to: string): Promise<void> {
  const token = workbench.page.locator('.editor-instance .monaco-editor .view-line span span').filter({ hasText: new RegExp(`^${from}$`) }).first();
  await workbench.expectVisible(token, `${from} in the editor`);
  await token.dblclick();
  await workbench.page.keyboard.type(to);
  await workbench.expectVisible(workbench.page.locator('.editor-instance .monaco-editor .view-line span span').filter({ hasText: new RegExp(`^${to}$`) }), `${to} typed in the editor`);
}

async function expectNotification(workbench: Workbench, text: RegExp, what: string): Promise<void> {
  await workbench.waitUntil(async () => (await workbench.notifications()).some((n) => text.test(n)), what);
}

scenario('Endpoints: seeded configs appear grouped per endpoint, with the sandbox and live vs pending', async ({ workbench, emulatorUrl }) => {
  await seedJourney(emulatorUrl, partnerSeeds(ORG));
  await workbench.openViewContainer('Adobe I/O');
  await workbench.runCommand('Adobe I/O: Refresh Endpoints');
  const view = workbench.view('Endpoints');
  await workbench.expectText(view.locator('.pane-header'), 'sandbox prod', 'the view description');
  await workbench.expectVisible(row(workbench, WEATHER_URL), 'the weather endpoint row');
  await workbench.expectVisible(row(workbench, LOYALTY_URL), 'the loyalty endpoint row');
  await workbench.expectText(rows(workbench), /Capping · data source · 500 calls \/ 1 s · ≤ 50 connections · deployed · edit pending/, 'the edited weather config');
  await workbench.expectText(rows(workbench), /live 500\/s → pending 1,500\/s/, 'live vs pending of the weather config');
  await workbench.expectText(rows(workbench), /Capping · action · 100 calls \/ 1 s · ≤ 20 connections · deployed/, 'the loyalty capping config');
  await workbench.expectText(rows(workbench), 'Throttling · 4,000 calls/s · deployed (all sandboxes)', 'the loyalty throttling config');
}, { timeoutMs: 90_000 });

scenario('Endpoints: a capping config created in the JSON editor with Apply, then deployed from its context menu', async ({ workbench }) => {
  await workbench.runCommand('Adobe I/O: New Capping Config…');
  await workbench.expectVisible(workbench.page.locator('.tab', { hasText: /\.capping\.json/ }), 'the new config document');
  await clickApply(workbench);
  await expectNotification(workbench, /Created capping config .* in sandbox prod/, 'the created message');
  const created = row(workbench, /Capping · data source · 500 calls \/ 1 s · ≤ 50 connections · created/);
  await workbench.expectVisible(created, 'the created config row');
  await workbench.expectVisible(row(workbench, NEW_URL), 'its endpoint row');
  await workbench.contextMenu(created, /^Deploy/);
  await clickButton(workbench, 'Deploy');
  await workbench.expectVisible(row(workbench, /Capping · data source · 500 calls \/ 1 s · ≤ 50 connections · deployed(?! ·)/), 'the config row once deployed');
  await workbench.runCommand('View: Close All Editors');
}, { timeoutMs: 90_000 });

scenario('Endpoints: a deployed config edited in place shows live vs pending, and Compare with Deployed opens a diff', async ({ workbench }) => {
  const deployed = row(workbench, /Capping · data source · 500 calls \/ 1 s · ≤ 50 connections · deployed(?! ·)/);
  await workbench.contextMenu(deployed, 'Edit Config');
  await workbench.expectVisible(workbench.page.locator('.tab.active', { hasText: /\.capping\.json/ }), 'the config document');
  await replaceNumber(workbench, '500', '1500');
  await clickApply(workbench);
  await expectNotification(workbench, /Updated capping config .* in sandbox prod/, 'the updated message');
  const edited = rows(workbench).filter({ hasText: /deployed · edit pending/ }).filter({ hasText: /live 500\/s → pending 1,500\/s/ });
  await workbench.waitUntil(
    async () => (await edited.count()) === 2,
    'both edited configs (seeded and new) to show live 500/s → pending 1,500/s',
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; rows: ${(await rows(workbench).allInnerTexts()).join(' | ')}`);
  });
  await workbench.contextMenu(row(workbench, /GET · live 500\/s → pending 1,500\/s/), 'Compare with Deployed');
  await workbench.expectVisible(workbench.page.locator('.tab.active', { hasText: /live ↔ pending/ }), 'the diff editor tab');
  await workbench.expectVisible(workbench.page.locator('.monaco-diff-editor'), 'the diff editor');
  await workbench.runCommand('View: Close All Editors');
}, { timeoutMs: 90_000 });

scenario('Endpoints: an invalid config is refused with a message naming the field', async ({ workbench }) => {
  await workbench.runCommand('Adobe I/O: New Capping Config…');
  await workbench.expectVisible(workbench.page.locator('.tab.active', { hasText: /\.capping\.json/ }), 'the new config document');
  await replaceNumber(workbench, '1000', '0');
  await clickApply(workbench);
  await expectNotification(workbench, /Not applied: .*services\.dataSource\.rating\.periodInMs/, 'the local validation message');
  await workbench.runCommand('File: Revert File');
  await workbench.runCommand('View: Close All Editors');
}, { timeoutMs: 90_000 });

scenario('Endpoints: deleting a deployed config asks for Undeploy and Delete', async ({ workbench }) => {
  const target = rows(workbench).filter({ hasText: /GET · live 500\/s → pending 1,500\/s/ });
  const before = await target.count();
  await workbench.contextMenu(target.last(), 'Delete…');
  const explicit = workbench.page.locator('.monaco-dialog-box', { hasText: /is deployed in sandbox prod/ });
  await workbench.expectVisible(explicit, 'the dialog saying the config is deployed');
  await clickButton(workbench, 'Undeploy and Delete');
  await expectNotification(workbench, /Deleted capping config/, 'the deleted message');
  await workbench.waitUntil(async () => (await target.count()) === before - 1, 'the deleted config row to go');
}, { timeoutMs: 90_000 });

scenario('Endpoints: the view follows a sandbox switch; the API refuses a throttling config outside production', async ({ workbench }) => {
  await workbench.runCommand('Adobe I/O: Select Sandbox');
  await workbench.answer(/sandbox name/, 'dev');
  const view = workbench.view('Endpoints');
  await workbench.expectText(view.locator('.pane-header'), 'sandbox dev', 'the view description after the switch');
  await workbench.expectVisible(row(workbench, DEV_URL), 'the dev sandbox config');
  await workbench.waitUntil(async () => (await row(workbench, WEATHER_URL).count()) === 0, 'the prod configs to leave the view');

  await workbench.runCommand('Adobe I/O: New Throttling Config…');
  await workbench.expectVisible(workbench.page.locator('.tab.active', { hasText: /\.throttling\.json/ }), 'the new throttling document');
  await clickApply(workbench);
  await expectNotification(workbench, /1463.*production sandbox/, "the API's refusal (1463)");
  await workbench.runCommand('View: Close All Editors');

  await workbench.runCommand('Adobe I/O: Select Sandbox');
  await workbench.answer(/sandbox name/, 'prod');
  await workbench.expectText(view.locator('.pane-header'), 'sandbox prod', 'the view description back on prod');
}, { timeoutMs: 90_000 });
