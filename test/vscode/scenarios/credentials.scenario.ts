import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenario } from '../harness/scenario';
import { registerSecretForScan } from '../harness/secret-scan';
import type { Workbench } from '../harness/workbench';
import { generateCredentialPair, makeConfigZip, makeWorkspaceJson, makeZip } from '../../support/credentials-fixtures';

// Import through the UI as a user does it: the welcome button, code-server's file picker (a quick input), the
// "Add another file…" choice; then the view, the status bar, a hostile zip and removal. The key and the secret
// are registered for the harness's leak scan after the session.

const PROFILE = 'Journey Ops / Production – JWT Service Account';
const CLIENT_SECRET = `p8e-scenario-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
registerSecretForScan(CLIENT_SECRET);

/** After a failure, best effort: close prompts and remove the profile so later scenarios start clean. */
async function removeLeftoverProfile(workbench: Workbench): Promise<void> {
  try {
    for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape');
    const row = workbench.view('Profiles').locator('.monaco-list-row', { hasText: PROFILE });
    if ((await row.count()) === 0) return;
    await workbench.runCommand('Adobe I/O: Remove Profile');
    const remove = workbench.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Remove' });
    await remove.first().click({ timeout: 5_000 });
  } catch {
    // The scenario already failed; its own error is the one to report.
  }
}

scenario(
  'Import config.zip… then the workspace JSON: the profile, its certificate and the status bar; a hostile zip changes nothing',
  async ({ workbench }) => {
    const dir = mkdtempSync(join(tmpdir(), 'aio-cred-scenario-'));
    try {
      const pair = await generateCredentialPair({}, { subject: 'CN=scenario' });
      registerSecretForScan(pair.key.privateKeyPem);
      const zip = join(dir, 'config.zip');
      const json = join(dir, 'workspace.json');
      const evil = join(dir, 'evil.zip');
      writeFileSync(zip, makeConfigZip(pair));
      writeFileSync(json, JSON.stringify(makeWorkspaceJson({ jwtClientSecret: CLIENT_SECRET })));
      writeFileSync(evil, makeZip([{ name: 'cfg/private.key', data: 'a' }, { name: 'CFG/PRIVATE.KEY', data: 'b' }]));
      const validTo = new Date(Date.parse(new (await import('node:crypto')).X509Certificate(pair.cert.pem).validTo)).toISOString().slice(0, 10);

      await workbench.openViewContainer('Adobe I/O');
      const profiles = workbench.view('Profiles');
      await profiles.getByRole('button', { name: /Import config\.zip/ }).click();
      await workbench.typePath(zip, /config\.zip, workspace JSON/);
      const addFile = workbench.quickInput.locator('.monaco-list-row', { hasText: 'Add another file' });
      await workbench.expectVisible(addFile, 'the "Add another file…" choice');
      await addFile.click();
      await workbench.typePath(json, /add a file/);

      const row = profiles.locator('.monaco-list-row', { hasText: PROFILE });
      await workbench.expectVisible(row, 'the imported profile in the Profiles view', 20_000);
      await workbench.expectText(row, /JWT · 0A1B2C3D4E5F60718293A4B5@AdobeOrg/, 'the profile row description');
      await row.click();
      await workbench.expectText(profiles.locator('.monaco-list-row', { hasText: 'Certificate' }), `valid until ${validTo}`, 'the certificate row');
      await workbench.expectText(profiles.locator('.monaco-list-row', { hasText: 'Sandbox' }), 'prod', 'the sandbox row');
      await workbench.expectText(workbench.page.locator('.part.statusbar'), `${PROFILE} · prod`, 'the status bar');

      await workbench.runCommand('Adobe I/O: Import Credentials…');
      await workbench.typePath(evil, /config\.zip, workspace JSON/);
      await workbench.expectText(
        workbench.page.locator('.notification-toast .notification-list-item-message'),
        /Import refused: evil\.zip contains two entries with the same name.*Nothing was changed/,
        'the error notification',
      );
      await workbench.expectVisible(row, 'the existing profile after the refused import');

      // Certificate rotation: a new config.zip for the same profile; the certificate row follows.
      const rotated = await generateCredentialPair({}, { subject: 'CN=rotated', notAfter: new Date(Date.now() + 200 * 24 * 3600 * 1000) });
      registerSecretForScan(rotated.key.privateKeyPem);
      const rotatedZip = join(dir, 'rotated.zip');
      writeFileSync(rotatedZip, makeConfigZip(rotated));
      await workbench.runCommand('Adobe I/O: Replace Private Key…');
      await workbench.typePath(rotatedZip, /Replace Private Key/);
      const rotatedTo = new Date(Date.parse(new (await import('node:crypto')).X509Certificate(rotated.cert.pem).validTo)).toISOString().slice(0, 10);
      await workbench.expectText(profiles.locator('.monaco-list-row', { hasText: 'Certificate' }), `valid until ${rotatedTo}`, 'the certificate row after Replace Private Key');

      await workbench.runCommand('Adobe I/O: Remove Profile');
      const remove = workbench.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Remove' });
      await workbench.expectVisible(remove, 'the confirmation dialog');
      await remove.first().click();
      await workbench.expectVisible(profiles.getByRole('button', { name: /Import config\.zip/ }), 'the welcome button again after removal');
      await workbench.expectText(workbench.page.locator('.part.statusbar'), 'Adobe: no profile', 'the status bar after removal');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await removeLeftoverProfile(workbench);
    }
  },
  { timeoutMs: 120_000 },
);
