import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { scenario } from '../../harness/scenario';
import { registerSecretForScan } from '../../harness/secret-scan';
import type { Workbench } from '../../harness/workbench';
import { startEchoServer } from '../../../support/echo-server';

// Send Request against the emulator through the UI, with the session's pre-imported demo profile (the user
// settings allow-list the emulator's host): Adobe headers reach the allow-listed emulator and nothing Adobe
// reaches a loopback echo server off the list; the view shows the token as `Bearer •••• (expires HH:MM)`; a
// slow send is cancelled from the status bar; `# @timeout 2s` on a stalled route; Send All asks for a `# @note`
// request and stops the rest when cancelled; History reopens a send and its file holds no token; a pasted
// Journey curl is converted and sent. What the servers saw is read from the emulator's /__control/requests.

const JOURNEY_LIST = '/journey/orchestration/list/endpointConfigs';

interface SeenRequest {
  method: string;
  url: string;
  host: string;
  headers: Record<string, string | string[] | undefined>;
}

async function emulatorSaw(emulatorUrl: string, path: string): Promise<SeenRequest[]> {
  const response = await fetch(`${emulatorUrl}/__control/requests?path=${encodeURIComponent(path)}`);
  const { requests } = (await response.json()) as { requests: SeenRequest[] };
  // A token that went out is a secret this session now knows: the leak scan looks for it on disk afterwards.
  for (const r of requests) {
    const token = /^Bearer\s+(\S+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    if (token) registerSecretForScan(token);
  }
  return requests;
}

async function injectFault(emulatorUrl: string, fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__control/faults`, { method: 'POST', body: JSON.stringify(fault) });
  if (!response.ok) throw new Error(`the emulator refused the fault: ${response.status}`);
}

/** Opens `name` (written into the workspace) in an editor and waits for its Send Request lenses. */
async function openHttpFile(workbench: Workbench, workspaceDir: string, name: string, text: string, requests: number): Promise<{ file: string; lenses: Locator; tab: Locator }> {
  const file = join(workspaceDir, name);
  writeFileSync(file, text);
  await workbench.runCommand('View: Close All Editors');
  await workbench.runCommand('File: Open File...');
  await workbench.pickPath(file);
  const tab = workbench.page.locator(`.tabs-container .tab[aria-label="${name}"]`);
  await workbench.expectVisible(tab, `an editor tab for ${name}`);
  const lenses = workbench.page.locator('.contentWidgets .codelens-decoration a', { hasText: /^Send Request$/ });
  await workbench.waitUntil(async () => (await lenses.count()) === requests, `a Send Request CodeLens above each of the ${requests} requests`, 30_000);
  return { file, lenses, tab };
}

/** The response webview's content frame (the webview host iframe, then #active-frame). */
function responseFrame(workbench: Workbench): FrameLocator {
  return workbench.page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
}

async function rootText(frame: FrameLocator): Promise<string> {
  return frame.locator('#root').evaluate((root) => root.textContent ?? '');
}

async function tidy(workbench: Workbench, file: string | undefined): Promise<void> {
  await workbench.page.keyboard.press('Escape').catch(() => undefined);
  await workbench.runCommand('View: Close All Editors');
  await workbench.runCommand('Notifications: Clear All Notifications');
  if (file) rmSync(file, { force: true });
}

scenario('Send Request: the allow-listed emulator gets the Adobe headers and the view shows the token as Bearer •••• (expires HH:MM); a host off the list gets none', async ({ workbench, emulatorUrl, workspaceDir }) => {
  const echo = await startEchoServer();
  let file: string | undefined;
  try {
    const opened = await openHttpFile(workbench, workspaceDir, 'adobe-send.http', [
      '### Journey capping configs (allow-listed emulator)',
      `POST ${emulatorUrl}${JOURNEY_LIST}`,
      'Content-Type: application/json',
      '',
      '{}',
      '',
      '### a loopback echo server (not on the list)',
      `GET ${echo.url}/not-listed`,
      '',
    ].join('\n'), 2);
    file = opened.file;
    const before = (await emulatorSaw(emulatorUrl, JOURNEY_LIST)).length;
    await opened.lenses.first().click();
    const frame = responseFrame(workbench);
    await workbench.expectText(frame.locator('.status-line'), /200 OK/, 'the status line of the emulator response', 30_000);
    await workbench.expectText(frame.locator('.body'), /"results"/, "the emulator's JSON body");
    const seen = (await emulatorSaw(emulatorUrl, JOURNEY_LIST)).slice(before);
    if (seen.length !== 1) throw new Error(`the emulator saw ${seen.length} list requests, expected 1`);
    const headers = seen[0]!.headers;
    if (!/^Bearer ey/.test(String(headers.authorization))) throw new Error('the emulator got no bearer token');
    if (!headers['x-api-key'] || !String(headers['x-gw-ims-org-id']).endsWith('@AdobeOrg')) throw new Error(`the emulator lacked x-api-key or x-gw-ims-org-id: ${Object.keys(headers).join(', ')}`);
    const token = String(headers.authorization).slice('Bearer '.length);
    const shown = await rootText(frame);
    if (!/Authorization\s*Bearer •••• \(expires (?:\d{4}-\d\d-\d\d )?\d\d:\d\d\)/.test(shown)) throw new Error(`the request as sent does not show the masked token with its expiry: ${shown.slice(shown.indexOf('Request'), shown.indexOf('Request') + 300)}`);
    if (shown.includes(token) || shown.includes(token.split('.')[2]!)) throw new Error('the token is in the response view');

    await opened.tab.click();
    await opened.lenses.nth(1).click();
    await workbench.expectText(frame.locator('.body'), /not-listed/, "the echo server's answer", 30_000);
    await workbench.waitUntil(async () => echo.received.length === 1, 'the echo server to receive the request');
    const echoed = echo.received[0]!.headers;
    const leaked = ['authorization', 'x-api-key', 'x-gw-ims-org-id', 'x-sandbox-name'].filter((h) => echoed[h] !== undefined);
    if (leaked.length > 0) throw new Error(`a host off the allow-list got ${leaked.join(', ')}`);
  } finally {
    await tidy(workbench, file);
    await echo.close();
  }
}, { timeoutMs: 120_000 });

scenario('a slow send shows a spinner with the elapsed time in the status bar; clicking it cancels and the view says so', async ({ workbench, emulatorUrl, workspaceDir }) => {
  let file: string | undefined;
  try {
    await injectFault(emulatorUrl, { match: 'GET /slow-route', kind: 'delay', delayMs: 20_000 });
    const opened = await openHttpFile(workbench, workspaceDir, 'slow.http', ['### slow', `GET ${emulatorUrl}/slow-route`, ''].join('\n'), 1);
    file = opened.file;
    await opened.lenses.first().click();
    const item = workbench.page.locator('.statusbar-item', { hasText: /Sending slow \d+\.\ds/ });
    await workbench.expectVisible(item, 'the status bar item with the elapsed time', 15_000);
    if ((await item.locator('.codicon-sync.codicon-modifier-spin, .codicon-sync~spin, .codicon-modifier-spin').count()) === 0) throw new Error('the status bar item has no spinner');
    await workbench.expectVisible(workbench.page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Sending… (cancel)' }), 'the CodeLens saying it is sending');
    await workbench.waitUntil(async () => (await emulatorSaw(emulatorUrl, '/slow-route')).length > 0, 'the emulator to receive the slow request');
    await item.click();
    const frame = responseFrame(workbench);
    await workbench.expectText(frame.locator('.error'), /Cancelled/, 'the view saying the send was cancelled', 15_000);
    await workbench.waitUntil(async () => (await item.count()) === 0, 'the status bar item to go once cancelled');
  } finally {
    await tidy(workbench, file);
  }
}, { timeoutMs: 90_000 });

scenario('# @timeout 2s on a stalled route: the view says it timed out after 2 s', async ({ workbench, emulatorUrl, workspaceDir }) => {
  let file: string | undefined;
  try {
    await injectFault(emulatorUrl, { match: 'GET /stalled-route', kind: 'stall' });
    const opened = await openHttpFile(workbench, workspaceDir, 'stalled.http', ['### stalled', '# @timeout 2s', `GET ${emulatorUrl}/stalled-route`, ''].join('\n'), 1);
    file = opened.file;
    await opened.lenses.first().click();
    const frame = responseFrame(workbench);
    await workbench.expectText(frame.locator('.error'), /Timed out.*within 2 s/, 'the timeout message naming 2 s', 30_000);
  } finally {
    await tidy(workbench, file);
  }
}, { timeoutMs: 90_000 });

scenario('Send All asks before a # @note request; cancelled from its progress notification it stops the rest and sums up', async ({ workbench, emulatorUrl, workspaceDir }) => {
  let file: string | undefined;
  const page = workbench.page;
  try {
    await injectFault(emulatorUrl, { match: 'GET /send-all/slow', kind: 'delay', delayMs: 20_000 });
    const opened = await openHttpFile(workbench, workspaceDir, 'send-all.http', [
      '### first',
      `GET ${emulatorUrl}/health?send-all=first`,
      '',
      '### noted',
      '# @note Pretend this one changes something',
      `GET ${emulatorUrl}/health?send-all=noted`,
      '',
      '### slow',
      `GET ${emulatorUrl}/send-all/slow`,
      '',
      '### last',
      `GET ${emulatorUrl}/health?send-all=last`,
      '',
    ].join('\n'), 4);
    file = opened.file;
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: /^Send All$/ }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await workbench.expectText(dialog, /Send "noted"\?/, 'the confirmation of the # @note request', 30_000);
    await workbench.expectText(dialog, /Pretend this one changes something/, 'the note in the confirmation');
    await dialog.locator('.monaco-button', { hasText: /^Send$/ }).click();
    await workbench.waitUntil(async () => (await dialog.count()) === 0, 'the dialog to close');
    await workbench.waitUntil(async () => (await emulatorSaw(emulatorUrl, '/send-all/slow')).length > 0, 'the emulator to receive the slow request');
    const progress = page.locator('.notification-toast', { hasText: 'Sending all requests' });
    await workbench.expectVisible(progress, 'the Send All progress notification');
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await workbench.expectText(page.locator('.notification-toast'), /Send All: 2 sent, 0 failed, 2 skipped\./, 'the summary after cancelling');
    const health = (await emulatorSaw(emulatorUrl, '/health?send-all=')).map((r) => r.url);
    if (health.join() !== '/health?send-all=first,/health?send-all=noted') throw new Error(`the emulator saw ${health.join(', ')}; expected first and noted only`);
  } finally {
    await tidy(workbench, file);
  }
}, { timeoutMs: 120_000 });

scenario('History lists each send (method, URL, status); a click reopens it in the view; the history file holds no token', async ({ workbench, emulatorUrl, workspaceDir, userDataDir }) => {
  let file: string | undefined;
  try {
    const opened = await openHttpFile(workbench, workspaceDir, 'history-send.http', ['### history', `POST ${emulatorUrl}${JOURNEY_LIST}?from=history`, 'Content-Type: application/json', '', '{}', ''].join('\n'), 1);
    file = opened.file;
    await opened.lenses.first().click();
    await workbench.expectText(responseFrame(workbench).locator('.status-line'), /200 OK/, 'the response of the send', 30_000);
    await workbench.runCommand('View: Close All Editors');
    await workbench.waitUntil(async () => (await workbench.page.locator('iframe.webview').count()) === 0, 'the response view to close');

    await workbench.openViewContainer('Adobe I/O');
    const history = workbench.view('History');
    const header = history.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const host = new URL(emulatorUrl).host;
    const row = history.locator('.monaco-list-row', { hasText: `POST ${host}${JOURNEY_LIST}?from=history` }).first();
    await workbench.expectVisible(row, 'the History row with the method and URL');
    await workbench.expectText(row.locator('.label-description'), /^200 · \d+ ms · \d\d:\d\d:\d\d$/, 'the status, time and hour of the send');
    await row.click();
    const frame = responseFrame(workbench);
    await workbench.expectText(frame.locator('.status-line'), /200 OK/, 'the reopened response', 30_000);
    await workbench.expectText(frame.locator('.body'), /"results"/, 'the reopened JSON body');

    // The file the leak scan reads after the session (user-data/User/globalStorage/<extension>/history.json).
    const storage = join(userDataDir, 'User', 'globalStorage');
    const historyFile = readdirSync(storage).map((d) => join(storage, d, 'history.json')).find((f) => {
      try {
        return readFileSync(f, 'utf8').includes('?from=history');
      } catch {
        return false;
      }
    });
    if (!historyFile) throw new Error(`no history.json under ${storage} records the send`);
    const stored = readFileSync(historyFile, 'utf8');
    const tokens = (await emulatorSaw(emulatorUrl, JOURNEY_LIST)).map((r) => String(r.headers.authorization).slice('Bearer '.length)).filter((t) => t.length > 20);
    if (tokens.length === 0) throw new Error('the emulator saw no token');
    if (tokens.some((t) => stored.includes(t) || stored.includes(t.split('.')[2]!))) throw new Error('the history file holds a token');
  } finally {
    await tidy(workbench, file);
  }
}, { timeoutMs: 120_000 });

scenario('the Journey page\'s curl (platform.adobe.io, Adobe placeholders) pasted and converted; with its one @journey line set to the emulator, Send Request gets 200 with the Adobe headers the emulator requires', async ({ workbench, emulatorUrl, workspaceDir }) => {
  const page = workbench.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  // The Journey page's curl as Adobe writes it; the converted file's one base line is then pointed at the emulator.
  const curl = [
    `curl -X POST 'https://platform.adobe.io${JOURNEY_LIST}?from=curl' \\`,
    "  -H 'Authorization: Bearer <ACCESS_TOKEN>' \\",
    "  -H 'x-api-key: <API_KEY>' \\",
    "  -H 'x-gw-ims-org-id: <ORGANIZATION>' \\",
    "  -H 'x-sandbox-name: <SANDBOX_NAME>' \\",
    "  -H 'Content-Type: application/json' \\",
    "  -d '{}'",
  ].join('\n');
  const file = join(workspaceDir, 'pasted-journey.http');
  writeFileSync(file, '');
  try {
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(file);
    const tab = page.locator('.tabs-container .tab[aria-label="pasted-journey.http"]');
    await workbench.expectVisible(tab, 'an editor tab for pasted-journey.http');
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(curl)})`);
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+V');
    const offer = page.locator('.notification-toast', { hasText: 'You pasted a curl command' });
    await workbench.expectVisible(offer, 'the offer to convert the pasted curl');
    await offer.locator('.monaco-button', { hasText: 'Convert' }).click();
    const lines = page.locator('.editor-instance .view-lines');
    await workbench.expectText(lines, /x-api-key:\s\{\{\$aio\.apiKey\}\}/, 'the API key as a profile variable');
    await workbench.expectText(lines, /POST\s\{\{journey\}\}\/list\/endpointConfigs\?from=curl/, 'the request line on the {{journey}} base');
    await workbench.runCommand('File: Save');
    // Retargeting is one line: the saved file's @journey, changed on disk (the clean editor reloads it).
    await workbench.waitUntil(async () => /^@journey = https:\/\/platform\.adobe\.io\/journey\/orchestration$/m.test(readFileSync(file, 'utf8')), 'the converted file saved with its @journey line');
    const saved = readFileSync(file, 'utf8');
    writeFileSync(file, saved.replace(/^@journey = .*$/m, `@journey = ${emulatorUrl}/journey/orchestration`));
    // A change on disk right after a save can be taken for the save itself: Revert File reads the disk again.
    await workbench.runCommand('File: Revert File');
    await workbench.expectText(lines, new RegExp(`@journey\\s=\\s${emulatorUrl.replace(/[.]/g, '\\.')}/journey/orchestration`), 'the editor showing @journey set to the emulator');
    const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: /^Send Request$/ });
    await workbench.waitUntil(async () => (await lens.count()) === 1, 'the Send Request CodeLens on the converted request', 30_000);
    const before = (await emulatorSaw(emulatorUrl, `${JOURNEY_LIST}?from=curl`)).length;
    await lens.click();
    const frame = responseFrame(workbench);
    await workbench.expectText(frame.locator('.status-line'), /200 OK/, 'the emulator accepting the converted request', 30_000);
    const seen = (await emulatorSaw(emulatorUrl, `${JOURNEY_LIST}?from=curl`)).slice(before);
    const headers = seen[0]?.headers ?? {};
    if (seen.length !== 1 || !/^Bearer ey/.test(String(headers.authorization)) || !headers['x-api-key'] || !String(headers['x-gw-ims-org-id']).endsWith('@AdobeOrg') || headers['x-sandbox-name'] !== 'prod') {
      throw new Error(`the emulator did not get the Adobe headers: ${JSON.stringify(Object.keys(headers))}, sandbox ${String(headers['x-sandbox-name'])}`);
    }
  } finally {
    await page.evaluate("navigator.clipboard.writeText('')").catch(() => undefined);
    await tidy(workbench, file);
  }
}, { timeoutMs: 120_000 });
