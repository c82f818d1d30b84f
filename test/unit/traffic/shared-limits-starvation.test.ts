// An old write under several shared limits is never passed over for ever by younger writes that each need one of them,
// whatever the callers' rhythm (one call at a time, answers at once); found by review, measured against strict FIFO.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Limit, Pacer } from '../../../src/core/traffic/pacer';
import { PacingSession } from '../../../src/core/traffic/paced-send';
import { resolvePacing } from '../../../src/core/traffic/limits';
import type { CappingConfig } from '../../../src/core/journey/types';
import { FakeTime } from '../../support/fake-time';

const never = new AbortController().signal;
const config4: CappingConfig = {
  uid: 'cap4', url: 'https://api.example.org/*', methods: ['GET'], state: 'deployed', hasBeenDeployed: true,
  services: { action: { rating: { maxCallsCount: 4, periodInMs: 1000 } } },
  deployedConfig: { url: 'https://api.example.org/*', methods: ['GET'], services: { action: { rating: { maxCallsCount: 4, periodInMs: 1000 } } } },
};
const rate = { rate: { count: 1, windowMs: 1000 } };

for (const mode of ['task', 'retry'] as const) {
  test(`a ${mode} under a capping config and a # @rate shared with another host's requests is not passed over for ever`, async () => {
    const time = new FakeTime();
    const session = new PacingSession({ clock: time, sleep: time.sleep });
    // W: api.example.org with # @rate 1/s (config 4/s + rate 1/s). x: other.example.com with # @rate 1/s (rate only).
    // z: api.example.org without a rate (config only).
    const W = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://api.example.org/w', capping: [config4], request: rate }))!;
    const x = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://other.example.com/x', capping: [config4], request: rate }))!;
    const z = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://api.example.org/z', capping: [config4] }))!;
    let stop = false;
    const younger: string[] = [];
    let asked = Infinity, wAt: number | undefined;
    // Two callers each, sending one request after another: x's answers take 1.5 s, z's 0.5 s.
    const caller = async (p: Pacer, name: string, ms: number, delay: number): Promise<void> => {
      await time.sleep(delay, never);
      while (!stop) {
        const queued = time.now();
        await p.run(async (answered) => {
          if (queued > asked && wAt === undefined) younger.push(`${name}@${time.now()}`);
          await time.sleep(ms, never);
          answered();
        }).catch(() => undefined);
      }
    };
    const runs = [caller(x, 'x', 1500, 0), caller(x, 'x', 1500, 1), caller(z, 'z', 500, 300), caller(z, 'z', 500, 301)];
    await time.advance(5000);
    asked = time.now();
    if (mode === 'task') {
      runs.push(W.run(async (answered) => { wAt = time.now(); answered(); }).catch(() => undefined));
    } else {
      // A call of another combination answered 429: its retry's write falls under W's limits (see laterWrites).
      const v = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://third.example.net/v', request: { rate: { count: 100, windowMs: 1000 } } }))!;
      runs.push(v.run(async () => {
        const slot = await W.slot();
        wAt = time.now();
        slot.done();
      }).catch(() => undefined));
    }
    await time.advance(60_000);
    stop = true;
    session.cancel();
    await time.advance(10_000);
    await Promise.all(runs);
    // Strict FIFO (and HEAD~1): W goes within ~5 s, after the one x request queued before it.
    assert.ok(wAt !== undefined && wAt - asked < 15_000, `W ${wAt === undefined ? 'never went in 60 s' : `went after ${wAt - asked} ms`}; ${younger.length} younger writes under its limits went first: ${younger.slice(0, 12).join(' ')} …`);
  });
}

test('a request under a capping config and a # @concurrency 1 is not passed over for ever by a one-at-a-time run to another host under the same # @concurrency', async () => {
  const time = new FakeTime();
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const file = { concurrency: 1 };
  const W = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://api.example.org/w', capping: [config4], file }))!; // config 4/s + cap 1
  const x = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://api.example.org/x', capping: [config4] }))!; // config 4/s
  const y = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://other.example.com/y', capping: [config4], file }))!; // cap 1
  let stop = false;
  let asked = Infinity, wAt: number | undefined, younger = 0;
  const caller = async (p: Pacer, ms: number, delay: number): Promise<void> => {
    await time.sleep(delay, never);
    while (!stop) {
      const queued = time.now();
      await p.run(async (answered) => {
        if (queued > asked && wAt === undefined) younger++;
        await time.sleep(ms, never);
        answered();
      }).catch(() => undefined);
    }
  };
  // x: three callers under the config (200 ms answers); y: one file run, one request after another (300 ms).
  const runs = [caller(x, 200, 0), caller(x, 200, 1), caller(x, 200, 2), caller(y, 300, 10)];
  await time.advance(5000);
  asked = time.now();
  runs.push(W.run(async (answered) => { wAt = time.now(); answered(); }).catch(() => undefined));
  await time.advance(60_000);
  stop = true;
  session.cancel();
  await time.advance(10_000);
  await Promise.all(runs);
  assert.ok(wAt !== undefined && wAt - asked < 15_000, `W ${wAt === undefined ? 'never went in 60 s' : `went after ${wAt - asked} ms`}; ${younger} younger writes under its limits went first`);
});

test('tasks that answer at once under a shared window do not nest dispatches until the stack overflows', async () => {
  const time = new FakeTime();
  const shared = new Limit([{ count: 2000, windowMs: 1000 }]); // e.g. a capping config of 2000 calls / s
  const a = new Pacer({ limits: [shared], clock: time, sleep: time.sleep });
  const b = new Pacer({ limits: [shared], clock: time, sleep: time.sleep });
  await a.run(async (answered) => answered());
  await time.advance(2000); // idle: the even schedule may catch up half a window (1000 calls) at once
  let ran = 0;
  const errors: string[] = [];
  // Each call answered before its task's first await (a request refused before the wire, a stub sender).
  const all = Array.from({ length: 1000 }, (_, i) => (i % 2 ? a : b).run(async (answered) => { ran++; answered(); })
    .catch((e: unknown) => void errors.push(String(e))));
  await time.advance(5000);
  await Promise.all(all);
  assert.deepEqual({ errors: errors.length, first: errors[0], pending: shared.pending, ran }, { errors: 0, first: undefined, pending: 0, ran: 1000 });
});
