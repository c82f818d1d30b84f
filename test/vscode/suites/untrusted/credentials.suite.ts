import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../../framework/test';
import { ourExtension } from '../../framework/host';
import type { CredentialTestHooks } from '../../../../src/vscode/credentials/test-hooks';
import { generateCredentialPair, makeConfigZip, makeWorkspaceJson } from '../../../support/credentials-fixtures';

// Credentials are user data, not workspace data: importing works in Restricted Mode.
test('Import Credentials works in Restricted Mode', async () => {
  assert.equal(vscode.workspace.isTrusted, false);
  const hooks = ((await ourExtension().activate()) as { credentials?: CredentialTestHooks }).credentials!;
  const dir = mkdtempSync(join(tmpdir(), 'aio-cred-untrusted-'));
  try {
    writeFileSync(join(dir, 'config.zip'), makeConfigZip(await generateCredentialPair()));
    writeFileSync(join(dir, 'ws.json'), JSON.stringify(makeWorkspaceJson({ credentials: ['service'] })));
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
