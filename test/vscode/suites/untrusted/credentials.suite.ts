import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../../framework/test';
import { ourExtension } from '../../framework/host';
import { registerSecretForScan } from '../../framework/secrets';
import type { CredentialTestHooks } from '../../../../src/vscode/credentials/test-hooks';
import { generateCredentialPair, makeConfigZip, makeWorkspaceJson } from '../../../support/credentials-fixtures';

// Credentials are user data, not workspace data: importing works in Restricted Mode.
test('Import Credentials works in Restricted Mode', async () => {
  assert.equal(vscode.workspace.isTrusted, false);
  const hooks = ((await ourExtension().activate()) as { credentials?: CredentialTestHooks }).credentials!;
  const dir = mkdtempSync(join(tmpdir(), 'aio-cred-untrusted-'));
  try {
    const pair = await generateCredentialPair();
    registerSecretForScan(pair.key.privateKeyPem);
    const workspace = makeWorkspaceJson({ credentials: ['service'], jwtClientSecret: `p8e-untrusted-${Math.random().toString(36).slice(2, 14)}` });
    registerSecretForScan(JSON.stringify(workspace).match(/"client_secret":"([^"]+)"/)![1]!);
    writeFileSync(join(dir, 'config.zip'), makeConfigZip(pair));
    writeFileSync(join(dir, 'ws.json'), JSON.stringify(workspace));
    const profile = (await vscode.commands.executeCommand('aioRequests.importCredentials', [
      vscode.Uri.file(join(dir, 'config.zip')),
      vscode.Uri.file(join(dir, 'ws.json')),
    ])) as { id: string } | undefined;
    assert.ok(profile, 'imported');
    assert.ok(await hooks.secretDigest(profile.id, 'privateKey'));
    await hooks.profiles.remove(profile.id);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 60_000 });
