import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../framework/test';
import { emulatorUrl, ourExtension, waitFor, workspaceDir } from '../framework/host';
import { leaksIn, registerSecretForScan } from '../framework/secrets';
import { HttpRunner } from '../../../src/core/http/runner';
import type { ResolvedRequest } from '../../../src/core/http/types';
import type { RequestAuthenticator } from '../../../src/core/ims/types';
import type { ResponseTestHooks } from '../../../src/vscode/responses/test-hooks';
import { startEchoServer, type EchoServer } from '../../support/echo-server';
import { BIG_PATH, HOSTILE_BODY, HOSTILE_PATH, REDIRECT_CHAIN } from '../scenarios/hostile-payload';

// The response view and the history in the real extension host, fed by the real core runner: an allow-listed
// loopback API gets a real emulator token and echoes it back in its body; the view's model and the history file
// hold no trace of it. The hostile page is presented here and checked in the browser by responses.scenario.ts,
// which reopens both entries from the History view.

const CLIENT_ID = `responses-${randomUUID().slice(0, 8)}`;
const CLIENT_SECRET = `p8e-responses-${randomUUID()}`;
registerSecretForScan(CLIENT_SECRET);
let hooks: ResponseTestHooks;
let server: EchoServer;
let token = '';
const sampleUri = () => vscode.Uri.file(join(workspaceDir(), 'sample.http')).toString();
const hostileUri = () => vscode.Uri.file(join(workspaceDir(), 'hostile.http')).toString();
const bigUri = () => vscode.Uri.file(join(workspaceDir(), 'big.http')).toString();
const redirectsUri = () => vscode.Uri.file(join(workspaceDir(), 'redirects.http')).toString();
/** About 45 MB of JSON: over the 5 MB render limit, under the runner's 50 MB cap. */
const bigJson = () => JSON.stringify(Array.from({ length: 380_000 }, (_, i) => ({ id: i, name: `item number ${i}`, tags: ['alpha', 'beta'], nested: { ok: i % 2 === 0, ratio: i / 7 } })));

function request(path: string): ResolvedRequest {
  return { method: 'GET', url: `${server.url}${path}`, headers: [['Accept', 'application/json']], options: {} };
}

test('a JSON response from an allow-listed API renders in the view; the token it echoes reaches neither the view nor the history', async () => {
  const exports = (await ourExtension().activate()) as { responses?: ResponseTestHooks } | undefined;
  assert.ok(exports?.responses, 'the extension exposes its response hooks under the harness');
  hooks = exports.responses;
  const registered = await fetch(`${emulatorUrl()}/__control/clients`, {
    method: 'POST',
    body: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, orgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg', technicalAccountId: 'A1@techacct.adobe.com', scopes: ['openid'] }),
  });
  assert.equal(registered.status, 200);
  const minted = (await (await fetch(`${emulatorUrl()}/ims/token/v3`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'openid' }),
  })).json()) as { access_token: string; expires_in: number };
  token = minted.access_token;
  registerSecretForScan(token);
  server = await startEchoServer((req, res) => {
    if (req.url === BIG_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(bigJson());
      return true;
    }
    const hop = REDIRECT_CHAIN.indexOf(req.url ?? '');
    if (hop >= 0 && hop < REDIRECT_CHAIN.length - 1) {
      res.writeHead(302, { location: REDIRECT_CHAIN[hop + 1] }).end();
      return true;
    }
    if (req.url !== HOSTILE_PATH) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(HOSTILE_BODY);
    return true;
  });
  const authenticator: RequestAuthenticator = {
    authenticate: async () => ({
      headers: { Authorization: `Bearer ${token}`, 'x-api-key': CLIENT_ID, 'x-gw-ims-org-id': '0A1B2C3D4E5F60718293A4B5@AdobeOrg' },
      variables: { accessToken: token, apiKey: CLIENT_ID, orgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg', sandbox: '', imsHost: emulatorUrl() },
    }),
  };
  const runner = new HttpRunner({ authenticator, authHosts: [`127.0.0.1:${server.port}`] });
  try {
    const echoed = await runner.send(request('/echo?case=json'));
    assert.equal(echoed.response?.status, 200);
    assert.equal(server.received[0]!.headers.authorization, `Bearer ${token}`, 'the API got the token');
    assert.ok(new TextDecoder().decode(echoed.response!.body).includes(token), 'and echoed it in its body');
    const { id } = await hooks.present(sampleUri(), echoed, { auth: { profileId: 'none', expiresAt: Date.now() + minted.expires_in * 1000 } });
    await waitFor(() => hooks.rendered(sampleUri())?.exchangeId === id, 'the webview to render the JSON response', 20_000);
    assert.deepEqual(hooks.rendered(sampleUri()), { type: 'rendered', exchangeId: id, bodyKind: 'json', status: 200 });
    const model = JSON.stringify(hooks.lastModel(sampleUri()));
    assert.deepEqual(leaksIn(model), [], 'nothing secret was posted into the webview');
    assert.match(model, /"Authorization","Bearer •••• \(expires (?:\d{4}-\d\d-\d\d )?\d\d:\d\d\)"/);

    const hostile = await runner.send(request(HOSTILE_PATH));
    const shown = await hooks.present(hostileUri(), hostile);
    await waitFor(() => hooks.rendered(hostileUri())?.exchangeId === shown.id, 'the webview to render the hostile page', 20_000);
    assert.equal(hooks.rendered(hostileUri())?.bodyKind, 'html');

    // A 302 → 302 → 200 chain, reopened from History by responses.scenario.ts to check its Timings and Redirects sections.
    const redirected = await runner.send(request(REDIRECT_CHAIN[0]!));
    assert.deepEqual(redirected.response?.redirects?.map((h) => h.status), [302, 302, 200]);
    const shownRedirects = await hooks.present(redirectsUri(), redirected);
    await waitFor(() => hooks.rendered(redirectsUri())?.exchangeId === shownRedirects.id, 'the webview to render the redirected response', 20_000);
    assert.equal(hooks.lastModel(redirectsUri())?.response?.redirects?.length, 3);

    const big = await runner.send(request(BIG_PATH));
    assert.ok(big.response && big.response.body.byteLength > 40 * 1024 * 1024, `a big body arrived (${big.error?.message ?? big.response?.body.byteLength})`);
    const shownBig = await hooks.present(bigUri(), big);
    await waitFor(() => hooks.rendered(bigUri())?.exchangeId === shownBig.id, 'the webview to summarise the big body', 20_000);
    assert.equal(hooks.rendered(bigUri())?.bodyKind, 'too-large');
  } finally {
    await runner.close();
    await server.close();
  }
  assert.deepEqual((await hooks.historyIds()).length >= 2, true);
  const stored = readFileSync(hooks.historyPath, 'utf8');
  assert.match(stored, /\/echo\?case=json/, 'the history file is the real one');
  assert.ok(stored.length < 1024 * 1024, 'the big body is not kept in the history');
  assert.deepEqual(leaksIn(stored), [], 'the history file holds no token');
}, { timeoutMs: 60_000 });
