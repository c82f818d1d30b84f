// Campaign Standard and CJA on the emulator, read through the product's runner, paging and pacing.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { startJourneyWorld, type JourneyWorld } from '../../support/journey-world';
import { PacingSession, pacedSend } from '../../../src/core/traffic/paced-send';
import { CJA_LIMITS, resolvePacing } from '../../../src/core/traffic/limits';
import type { ResolvedRequest } from '../../../src/core/http/types';
import type { CappingConfig } from '../../../src/core/journey/types';

const get = (url: string): ResolvedRequest => ({ method: 'GET', url, headers: [['Content-Type', 'application/json']], options: {} });
const body = (r: { response?: { body: Uint8Array } }): Record<string, unknown> => JSON.parse(Buffer.from(r.response!.body).toString('utf8')) as Record<string, unknown>;
const control = (world: JourneyWorld, path: string, payload: unknown): Promise<Response> =>
  fetch(`${world.emulator.url}/__control/${path}`, { method: 'POST', body: JSON.stringify(payload) });

it('Campaign: 60 profiles come in 3 pages of 25, 25 and 10, following next.href', async (t) => {
  const world = await startJourneyWorld(t);
  const out = await pacedSend(new PacingSession(), world.runner, { request: get(`${world.emulator.url}/acme/campaign/profileAndServices/profile`), paginate: {} });
  assert.equal(out.pages!.length, 3);
  assert.deepEqual(out.pages!.map((p) => (body(p).content as unknown[]).length), [25, 25, 10]);
  assert.equal(out.paging!.stop, 'last-page');
  const emails = out.pages!.flatMap((p) => (body(p).content as Array<{ email: string }>).map((c) => c.email));
  assert.equal(new Set(emails).size, 60);
  assert.match(out.pages![1]!.request.url, /_lineStart=/);
});

it('Campaign: _lineCount, the .json suffix, the stage tenant and the service resource', async (t) => {
  const world = await startJourneyWorld(t);
  const base = `${world.emulator.url}/acme`;
  const ten = await world.runner.send(get(`${base}/campaign/profileAndServices/profile.json?_lineCount=10`));
  assert.equal((body(ten).content as unknown[]).length, 10);
  const stage = await world.runner.send(get(`${world.emulator.url}/acme-mkt-stage/campaign/profileAndServices/profile?_lineCount=1`));
  assert.match(String((body(stage).content as Array<{ email: string }>)[0]!.email), /@stage\./);
  const services = await world.runner.send(get(`${base}/campaign/profileAndServices/service`));
  assert.equal((body(services).content as unknown[]).length, 5);
  assert.equal(body(services).next, undefined);
});

it('Campaign: tables over the big-table threshold give next only with _forcePagination=true', async (t) => {
  const world = await startJourneyWorld(t);
  await control(world, 'campaign/seed', { tenant: 'acme', profiles: 120, bigTableThreshold: 100 });
  const plain = await world.runner.send(get(`${world.emulator.url}/acme/campaign/profileAndServices/profile`));
  assert.equal(body(plain).next, undefined);
  const forced = await pacedSend(new PacingSession(), world.runner, { request: get(`${world.emulator.url}/acme/campaign/profileAndServices/profile?_forcePagination=true&_lineCount=50`), paginate: {} });
  assert.deepEqual(forced.pages!.map((p) => (body(p).content as unknown[]).length), [50, 50, 20]);
});

it("Campaign: Adobe's error bodies for a bad token, a denied profile and a wrong URI", async (t) => {
  const world = await startJourneyWorld(t);
  const url = `${world.emulator.url}/acme/campaign/profileAndServices/profile`;
  const bad = await fetch(url, { headers: { authorization: 'Bearer not-a-token' } });
  assert.equal(bad.status, 401);
  assert.deepEqual(await bad.json(), { error_code: '401013', message: 'Oauth token is not valid' });
  await control(world, 'campaign/seed', { tenant: 'acme', deniedClients: [world.clientId] });
  const denied = await world.runner.send(get(url));
  assert.equal(denied.response!.status, 403);
  assert.deepEqual(body(denied), { error_code: '403023', message: 'Profile is not valid' });
  const wrong = await world.runner.send(get(`${world.emulator.url}/acme/campaign/profileAndServices/nope`));
  assert.equal(wrong.response!.status, 500);
  assert.match(String(body(wrong).message), /^Oops\. Something went wrong/);
});

it('CJA: data views paged by page/lastPage, and users/me', async (t) => {
  const world = await startJourneyWorld(t);
  const out = await pacedSend(new PacingSession(), world.runner, { request: get(`${world.emulator.url}/data/dataviews?limit=10&page=0`), paginate: {} });
  assert.deepEqual(out.pages!.map((p) => [body(p).number, (body(p).content as unknown[]).length, body(p).lastPage]), [[0, 10, false], [1, 10, false], [2, 5, true]]);
  const me = await world.runner.send(get(`${world.emulator.url}/aresconfig/users/me`));
  assert.equal(me.response!.status, 200);
  assert.equal(body(me).imsOrgId, world.orgId);
});

it('CJA: the 13th call within 6 s gets 429050 with Retry-After; the org setting limits concurrency to 6', async (t) => {
  const world = await startJourneyWorld(t);
  const token = await world.token();
  const headers = { authorization: `Bearer ${token}`, 'x-api-key': world.clientId, 'x-gw-ims-org-id': world.orgId };
  const url = `${world.emulator.url}/aresconfig/users/me`;
  for (let i = 0; i < 12; i++) assert.equal((await fetch(url, { headers })).status, 200);
  const refused = await fetch(url, { headers });
  assert.equal(refused.status, 429);
  assert.deepEqual(await refused.json(), { error_code: '429050', message: 'Too many requests' });
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);

  await control(world, 'cja/limits', { mode: 'org', delayMs: 300 });
  const statuses = await Promise.all(Array.from({ length: 7 }, () => fetch(url, { headers }).then((r) => r.status)));
  assert.deepEqual(statuses.sort(), [200, 200, 200, 200, 200, 200, 429]);
});

it('CJA calls paced to its published limits get no 429', async (t) => {
  const world = await startJourneyWorld(t);
  const host = new URL(world.emulator.url).host;
  const session = new PacingSession();
  const limits = { known: [{ ...CJA_LIMITS, hosts: [host] }] };
  const results = await Promise.all(Array.from({ length: 13 }, () => pacedSend(session, world.runner, { request: get(`${world.emulator.url}/aresconfig/users/me`), limits })));
  assert.deepEqual(new Set(results.map((r) => r.result.response!.status)), new Set([200]));
  assert.match(results[0]!.pacedBy, /CJA limits/);
  const state = (await (await fetch(`${world.emulator.url}/__control/cja/limits`)).json()) as { refused: number };
  assert.equal(state.refused, 0);
});

it('a batch under a deployed capping config never exceeds it', async (t) => {
  const world = await startJourneyWorld(t);
  const target = `${world.emulator.url}/acme/campaign/profileAndServices/service`;
  const capping: CappingConfig[] = [{
    uid: 'cap-svc', url: `${world.emulator.url}/acme/campaign/*`, methods: ['GET'], state: 'deployed',
    services: { action: { maxHttpConnections: 2, rating: { maxCallsCount: 5, periodInMs: 1000 } } },
  }];
  // The first send fetches the token and opens the connection; pacing counts from when a send starts.
  await pacedSend(new PacingSession(), world.runner, { request: get(`${world.emulator.url}/acme/campaign/profileAndServices/profile?_lineCount=1`), limits: { capping } });
  const session = new PacingSession();
  const pacing = resolvePacing({ method: 'GET', url: target, capping });
  // When each request is handed to the runner (the moment the pacer releases it) and when it reaches the server.
  const sent: number[] = [];
  const sender = { send: (r: ResolvedRequest) => (sent.push(Date.now()), world.runner.send(r)) };
  const results = await Promise.all(Array.from({ length: 12 }, () => pacedSend(session, sender, { request: get(target), pacing })));
  assert.ok(results.every((r) => r.result.response?.status === 200));
  assert.equal(results[0]!.pacedBy, `capping config ${world.emulator.url}/acme/campaign/* (5 calls / 1 s, ≤ 2 connections)`);
  for (let i = 5; i < sent.length; i++) assert.ok(sent[i]! - sent[i - 5]! >= 1000, `sends ${i - 5} and ${i} are ${sent[i]! - sent[i - 5]!} ms apart`);
  // On the server: all 12 arrived, spread over more than two windows. Client and server share one event loop
  // here, so arrival stamps can be late by a busy loop's delay; the exact bound is the sends' above.
  const at = world.emulator.state.calls.filter((c) => c.path.endsWith('/service')).map((c) => c.arrivedAt).sort((a, b) => a - b);
  assert.equal(at.length, 12);
  assert.ok(at[11]! - at[0]! >= 2000 - 100, `12 calls arrived within ${at[11]! - at[0]!} ms`);
});

it('cancel: nothing still queued is sent', async (t) => {
  const world = await startJourneyWorld(t);
  const session = new PacingSession();
  const pacing = { windows: [{ count: 1, windowMs: 60_000 }], key: 'slow', sources: [], description: 'rate 1 call / 1 min' };
  const target = `${world.emulator.url}/acme/campaign/profileAndServices/service`;
  const sends = Array.from({ length: 3 }, () => pacedSend(session, world.runner, { request: get(target), pacing }));
  const first = await sends[0]!;
  session.cancel();
  const rest = await Promise.all(sends.slice(1));
  assert.equal(first.result.response?.status, 200);
  assert.deepEqual(rest.map((r) => r.result.error?.kind), ['aborted', 'aborted']);
  assert.equal(world.emulator.count('GET /:tenant/campaign/profileAndServices/service'), 1);
});
