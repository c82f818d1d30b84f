// `aio-requests simulate`: typed limits, --json, and the deployed configs of a sandbox on the emulator.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { startJourneyWorld } from '../../support/journey-world';

function fakeIo(cwd = process.cwd()): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t), env: {}, cwd };
  return io;
}

it('prints a per-second table and totals for typed capping limits', async () => {
  const io = fakeIo();
  const code = await main(['simulate', '--endpoint', 'https://api.example.org/v1/x', '--events', '5000/s', '--duration', '60s', '--capping', '500/1s', '--latency', '200'], io);
  assert.equal(code, 0, io.stderr);
  assert.match(io.stdout, /typed: capping 500 calls \/ 1 s/);
  assert.match(io.stdout, /^00:00:04 +5,000 +500 +19,500 +4,500 /m);
  assert.match(io.stdout, /Totals over 63 s: 300,000 offered, 31,500 accepted/);
});

it('--json gives per-minute rows for long runs, with the totals', async () => {
  const io = fakeIo();
  const code = await main(['simulate', '--endpoint', 'https://api.example.org/v1/x', '--events', '5000/s', '--duration', '1h', '--throttle', '4000/s', '--json'], io);
  assert.equal(code, 0, io.stderr);
  const out = JSON.parse(io.stdout) as { span: number; rows: Array<{ queueLength: number }>; totals: { accepted: number; maxWaitSeconds: number; endSeconds: number } };
  assert.equal(out.span, 60);
  assert.equal(out.rows.length, 75);
  assert.equal(out.rows[59]!.queueLength, 3_600_000);
  assert.deepEqual([out.totals.accepted, out.totals.maxWaitSeconds, out.totals.endSeconds], [18_000_000, 900, 4500]);
});

it('bad input says what to write', async () => {
  for (const [args, message] of [
    [['--events', '10/s', '--duration', '1m'], /--endpoint URL is required/],
    [['--endpoint', 'https://x.org/', '--events', 'lots', '--duration', '1m'], /15\/s/],
    [['--endpoint', 'https://x.org/', '--events', '10/s', '--duration', 'forever'], /90s, 10m or 6h/],
    [['--endpoint', 'https://x.org/', '--events', '10/s'], /--duration .* or --audience/],
    [['--endpoint', 'https://x.org/', '--events', '10/s', '--duration', '1m', '--throttle', '10/min'], /calls per second/],
  ] as const) {
    const io = fakeIo();
    assert.equal(await main(['simulate', ...args], io), 2, args.join(' '));
    assert.match(io.stderr, message);
  }
});

it("reads the sandbox's deployed configs that cover the endpoint", async (t) => {
  const world = await startJourneyWorld(t);
  const seeded = await fetch(`${world.emulator.url}/__control/journey/seed`, {
    method: 'POST',
    body: JSON.stringify({
      orgId: world.orgId,
      capping: [{ uid: 'cap-live', url: 'https://api.partner.example/v1/*', methods: ['POST'], state: 'deployed', services: { action: { maxHttpConnections: 50, rating: { maxCallsCount: 500, periodInMs: 1000 } } } }],
      throttling: [{ uid: 'thr-live', urlPattern: 'https://api.partner.example/v1/*', methods: ['POST'], maxThroughput: 4000, state: 'deployed' }],
    }),
  });
  assert.equal(seeded.status, 200);
  const io = fakeIo(world.dir);
  const code = await main(['simulate', '--endpoint', 'https://api.partner.example/v1/orders', '--events', '1000/s', '--duration', '10s', '--json',
    '--workspace', 'ws.json', '--credential', 'OAuth S2S', '--ims', world.emulator.url, '--auth-host', new URL(world.emulator.url).host,
    '--journey-url', `${world.emulator.url}/journey/orchestration`], io);
  assert.equal(code, 0, io.stderr);
  const out = JSON.parse(io.stdout) as { limits: { source: string; capping: { maxCallsCount: number }; throttling: { maxThroughput: number } } };
  assert.equal(out.limits.source, 'sandbox prod: capping config cap-live, throttling config thr-live');
  assert.equal(out.limits.capping.maxCallsCount, 500);
  assert.equal(out.limits.throttling.maxThroughput, 4000);
});
