// `aio-requests run` paging and pacing end to end against the emulator: one line / JSON object per page, the
// run's own --rate and --concurrency, and the summary of what paced it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { startJourneyWorld, type JourneyWorld } from '../../support/journey-world';
import { maxInWindow } from '../../support/sliding-window';

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

const listCalls = (world: JourneyWorld): number => world.emulator.state.calls.filter((c) => c.path.endsWith('/list/endpointConfigs') || c.path.endsWith('/list/throttlingConfigs')).length;

it('run (default): 40 calls to a partner API under a deployed capping config of 10 calls / 1 s never exceed it, and the summary names the config; --ignore-limits does not pace', async (t) => {
  const world = await startJourneyWorld(t);
  const client = world.client();
  const pattern = `${world.emulator.url}/partner/*`;
  // Deployed at 10 / 1 s, then edited to 1,000 without redeploying: the live 10 is what counts.
  const { config } = await client.capping.create({ url: pattern, methods: ['POST'], services: { action: { maxHttpConnections: 3, rating: { maxCallsCount: 10, periodInMs: 1000 } } } });
  await client.capping.deploy(config.uid);
  await client.capping.update(config.uid, { url: pattern, methods: ['POST'], services: { action: { maxHttpConnections: 3, rating: { maxCallsCount: 1000, periodInMs: 1000 } } } });
  const target = `${world.emulator.url}/partner/orders`;
  await writeFile(join(world.dir, 'batch.http'), Array.from({ length: 40 }, (_, i) => `POST ${target}\nContent-Type: application/json\n\n{"n":${i}}\n`).join('\n###\n'));
  const journey = ['--journey-url', `${world.emulator.url}/journey/orchestration`, '--sandbox', 'prod'];
  const arrivals = (): number[] => world.emulator.state.calls.filter((c) => c.path === '/partner/orders').map((c) => c.arrivedAt);

  const io = fakeIo(world.dir);
  assert.equal(await main(['run', 'batch.http', ...journey, ...credentials(world)], io), 0, io.stderr);
  assert.equal(io.stdout.trim().split('\n').length, 40);
  assert.match(io.stderr, new RegExp(`paced by: capping config ${pattern.replace(/[.*/]/g, '\\$&')} \\(10 calls / 1 s, ≤ 3 connections\\)`));
  assert.doesNotMatch(io.stderr, /warning/);
  assert.equal(arrivals().length, 40);
  assert.ok(maxInWindow(arrivals(), 1000) <= 10, `${maxInWindow(arrivals(), 1000)} arrivals in one 1 s window`);
  // The two lists were read once for the run.
  assert.equal(listCalls(world), 2);

  // --ignore-limits: nothing is read, nothing paced, and the summary says so. --journey-limits is still accepted.
  world.emulator.state.calls.length = 0;
  const free = fakeIo(world.dir);
  assert.equal(await main(['run', 'batch.http', '--ignore-limits', '--journey-limits', ...journey, ...credentials(world)], free), 0, free.stderr);
  assert.equal(arrivals().length, 40);
  assert.equal(listCalls(world), 0);
  assert.doesNotMatch(free.stderr, /^paced by:/m);
  assert.match(free.stderr, /not paced by Journey limits \(--ignore-limits\)/);
  assert.ok(maxInWindow(arrivals(), 1000) > 10, 'unpaced, the 40 calls come faster than the cap');
});

it('run (default): configs that cannot be read give one warning naming the cause and the run goes on; a file whose requests all opt out reads nothing', async (t) => {
  const world = await startJourneyWorld(t);
  const target = `${world.emulator.url}/partner/ping`;
  await writeFile(join(world.dir, 'two.http'), `GET ${target}\n\n###\nGET ${target}\n`);
  const io = fakeIo(world.dir);
  // A Journey URL where nothing answers the Journey API: the emulator's 404.
  assert.equal(await main(['run', 'two.http', '--journey-url', `${world.emulator.url}/no-journey-here`, ...credentials(world)], io), 0, io.stderr);
  assert.equal(io.stdout.trim().split('\n').length, 2);
  const warnings = io.stderr.split('\n').filter((l) => l.startsWith('warning:'));
  assert.equal(warnings.length, 1, io.stderr);
  assert.match(warnings[0]!, /Journey limits not applied: could not read the deployed capping\/throttling configs of sandbox \S+ at .*no-journey-here \(.*404/);
  assert.match(io.stderr, /not paced by Journey limits: their configs could not be read/);

  world.emulator.state.calls.length = 0;
  await writeFile(join(world.dir, 'opted-out.http'), `# @no-limits\nGET ${target}\n`);
  const out = fakeIo(world.dir);
  assert.equal(await main(['run', 'opted-out.http', '--journey-url', `${world.emulator.url}/journey/orchestration`, ...credentials(world)], out), 0, out.stderr);
  assert.equal(listCalls(world), 0);
});
