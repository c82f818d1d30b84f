import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRunner } from '../../../src/core/http/runner';
import { ImsRequestAuthenticator } from '../../../src/core/ims/authenticator';
import { TokenService } from '../../../src/core/ims/token-service';
import { MemoryProfileRepository } from '../../../src/core/credentials/profile-service';
import { startImsWorld } from './ims-fixture';

// The contract between the token layer and the `.http` runner, end to end on loopback: real tokens from the
// emulated IMS, an API that refuses them, one forced refresh shared by concurrent requests.

test('an API answering 401: one forced refresh for 20 concurrent requests, one retry each, then the 401', async (t) => {
  const world = await startImsWorld();
  const seen: string[] = [];
  const api = createServer((req, res) => {
    seen.push(String(req.headers.authorization));
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error_code":"401013","message":"Oauth token is not valid"}');
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  const apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
  const profiles = new MemoryProfileRepository([world.s2sProfile]);
  await profiles.setActiveId(world.s2sProfile.id);
  const authenticator = new ImsRequestAuthenticator(profiles, new TokenService({ secrets: world.secrets }));
  const runner = new HttpRunner({ authenticator, authHosts: [apiHost] });
  t.after(async () => {
    await runner.close();
    api.close();
    await world.stop();
  });
  const results = await Promise.all(
    Array.from({ length: 20 }, () => runner.send({ method: 'GET', url: `http://${apiHost}/data`, headers: [], options: {} })),
  );
  assert.ok(results.every((r) => r.response?.status === 401 || r.error?.kind === 'auth'), JSON.stringify(results[0]?.error ?? results[0]?.response?.status));
  assert.equal(seen.length, 40, 'each request was sent once and retried once');
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2, 'one token, then one forced refresh shared by all');
  assert.equal(new Set(seen).size, 2);
  assert.ok(results.every((r) => !JSON.stringify(r.request).includes(seen[0]!.slice(7))), 'the shown request hides the token');
});

test('a send names the profile and expiry of the token it added (never the token); a host off the allow-list gets neither', async (t) => {
  const world = await startImsWorld();
  const api = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  const port = (api.address() as AddressInfo).port;
  const profiles = new MemoryProfileRepository([world.s2sProfile]);
  await profiles.setActiveId(world.s2sProfile.id);
  const authenticator = new ImsRequestAuthenticator(profiles, new TokenService({ secrets: world.secrets }));
  const runner = new HttpRunner({ authenticator, authHosts: [`127.0.0.1:${port}`] });
  t.after(async () => {
    await runner.close();
    api.close();
    await world.stop();
  });
  const before = Date.now();
  const listed = await runner.send({ method: 'GET', url: `http://127.0.0.1:${port}/data`, headers: [], options: {} });
  assert.equal(listed.response?.status, 200);
  assert.equal(listed.auth?.profileId, world.s2sProfile.id);
  assert.ok(listed.auth!.expiresAt > before, 'the expiry is in the future');
  assert.deepEqual(Object.keys(listed.auth!).sort(), ['expiresAt', 'profileId'], 'nothing else, so no token');
  const other = await runner.send({ method: 'GET', url: `http://localhost:${port}/data`, headers: [], options: {} });
  assert.equal(other.auth, undefined, 'no token went to a host off the list');
});
