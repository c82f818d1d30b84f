import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../harness/scenario';
import type { Workbench } from '../harness/workbench';

// A seed page's curl on the clipboard, in an empty .http file: "Paste cURL as Request" inserts the converted
// request (Adobe placeholders → profile variables, the Campaign tenant left to set); a plain Ctrl+V of a curl
// command is offered conversion and converted on "Convert". (Sending it is the editor's Send Request, built
// by another feature; the unit corpus sends these same commands to the emulator.)

const CAMPAIGN_CURL = [
  '-X GET https://mc.adobe.io/<ORGANIZATION>/campaign/profileAndServices/profile \\',
  "-H 'Content-Type: application/json' \\",
  "-H 'Authorization: Bearer <ACCESS_TOKEN>' \\",
  "-H 'Cache-Control: no-cache' \\",
  "-H 'X-Api-Key: <API_KEY>'",
].join('\n');

const JOURNEY_CURL = [
  'curl -X POST https://platform.adobe.io/journey/orchestration/list/endpointConfigs \\',
  "  -H 'Authorization: Bearer {ACCESS_TOKEN}' \\",
  "  -H 'x-api-key: {API_KEY}' \\",
  "  -H 'x-gw-ims-org-id: {IMS_ORG}' \\",
  "  -H 'x-sandbox-name: {SANDBOX_NAME}' \\",
  "  -d '{}'",
].join('\n');

async function setClipboard(workbench: Workbench, text: string): Promise<void> {
  await workbench.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
}

scenario('Paste cURL as Request converts a docs page curl in a .http file; a pasted curl is offered conversion', async ({ workbench, workspaceDir }) => {
  const page = workbench.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  const file = join(workspaceDir, 'pasted-curl.http');
  writeFileSync(file, '');
  const tab = page.locator('.tabs-container .tab', { hasText: 'pasted-curl.http' });
  try {
    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(file);
    await workbench.expectVisible(tab, 'an editor tab for pasted-curl.http');
    const lines = page.locator('.editor-instance .view-lines');

    await setClipboard(workbench, CAMPAIGN_CURL);
    await workbench.runCommand('Adobe I/O: Paste cURL as Request');
    await workbench.expectText(lines, /@campaign\s=\shttps:\/\/mc\.adobe\.io\/\{\{campaignTenant\}\}\/campaign/, 'the Campaign base as one file variable');
    await workbench.expectText(lines, /GET\s\{\{campaign\}\}\/profileAndServices\/profile/, 'the converted request line');
    await workbench.expectText(lines, /X-Api-Key:\s\{\{\$aio\.apiKey\}\}/, 'the API key as a profile variable');
    await workbench.expectText(lines, /Set\s\{\{campaignTenant\}\}\sbefore\ssending/, 'the comment saying what to set');
    const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
    if (/<ACCESS_TOKEN>|<API_KEY>|Authorization:/.test(text)) throw new Error(`a placeholder or the Authorization header was left in: ${text.slice(0, 300)}`);
    await workbench.expectText(page.locator('.notification-toast'), /Set \{\{campaignTenant\}\} before sending/, 'the note about the tenant');

    // Clear the editor, then paste a curl the ordinary way: the conversion is offered, not forced.
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await setClipboard(workbench, JOURNEY_CURL);
    await page.keyboard.press('ControlOrMeta+V');
    await workbench.expectText(lines, /curl\s-X\sPOST/, 'the curl command pasted as is');
    const offer = page.locator('.notification-toast', { hasText: 'You pasted a curl command' });
    await workbench.expectVisible(offer, 'the offer to convert the pasted curl');
    await offer.locator('.monaco-button', { hasText: 'Convert' }).click();
    await workbench.expectText(lines, /@journey\s=\shttps:\/\/platform\.adobe\.io\/journey\/orchestration/, 'the Journey base as one file variable');
    await workbench.expectText(lines, /POST\s\{\{journey\}\}\/list\/endpointConfigs/, 'the converted Journey request');
    await workbench.expectText(lines, /x-sandbox-name:\s\{\{\$aio\.sandbox\}\}/, 'the sandbox as a profile variable');
    await workbench.waitUntil(async () => !/curl\s-X/.test((await lines.innerText()).replace(/\u00a0/g, ' ')), 'the pasted curl to be replaced');
  } finally {
    await page.evaluate("navigator.clipboard.writeText('')");
    // Leave the page as found: the editor closed unsaved, no toast, before the next scenario types into F1.
    await workbench.runCommand('View: Revert and Close Editor');
    await workbench.waitUntil(async () => (await tab.count()) === 0, 'the pasted-curl.http tab to close');
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.waitUntil(async () => (await page.locator('.notification-toast').count()) === 0, 'the notifications to clear');
    rmSync(file, { force: true });
  }
}, { timeoutMs: 90_000 });
