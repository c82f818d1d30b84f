import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../emulator/index';

test('emulator answers /health, counts calls and serves its control API', async (t) => {
  const emulator = await startEmulator();
  t.after(() => emulator.stop());

  const health = await fetch(`${emulator.url}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });

  const missing = await fetch(`${emulator.url}/nowhere`);
  assert.equal(missing.status, 404);
  assert.equal(emulator.count('GET /nowhere'), 1);

  const registered = await fetch(`${emulator.url}/__control/clients`, {
    method: 'POST',
    body: JSON.stringify({ clientId: 'c1', clientSecret: 's', orgId: 'O@AdobeOrg', technicalAccountId: 't@techacct.adobe.com' }),
  });
  assert.equal(registered.status, 200);
  assert.equal(emulator.state.clients.get('c1')?.orgId, 'O@AdobeOrg');

  const calls = (await (await fetch(`${emulator.url}/__control/calls?prefix=GET%20/nowhere`)).json()) as { count: number };
  assert.equal(calls.count, 1);
});

test('an injected fault answers the next matching call only', async (t) => {
  const emulator = await startEmulator();
  t.after(() => emulator.stop());
  emulator.inject({ match: 'GET /nowhere', kind: 'html', status: 502 });
  const first = await fetch(`${emulator.url}/nowhere`);
  assert.equal(first.status, 502);
  assert.match(await first.text(), /<html>/);
  const second = await fetch(`${emulator.url}/nowhere`);
  assert.equal(second.status, 404);
});

test('the request log shows the headers each request arrived with, filtered by path, and is cleared by reset', async (t) => {
  const emulator = await startEmulator();
  t.after(() => emulator.stop());
  await fetch(`${emulator.url}/health?x=1`, { headers: { 'x-api-key': 'key-1' } });
  await fetch(`${emulator.url}/nowhere`);
  const read = async (path: string) =>
    ((await (await fetch(`${emulator.url}/__control/requests?path=${encodeURIComponent(path)}`)).json()) as { requests: Array<{ method: string; url: string; host: string; headers: Record<string, string> }> }).requests;
  const health = await read('/health');
  assert.equal(health.length, 1);
  assert.equal(health[0]!.url, '/health?x=1');
  assert.equal(health[0]!.headers['x-api-key'], 'key-1');
  assert.equal(health[0]!.host, new URL(emulator.url).host);
  assert.equal((await read('')).length, 2, 'control calls are not logged');
  await fetch(`${emulator.url}/__control/reset`, { method: 'POST' });
  assert.equal((await read('')).length, 0);
});
