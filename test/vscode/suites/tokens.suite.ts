import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { test } from '../framework/test';
import { emulatorUrl, ourExtension, waitFor } from '../framework/host';
import { leaksIn, registerSecretForScan } from '../framework/secrets';
import type { CredentialTestHooks } from '../../../src/vscode/credentials/test-hooks';
import type { TokenTestHooks } from '../../../src/vscode/tokens/test-hooks';

// Tokens in the real extension host: an OAuth S2S profile registered with the emulator, then "Copy Access
// Token", the token row, "Show Token Details" and "Clear Cached Token". The clipboard itself is read by the
// UI scenario (tokens.scenario.ts): reading it from the host waits on a browser permission prompt.
// Cleans up after itself: later scenarios expect no profile.

const CLIENT_ID = `tokens-suite-${randomUUID().slice(0, 8)}`;
const CLIENT_SECRET = `p8e-tokens-${randomUUID()}`;
registerSecretForScan(CLIENT_SECRET);
registerSecretForScan(`${CLIENT_SECRET}-rotated`);
const ORG = '0A1B2C3D4E5F60718293A4B5@AdobeOrg';
const TECH = '309F2A46640B0B300A495C83@techacct.adobe.com';
let credentials: CredentialTestHooks;
let tokens: TokenTestHooks;
let profileId = '';
let firstDigest: string | undefined;

const imsCalls = async () => ((await (await fetch(`${emulatorUrl()}/__control/calls?prefix=POST%20/ims/token/v3`)).json()) as { count: number }).count;

test('Copy Access Token mints one token for the profile and the token row shows its expiry', async () => {
  const exports = (await ourExtension().activate()) as { credentials?: CredentialTestHooks; tokens?: TokenTestHooks } | undefined;
  assert.ok(exports?.credentials && exports.tokens, 'the extension exposes its test hooks under the harness');
  credentials = exports.credentials;
  tokens = exports.tokens;
  const registered = await fetch(`${emulatorUrl()}/__control/clients`, {
    method: 'POST',
    body: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, orgId: ORG, technicalAccountId: TECH, scopes: ['openid', 'AdobeID'] }),
  });
  assert.equal(registered.status, 200);
  const profile = await credentials.profiles.create(
    { name: 'Tokens suite', kind: 'oauth-s2s', clientId: CLIENT_ID, orgId: ORG, technicalAccountId: TECH, scopes: ['openid', 'AdobeID'], environment: 'prod', imsHost: emulatorUrl(), sandbox: 'prod' },
    { clientSecret: CLIENT_SECRET },
  );
  profileId = profile.id;
  assert.equal(await tokens.rowDescription(profileId), 'no token');
  const before = await imsCalls();
  await vscode.commands.executeCommand('aioRequests.copyAccessToken', { profileId });
  assert.equal(await imsCalls(), before + 1);
  firstDigest = await tokens.tokenDigest(profileId);
  assert.ok(firstDigest, 'a token is cached');
  assert.ok(await credentials.secretDigest(profileId, 'token'), 'and kept in SecretStorage for the next window');
  assert.match((await tokens.rowDescription(profileId)) ?? '', /^valid until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d \(in 2[34] h\)$/);
}, { timeoutMs: 30_000 });

test('the minted token and the client secret are in no globalState or workspaceState value', () => {
  const state = credentials.stateDump();
  assert.match(state, new RegExp(profileId), 'the dump is the extension\'s real state');
  assert.deepEqual(leaksIn(state), []);
});

test('a second copy reuses the cached token (no new IMS call)', async () => {
  const before = await imsCalls();
  await vscode.commands.executeCommand('aioRequests.copyAccessToken', { profileId });
  assert.equal(await imsCalls(), before);
  assert.equal(await tokens.tokenDigest(profileId), firstDigest);
});

test('Show Token Details opens a provider-backed JSON document with the claims but not the token', async () => {
  await vscode.commands.executeCommand('aioRequests.showTokenDetails', { profileId });
  await waitFor(() => vscode.window.activeTextEditor?.document.uri.scheme === 'aio-token-details', 'the token details document');
  const doc = vscode.window.activeTextEditor!.document;
  const details = JSON.parse(doc.getText()) as { client: string; scopes: string[]; expires: string; created: string; status: string };
  assert.equal(details.client, CLIENT_ID);
  assert.deepEqual(details.scopes, ['openid', 'AdobeID']);
  assert.ok(Date.parse(details.expires) > Date.parse(details.created));
  assert.match(details.status, /^valid until/);
  assert.doesNotMatch(doc.getText(), /eyJ[\w-]{5,}\.[\w-]{5,}/, 'no encoded token in the document');
  assert.equal(doc.isUntitled, false, 'a provider document, not an untitled one that hot exit would back up');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

test('Clear Cached Token empties the token row; the next copy mints a new token', async () => {
  await vscode.commands.executeCommand('aioRequests.clearCachedToken', { profileId });
  assert.equal(await tokens.rowDescription(profileId), 'no token');
  assert.equal(await credentials.secretDigest(profileId, 'token'), undefined);
  const before = await imsCalls();
  await vscode.commands.executeCommand('aioRequests.copyAccessToken', { profileId });
  assert.equal(await imsCalls(), before + 1);
  assert.notEqual(await tokens.tokenDigest(profileId), firstDigest);
});

test('a re-import with another client secret drops the cached token', async () => {
  const profile = (await credentials.profiles.list()).find((p) => p.id === profileId)!;
  const { id: _id, ...draft } = profile;
  await credentials.profiles.replace(profileId, draft, { clientSecret: `${CLIENT_SECRET}-rotated` });
  await waitFor(async () => (await tokens.rowDescription(profileId)) === 'no token', 'the token row to say "no token"');
});

test('removing the profile deletes its token (cleanup for later scenarios)', async () => {
  await credentials.profiles.remove(profileId);
  assert.equal(await credentials.secretDigest(profileId, 'token'), undefined);
  assert.deepEqual((await credentials.profiles.list()).filter((p) => p.id === profileId), []);
});
