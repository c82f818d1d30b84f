import { scenario } from '../harness/scenario';
import { registerSecretForScan } from '../harness/secret-scan';
import type { Workbench } from '../harness/workbench';

// The profile commands through the palette, as a user runs them: Add Profile Manually (with a field refused
// while typing), Select Sandbox, Rename Profile, Remove Profile. Leaves no profile behind.

/** Waits for an input box whose prompt matches, then types the answer and accepts it. */
async function answer(workbench: Workbench, prompt: RegExp, value: string): Promise<void> {
  await workbench.expectText(workbench.quickInput, prompt, `the input box asking ${String(prompt)}`);
  await workbench.quickInputBox.fill(value);
  await workbench.page.waitForTimeout(150);
  await workbench.quickInputBox.press('Enter');
}

async function choose(workbench: Workbench, label: string): Promise<void> {
  const row = workbench.quickInput.locator('.monaco-list-row', { hasText: label }).first();
  await workbench.expectVisible(row, `the choice "${label}"`);
  await row.click();
}

scenario(
  'Add Profile Manually (OAuth S2S), then Select Sandbox, Rename and Remove it',
  async ({ workbench }) => {
    await workbench.openViewContainer('Adobe I/O');
    const profiles = workbench.view('Profiles');

    await workbench.runCommand('Adobe I/O: Add Profile Manually…');
    await choose(workbench, 'OAuth Server-to-Server');
    await answer(workbench, /Profile name/, 'Manual S2S');
    await answer(workbench, /Client ID/, 'e053e1a87cf74c68a6ec8e71d4a82662');
    // A wrong org id is refused while typing, with the rule in plain words.
    await workbench.expectText(workbench.quickInput, /IMS organization ID/, 'the org id prompt');
    await workbench.quickInputBox.fill('12345');
    await workbench.expectText(workbench.quickInput, /ends with '@AdobeOrg'/, 'the validation message');
    await workbench.quickInputBox.fill('0A1B2C3D4E5F60718293A4B5@AdobeOrg');
    await workbench.page.waitForTimeout(150);
    await workbench.quickInputBox.press('Enter');
    await answer(workbench, /Technical account ID/, '309F2A46640B0B300A495C83@techacct.adobe.com');
    await answer(workbench, /Scopes, comma-separated/, 'openid, AdobeID, read_organizations');
    registerSecretForScan('p8e-manual-scenario-secret');
    await answer(workbench, /Client secret/, 'p8e-manual-scenario-secret');
    await choose(workbench, 'Production');
    await answer(workbench, /sandbox/i, 'prod');

    const row = profiles.locator('.monaco-list-row', { hasText: 'Manual S2S' });
    await workbench.expectText(row, /OAuth S2S · 0A1B2C3D4E5F60718293A4B5@AdobeOrg/, 'the new profile row');
    await workbench.expectText(workbench.page.locator('.part.statusbar'), 'Manual S2S · prod', 'the status bar');

    await workbench.runCommand('Adobe I/O: Select Sandbox');
    await answer(workbench, /sandbox name/, 'dev-1');
    await workbench.expectText(workbench.page.locator('.part.statusbar'), 'Manual S2S · dev-1', 'the status bar after Select Sandbox');

    await workbench.runCommand('Adobe I/O: Rename Profile');
    await answer(workbench, /New name/, 'Renamed S2S');
    await workbench.expectVisible(profiles.locator('.monaco-list-row', { hasText: 'Renamed S2S' }), 'the renamed profile');
    await workbench.expectText(workbench.page.locator('.part.statusbar'), 'Renamed S2S · dev-1', 'the status bar after Rename');

    await workbench.runCommand('Adobe I/O: Remove Profile');
    const remove = workbench.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Remove' });
    await workbench.expectVisible(remove, 'the confirmation dialog');
    await remove.first().click();
    await workbench.expectVisible(profiles.getByRole('button', { name: /Import config\.zip/ }), 'the welcome button after removal');
  },
  { timeoutMs: 120_000 },
);
