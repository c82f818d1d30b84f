import { randomUUID } from 'node:crypto';
import { scenario } from '../harness/scenario';
import { registerSecretForScan } from '../harness/secret-scan';
import type { Workbench } from '../harness/workbench';

// Tokens through the UI: add an OAuth Server-to-Server profile on the emulator by hand, "Copy Access Token"
// from the palette, read the real clipboard, have the emulator validate the token, see the token row in the
// Profiles view, "Copy as cURL" from the row's context menu. The token is registered for the after-run leak scan.

const PROFILE = `Tokens UI ${randomUUID().slice(0, 4)}`;
const CLIENT_ID = `tokens-ui-${randomUUID().slice(0, 8)}`;
const CLIENT_SECRET = `p8e-tokens-ui-${randomUUID()}`;
registerSecretForScan(CLIENT_SECRET);
const ORG = '0A1B2C3D4E5F60718293A4B5@AdobeOrg';
const TECH = '309F2A46640B0B300A495C83@techacct.adobe.com';

async function clipboard(workbench: Workbench): Promise<string> {
  // A string expression: the test tree is compiled without the DOM types.
  return String(await workbench.page.evaluate('navigator.clipboard.readText()'));
}

scenario(
  'Copy Access Token: the clipboard holds a token the emulator accepts; the token row shows its expiry; Copy as cURL',
  async ({ workbench, emulatorUrl }) => {
    const page = workbench.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    const registered = await fetch(`${emulatorUrl}/__control/clients`, {
      method: 'POST',
      body: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, orgId: ORG, technicalAccountId: TECH, scopes: ['openid', 'AdobeID'] }),
    });
    if (registered.status !== 200) throw new Error(`the emulator refused the client: ${registered.status}`);

    await workbench.runCommand('Adobe I/O: Add Profile Manually…');
    await workbench.choose('OAuth Server-to-Server');
    await workbench.answer(/Profile name/, PROFILE);
    await workbench.answer(/Client ID/, CLIENT_ID);
    await workbench.answer(/organization ID/, ORG);
    await workbench.answer(/Technical account ID/, TECH);
    await workbench.answer(/Scopes/, 'openid,AdobeID');
    await workbench.answer(/Client secret/, CLIENT_SECRET);
    await workbench.choose('Other IMS URL…');
    await workbench.answer(/IMS base URL/, emulatorUrl);
    await workbench.answer(/sandbox/, 'prod');

    await page.evaluate("navigator.clipboard.writeText('')");
    await workbench.runCommand('Adobe I/O: Copy Access Token');
    const toast = page.locator('.notification-toast .notification-list-item-message');
    await workbench.expectText(toast, new RegExp(`Access token of "${PROFILE}" copied to the clipboard — valid until (?:\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d \\(in 2[34] h\\)`), 'the copy notification');
    const token = await clipboard(workbench);
    registerSecretForScan(token);
    if (!/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`the clipboard does not hold a token (${token.length} characters)`);
    const validation = (await (await fetch(`${emulatorUrl}/ims/validate_token/v1`, { method: 'POST', body: new URLSearchParams({ type: 'access_token', token }) })).json()) as { valid: boolean };
    if (!validation.valid) throw new Error('the emulator does not accept the copied token');

    await workbench.openViewContainer('Adobe I/O');
    const profiles = workbench.view('Profiles');
    const row = profiles.locator('.monaco-list-row', { hasText: PROFILE });
    await workbench.expectVisible(row, 'the profile row');
    await row.click();
    await workbench.expectText(profiles.locator('.monaco-list-row', { hasText: 'Token' }), /valid until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d \(in 2[34] h\)/, 'the token row');

    // A mouse click on a menu entry is sometimes swallowed while the menu animates in; hover + Enter is not.
    await workbench.contextMenu(row, 'Copy as cURL');
    await workbench.expectText(toast, /contains a secret access token/, 'the cURL warning');
    const curl = await clipboard(workbench);
    for (const part of [`Authorization: Bearer ${token}`, `x-api-key: ${CLIENT_ID}`, `x-gw-ims-org-id: ${ORG}`]) {
      if (!curl.includes(part)) throw new Error(`the cURL command lacks ${part.split(':')[0]}`);
    }
    await page.evaluate("navigator.clipboard.writeText('')");

    await workbench.runCommand('Adobe I/O: Remove Profile');
    const remove = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Remove' });
    await workbench.expectVisible(remove, 'the confirmation dialog');
    await remove.first().click();
    await workbench.expectVisible(profiles.getByRole('button', { name: /Import config\.zip/ }), 'the welcome button again after removal');
  },
  { timeoutMs: 120_000 },
);
