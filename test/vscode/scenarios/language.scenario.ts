import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { scenario } from '../harness/scenario';
import { registerSecretForScan } from '../harness/secret-scan';
import type { Workbench } from '../harness/workbench';

// The `.http` language service through the UI: an unresolved variable gets a squiggle; completion offers Adobe
// headers and the JSON keys of a named request's last response (seeded through the harness's test hook); the
// hover on `{{$aio.accessToken}}` shows the profile and expiry, masked, never the token.

const PROFILE = `Language UI ${randomUUID().slice(0, 4)}`;
const CLIENT_ID = `language-ui-${randomUUID().slice(0, 8)}`;
const CLIENT_SECRET = `p8e-language-ui-${randomUUID()}`;
registerSecretForScan(CLIENT_SECRET);
const ORG = '1A1B2C3D4E5F60718293A4B5@AdobeOrg';
const TECH = '409F2A46640B0B300A495C83@techacct.adobe.com';

const FILE = [
  '@base = https://platform.adobe.io/journey',
  '',
  '### Login',
  '# @name login',
  'POST {{base}}/login',
  '',
  '### Items',
  'GET {{base}}/items/{{missingThing}}',
  'Authorization: Bearer {{$aio.accessToken}}',
  'x-gw',
  '',
  '### Chained',
  'GET {{base}}/items?uid={{login.response.body.$.',
  '',
].join('\n');

/** The editor line holding `text`. */
function line(workbench: Workbench, text: string): Locator {
  return workbench.page.locator('.editor-instance .monaco-editor .view-line', { hasText: text }).first();
}

/**
 * Hovers `target` until the hover shows `text`: a hover can be dismissed by a toast or a focus change before it
 * renders, so the mouse leaves and comes back while waiting for the state.
 */
async function hoverShows(workbench: Workbench, target: Locator, text: RegExp, what: string): Promise<void> {
  const hover = workbench.page.locator('.monaco-hover:visible').filter({ hasText: text }).first();
  await workbench.waitUntil(async () => {
    await workbench.page.mouse.move(1, 1);
    await target.hover();
    return hover.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
  }, what, 30_000);
}

/** Puts the cursor at the end of the line holding `text` and opens the suggestions there. */
async function suggestAtEnd(workbench: Workbench, text: string): Promise<Locator> {
  await line(workbench, text).click();
  await workbench.page.keyboard.press('End');
  await workbench.page.keyboard.press('Control+Space');
  const widget = workbench.page.locator('.editor-widget.suggest-widget');
  await workbench.expectVisible(widget, 'the suggestions');
  return widget;
}

scenario('.http language service: unresolved variable squiggle, header and chained JSON completion, masked token hover', async ({ workbench, emulatorUrl, workspaceDir, userDataDir }) => {
  const page = workbench.page;
  const path = join(workspaceDir, 'language-service.http');
  const seed = join(userDataDir, 'aio-test-last-responses.json');
  await writeFile(path, FILE);
  await writeFile(seed, JSON.stringify({ login: { status: 200, body: JSON.stringify({ token: 'not-a-secret', results: [{ uid: 'u-42' }] }) } }));
  // Run alone, this is the session's first scenario: the palette lists our commands once the extension is up.
  await workbench.expectText(page.locator('.part.statusbar'), /Adobe: /, 'the Adobe status bar item', 60_000);
  let created = false;
  try {
    // A profile with a cached token, so the hover has something to mask.
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
    created = true;
    await page.evaluate("navigator.clipboard.writeText('')");
    await workbench.runCommand('Adobe I/O: Copy Access Token');
    const token = await workbench.waitUntil(async () => String(await page.evaluate('navigator.clipboard.readText()')) || undefined, 'the token on the clipboard');
    registerSecretForScan(token);
    await page.evaluate("navigator.clipboard.writeText('')");

    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(path);
    await workbench.expectVisible(page.locator('.tabs-container .tab', { hasText: 'language-service.http' }), 'an editor tab for the file');

    // An undefined variable: an error squiggle under it, and its message in the hover.
    await workbench.expectVisible(page.locator('.editor-instance .monaco-editor .squiggly-error').first(), 'an error squiggle');
    const hover = page.locator('.monaco-hover:visible');
    await hoverShows(workbench, line(workbench, 'missingThing').getByText('missingThing'), /`?missingThing`? is not defined/, 'the unresolved-variable diagnostic in the hover');
    await page.keyboard.press('Escape');

    // Header completion below a request line offers the Adobe org header.
    let widget = await suggestAtEnd(workbench, 'x-gw');
    await workbench.expectText(widget, /x-gw-ims-org-id/, 'the header suggestions');
    await page.keyboard.press('Escape');

    // The JSON keys of login's last response after `login.response.body.$.`.
    widget = await suggestAtEnd(workbench, 'login.response.body');
    await workbench.expectText(widget, /results/, 'the chained JSON path suggestions');
    await workbench.expectText(widget, /token/, 'the chained JSON path suggestions');
    await page.keyboard.press('Escape');

    // The token hover: masked, with profile and expiry.
    await hoverShows(workbench, line(workbench, '$aio.accessToken').getByText('accessToken'), new RegExp(`•••• \\(profile ${PROFILE}, expires \\d\\d:\\d\\d\\)`), 'the masked token hover');
    const shown = (await hover.allTextContents()).join(' ');
    if (shown.includes(token)) throw new Error('the hover shows the access token');
    await page.keyboard.press('Escape');
    await workbench.runCommand('View: Revert and Close Editor');
  } finally {
    await rm(seed, { force: true });
    await rm(path, { force: true });
    // Even after a failure: a profile left behind would change what the next scenarios pick.
    if (created) {
      await page.keyboard.press('Escape');
      await workbench.runCommand('Adobe I/O: Remove Profile');
      const remove = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Remove' });
      await workbench.expectVisible(remove, 'the confirmation dialog');
      await remove.first().click();
      await workbench.waitUntil(async () => !(await remove.first().isVisible()), 'the confirmation dialog to close');
    }
  }
}, { timeoutMs: 150_000 });
