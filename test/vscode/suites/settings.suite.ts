import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { test } from '../framework/test';
import { emulatorUrl, ourExtension } from '../framework/host';
import { registerSecretForScan } from '../framework/secrets';
import { startProxy, type TestProxy } from '../../support/proxy-server';
import { hostSettings } from '../../../src/vscode/shared/settings';
import type { CredentialTestHooks } from '../../../src/vscode/credentials/test-hooks';

// Settings in the real extension host: the host lists come from user settings only, and a change of http.proxy
// reaches the IMS client at once (no reload). Cleans up after itself: later scenarios expect no profile and
// default settings.

const CLIENT_ID = `settings-suite-${randomUUID().slice(0, 8)}`;
const CLIENT_SECRET = `p8e-settings-${randomUUID()}`;
registerSecretForScan(CLIENT_SECRET);
const ORG = '0A1B2C3D4E5F60718293A4B5@AdobeOrg';
const TECH = '309F2A46640B0B300A495C83@techacct.adobe.com';
const Global = vscode.ConfigurationTarget.Global;

/** Resolves once every listener, the extension's included (it registered first), has seen a change of `key`. */
function changed(key: string): Promise<void> {
  return new Promise((resolve) => {
    const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(key)) return;
      subscription.dispose();
      resolve();
    });
  });
}

async function setGlobal(section: string, key: string, value: unknown): Promise<void> {
  const current = vscode.workspace.getConfiguration(section).inspect(key)?.globalValue;
  if (JSON.stringify(current) === JSON.stringify(value)) return;
  const seen = changed(`${section}.${key}`);
  await vscode.workspace.getConfiguration(section).update(key, value, Global);
  await seen;
}

test('aioRequests.authHosts and insecureTlsHosts are read from user settings', async () => {
  await setGlobal('aioRequests', 'authHosts', ['api.example.test']);
  await setGlobal('aioRequests', 'insecureTlsHosts', ['dev.example.test:8443']);
  try {
    assert.deepEqual(hostSettings(), { authHosts: ['api.example.test'], insecureTlsHosts: ['dev.example.test:8443'] });
  } finally {
    await setGlobal('aioRequests', 'authHosts', undefined);
    await setGlobal('aioRequests', 'insecureTlsHosts', undefined);
  }
  assert.deepEqual(hostSettings(), { authHosts: [], insecureTlsHosts: [] });
});

test('a value that is not the user\'s own (workspace, folder, default) is never used for the host lists', () => {
  const fake = {
    inspect: <T>() => ({ key: 'x', defaultValue: ['default.example'], workspaceValue: ['repo.example'], workspaceFolderValue: ['folder.example'] }) as unknown as { key: string; globalValue?: T },
  };
  assert.deepEqual(hostSettings(fake), { authHosts: [], insecureTlsHosts: [] });
});

let proxy: TestProxy | undefined;
let credentials: CredentialTestHooks;
let profileId = '';

test('changing http.proxy in settings takes effect on the next token request, without a reload', async () => {
  const exports = (await ourExtension().activate()) as { credentials?: CredentialTestHooks } | undefined;
  assert.ok(exports?.credentials, 'the extension exposes its test hooks under the harness');
  credentials = exports.credentials;
  const registered = await fetch(`${emulatorUrl()}/__control/clients`, {
    method: 'POST',
    body: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, orgId: ORG, technicalAccountId: TECH, scopes: ['openid'] }),
  });
  assert.equal(registered.status, 200);
  const profile = await credentials.profiles.create(
    { name: 'Settings suite', kind: 'oauth-s2s', clientId: CLIENT_ID, orgId: ORG, technicalAccountId: TECH, scopes: ['openid'], environment: 'prod', imsHost: emulatorUrl(), sandbox: 'prod' },
    { clientSecret: CLIENT_SECRET },
  );
  profileId = profile.id;
  const tokenCall = `POST ${new URL('/ims/token/v3', emulatorUrl()).href}`;

  proxy = await startProxy();
  // A noProxy entry of our own, so a NO_PROXY in the host's environment cannot send loopback around the proxy.
  await setGlobal('http', 'noProxy', ['nothing.invalid']);
  await setGlobal('http', 'proxy', proxy.url);
  await vscode.commands.executeCommand('aioRequests.copyAccessToken', { profileId });
  assert.deepEqual(proxy.seen, [tokenCall], 'the token request went through the proxy set after activation');

  await setGlobal('http', 'proxy', undefined);
  await vscode.commands.executeCommand('aioRequests.clearCachedToken', { profileId });
  await vscode.commands.executeCommand('aioRequests.copyAccessToken', { profileId });
  assert.deepEqual(proxy.seen, [tokenCall], 'with http.proxy cleared the next token request goes direct');
}, { timeoutMs: 30_000 });

test('cleanup: default proxy settings, no profile left', async () => {
  await setGlobal('http', 'proxy', undefined);
  await setGlobal('http', 'noProxy', undefined);
  await proxy?.close();
  if (profileId) await credentials.profiles.remove(profileId);
  assert.deepEqual((await credentials.profiles.list()).filter((p) => p.id === profileId), []);
});
