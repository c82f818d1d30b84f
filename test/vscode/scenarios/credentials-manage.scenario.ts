import { scenario } from '../harness/scenario';
import { registerSecretForScan } from '../harness/secret-scan';

// The profile commands through the palette, as a user runs them: Add Profile Manually (with a field refused
// while typing), Select Sandbox, Rename Profile, Remove Profile. Leaves no profile behind.

scenario(
  'Add Profile Manually (OAuth S2S), then Select Sandbox, Rename and Remove it',
  async ({ workbench }) => {
    await workbench.openViewContainer('Adobe I/O');
    const profiles = workbench.view('Profiles');

    await workbench.runCommand('Adobe I/O: Add Profile Manually…');
    await workbench.choose('OAuth Server-to-Server');
    await workbench.answer(/Profile name/, 'Manual S2S');
    await workbench.answer(/Client ID/, 'e053e1a87cf74c68a6ec8e71d4a82662');
    // A wrong org id is refused while typing, with the rule in plain words.
    await workbench.expectText(workbench.quickInput, /IMS organization ID/, 'the org id prompt');
    await workbench.quickInputBox.fill('12345');
    await workbench.expectText(workbench.quickInput, /ends with '@AdobeOrg'/, 'the validation message');
    // The validation message stands where the prompt was until the value is valid.
    await workbench.answer(/IMS organization ID|ends with '@AdobeOrg'/, '0A1B2C3D4E5F60718293A4B5@AdobeOrg');
    await workbench.answer(/Technical account ID/, '309F2A46640B0B300A495C83@techacct.adobe.com');
    await workbench.answer(/Scopes, comma-separated/, 'openid, AdobeID, read_organizations');
    registerSecretForScan('p8e-manual-scenario-secret');
    await workbench.answer(/Client secret/, 'p8e-manual-scenario-secret');
    await workbench.choose('Production');
    await workbench.answer(/sandbox/i, 'prod');

    const row = profiles.locator('.monaco-list-row', { hasText: 'Manual S2S' });
    await workbench.expectText(row, /OAuth S2S · 0A1B2C3D4E5F60718293A4B5@AdobeOrg/, 'the new profile row');
    await workbench.expectText(workbench.page.locator('.part.statusbar'), 'Manual S2S · prod', 'the status bar');

    await workbench.runCommand('Adobe I/O: Select Sandbox');
    await workbench.answer(/sandbox name/, 'dev-1');
    await workbench.expectText(workbench.page.locator('.part.statusbar'), 'Manual S2S · dev-1', 'the status bar after Select Sandbox');

    await workbench.runCommand('Adobe I/O: Rename Profile');
    await workbench.answer(/New name/, 'Renamed S2S');
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
