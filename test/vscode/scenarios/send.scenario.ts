import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../harness/scenario';
import type { Workbench } from '../harness/workbench';

// Send Request through the UI: the CodeLens above a request sends it and the response view shows the emulator's
// JSON; a request with an undefined variable is refused with a message naming it.

const FILE = [
  '@host = {{$processEnv AIO_EMULATOR_URL}}',
  '',
  '### health',
  'GET {{host}}/health',
  '',
  '### unresolved',
  'GET {{host}}/health?who={{nowhereDefined}}',
  '',
].join('\n');

scenario('the Send Request CodeLens shows the response; an undefined variable is refused by name', async ({ workbench, workspaceDir }) => {
  const page = workbench.page;
  const file = join(workspaceDir, 'send-ui.http');
  writeFileSync(file, FILE);
  try {
    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(file);
    await workbench.expectVisible(page.locator('.tabs-container .tab[aria-label="send-ui.http"]'), 'an editor tab for send-ui.http');
    const lenses = page.locator('.contentWidgets .codelens-decoration a', { hasText: /^Send Request$/ });
    await workbench.waitUntil(async () => (await lenses.count()) === 2, 'a Send Request CodeLens above each request', 30_000);
    await expectLensLine(workbench, 'Send All');

    await lenses.first().click();
    const frame = page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
    await workbench.expectText(frame.locator('.status-line'), /200 OK/, 'the status line of the response', 30_000);
    await workbench.expectText(frame.locator('body'), /"status"/, 'the emulator JSON body', 15_000);

    await page.locator('.tabs-container .tab[aria-label="send-ui.http"]').click();
    await workbench.waitUntil(async () => (await lenses.count()) === 2, 'the CodeLens back on the file', 15_000);
    await lenses.nth(1).click();
    await workbench.expectText(page.locator('.notification-toast'), /nowhereDefined/, 'the refusal naming the undefined variable');
  } finally {
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Notifications: Clear All Notifications');
    rmSync(file, { force: true });
  }
}, { timeoutMs: 120_000 });

async function expectLensLine(workbench: Workbench, title: string): Promise<void> {
  await workbench.expectVisible(workbench.page.locator('.contentWidgets .codelens-decoration a', { hasText: title }).first(), `the ${title} CodeLens`);
}
