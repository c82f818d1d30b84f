import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../framework/test';
import { ourExtension, userDataDir } from '../framework/host';
import { leaksIn, registerSecretForScan } from '../framework/secrets';
import type { CredentialTestHooks } from '../../../src/vscode/credentials/test-hooks';
import { generateCredentialPair, makeConfigZip, makeWorkspaceJson, makeZip } from '../../support/credentials-fixtures';

// Imports through the real command (files given as arguments, as the explorer passes them), then proves the
// secrets sit in SecretStorage; the harness scans the disk for them after the session (registerSecretForScan).
// Cleans up after itself: later scenarios expect no profile.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const CLIENT_SECRET = `p8e-suite-${sha256(String(Math.random())).slice(0, 20)}`;
registerSecretForScan(CLIENT_SECRET);
const fixtureDir = mkdtempSync(join(tmpdir(), 'aio-cred-suite-'));
let hooks: CredentialTestHooks;
let keyPem = '';
let profileId = '';

test('Import Credentials with config.zip + workspace JSON creates a JWT profile with its certificate', async () => {
  const exports = (await ourExtension().activate()) as { credentials?: CredentialTestHooks } | undefined;
  assert.ok(exports?.credentials, 'the extension exposes its test hooks under the harness');
  hooks = exports.credentials;
  const pair = await generateCredentialPair({}, { subject: 'CN=suite, O=Example Corp' });
  keyPem = pair.key.privateKeyPem;
  registerSecretForScan(keyPem);
  writeFileSync(join(fixtureDir, 'config.zip'), makeConfigZip(pair, { folder: 'config', macNoise: true }));
  writeFileSync(join(fixtureDir, 'workspace.json'), JSON.stringify(makeWorkspaceJson({ jwtClientSecret: CLIENT_SECRET })));
  const before = (await hooks.profiles.list()).length;
  const profile = (await vscode.commands.executeCommand('aioRequests.importCredentials', [
    vscode.Uri.file(join(fixtureDir, 'config.zip')),
    vscode.Uri.file(join(fixtureDir, 'workspace.json')),
  ])) as { id: string; name: string; kind: string; certificate?: { fingerprint256: string } } | undefined;
  assert.ok(profile, 'the import returned a profile');
  profileId = profile.id;
  assert.equal((await hooks.profiles.list()).length, before + 1);
  assert.equal(profile.kind, 'jwt');
  assert.equal(profile.name, 'Journey Ops / Production – JWT Service Account');
  assert.equal(profile.certificate?.fingerprint256, new (await import('node:crypto')).X509Certificate(pair.cert.pem).fingerprint256);
  assert.equal((await hooks.profiles.getActive())?.id, profile.id);
}, { timeoutMs: 60_000 });

test('the private key and client secret are in SecretStorage', async () => {
  assert.equal(await hooks.secretDigest(profileId, 'privateKey'), sha256(keyPem));
  assert.equal(await hooks.secretDigest(profileId, 'clientSecret'), sha256(CLIENT_SECRET));
});

test('globalState and workspaceState hold the profile but none of its secrets (browser storage in code-server)', () => {
  const state = hooks.stateDump();
  assert.match(state, new RegExp(profileId), 'the dump is the extension\'s real state');
  assert.deepEqual(leaksIn(state), []);
  // The detector itself works: it finds the secret, a key line and a token shape when they are there.
  assert.equal(leaksIn(`{"x":"${CLIENT_SECRET}"}`).length, 1);
  assert.equal(leaksIn(keyPem.split('\n')[3]!).length, 1);
  assert.deepEqual(leaksIn('eyJhbGciOiJSUzI1NiJ9.eyJjbGllbnRfaWQiOiJ4In0.c2ln'), ['a JWT-shaped token']);
});

test('a hostile zip is refused and the existing profile keeps its data and secrets', async () => {
  writeFileSync(join(fixtureDir, 'evil.zip'), makeZip([{ name: '../../evil.key', data: 'x' }]));
  const before = await hooks.profiles.list();
  const result = await vscode.commands.executeCommand('aioRequests.importCredentials', [vscode.Uri.file(join(fixtureDir, 'evil.zip'))]);
  assert.equal(result, undefined);
  assert.deepEqual(await hooks.profiles.list(), before);
  assert.equal(await hooks.secretDigest(profileId, 'privateKey'), sha256(keyPem));
});

test('the extension keeps its storage and logs under the user-data dir, which the harness scans after the run', () => {
  const outside = hooks.storagePaths.filter((p) => relative(userDataDir(), p).startsWith('..'));
  assert.deepEqual(outside, []);
});

test('a secret lost to a keyring reset is reported as "re-import" by the profile service', async () => {
  await hooks.dropSecret(profileId, 'privateKey');
  const profile = (await hooks.profiles.list()).find((p) => p.id === profileId)!;
  assert.deepEqual(await hooks.profiles.missingSecrets(profile), ['privateKey']);
  await assert.rejects(hooks.profiles.requireSecrets(profile), /private key of profile .* is missing .*re-import/);
});

test('removing the profile deletes its secrets (cleanup for later scenarios)', async () => {
  for (const p of await hooks.profiles.list()) await hooks.profiles.remove(p.id);
  assert.deepEqual(await hooks.profiles.list(), []);
  assert.equal(await hooks.secretDigest(profileId, 'clientSecret'), undefined);
  rmSync(fixtureDir, { recursive: true, force: true });
});
