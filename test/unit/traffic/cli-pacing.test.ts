// `aio-requests run` paging and pacing end to end against the emulator: one line / JSON object per page, the
// run's own --rate and --concurrency, and the summary of what paced it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { startJourneyWorld, type JourneyWorld } from '../../support/journey-world';

function fakeIo(cwd: string): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t), env: {}, cwd, terminal: false };
  return io;
}

const credentials = (world: JourneyWorld): string[] => ['--workspace', 'ws.json', '--credential', 'OAuth S2S', '--ims', world.emulator.url, '--auth-host', new URL(world.emulator.url).host];

it('run: # @paginate prints one line per page, and --json one object per page', async (t) => {
  const world = await startJourneyWorld(t);
  await writeFile(join(world.dir, 'campaign.http'), `### Profiles\n# @name profiles\n# @paginate\nGET ${world.emulator.url}/acme/campaign/profileAndServices/profile\n`);
  const text = fakeIo(world.dir);
  assert.equal(await main(['run', 'campaign.http', ...credentials(world)], text), 0, text.stderr);
  const lines = text.stdout.trim().split('\n');
  assert.equal(lines.length, 3, text.stdout);
  assert.match(lines[0]!, /^profiles \[page 1\/3\] {2}GET .*profile {2}200/);
  assert.match(lines[2]!, /^profiles \[page 3\/3\] {2}GET .*_lineStart=.* {2}200/);

  const json = fakeIo(world.dir);
  assert.equal(await main(['run', 'campaign.http', '--json', ...credentials(world)], json), 0, json.stderr);
  const objects = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { page: number; status: number; body: string });
  assert.deepEqual(objects.map((o) => o.page), [1, 2, 3]);
  assert.deepEqual(objects.map((o) => (JSON.parse(o.body) as { content: unknown[] }).content.length), [25, 25, 10]);
});

it('run: --rate and --concurrency pace the run and the summary says so; a bad value is refused', async (t) => {
  const world = await startJourneyWorld(t);
  await writeFile(join(world.dir, 'two.http'), `GET ${world.emulator.url}/acme/campaign/profileAndServices/service\n\n###\nGET ${world.emulator.url}/acme/campaign/profileAndServices/service\n`);
  const io = fakeIo(world.dir);
  assert.equal(await main(['run', 'two.http', '--rate', '100/s', '--concurrency', '2', ...credentials(world)], io), 0, io.stderr);
  assert.equal(io.stdout.trim().split('\n').length, 2);
  assert.match(io.stderr, /paced by: rate 100 calls \/ 1 s \(command line\); concurrency ≤ 2 \(command line\)/);
  const bad = fakeIo(world.dir);
  assert.equal(await main(['run', 'two.http', '--rate', 'fast'], bad), 2);
  assert.match(bad.stderr, /--rate 'fast'/);
});

it('run --journey-limits: a batch under the sandbox\'s deployed capping config never exceeds it, and says so', async (t) => {
  const world = await startJourneyWorld(t);
  const client = world.client();
  const { config } = await client.capping.create({ url: `${world.emulator.url}/acme/campaign/*`, methods: ['GET'], services: { action: { maxHttpConnections: 2, rating: { maxCallsCount: 4, periodInMs: 1000 } } } });
  await client.capping.deploy(config.uid);
  const target = `${world.emulator.url}/acme/campaign/profileAndServices/service`;
  await writeFile(join(world.dir, 'batch.http'), Array.from({ length: 9 }, () => `GET ${target}\n`).join('\n###\n'));
  const io = fakeIo(world.dir);
  assert.equal(await main(['run', 'batch.http', '--journey-limits', '--journey-url', `${world.emulator.url}/journey/orchestration`, '--sandbox', 'prod', ...credentials(world)], io), 0, io.stderr);
  assert.equal(io.stdout.trim().split('\n').length, 9);
  assert.match(io.stderr, new RegExp(`paced by: capping config ${config.uid}: 4 calls / 1 s, ≤ 2 connections`));
  // Server side: no sliding 1 s window holds more than 4 arrivals (50 ms for stamps taken on a shared, busy loop).
  const at = world.emulator.state.calls.filter((c) => c.path.endsWith('/service')).map((c) => c.arrivedAt).sort((a, b) => a - b);
  assert.equal(at.length, 9);
  for (let i = 4; i < at.length; i++) assert.ok(at[i]! - at[i - 4]! >= 1000 - 50, `arrivals ${i - 4} and ${i} are ${at[i]! - at[i - 4]!} ms apart`);
});
