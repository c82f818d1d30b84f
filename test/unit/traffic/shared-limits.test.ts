// Limits shared by several pacers (a Journey config's budget over requests with and without their own # @rate):
// wake-ups, who goes first when a shared slot frees, retries, each limit's even schedule, and a randomized check
// that no shared window or cap is ever exceeded and every task settles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Limit, Pacer } from '../../../src/core/traffic/pacer';
import { PacingSession } from '../../../src/core/traffic/paced-send';
import { resolvePacing } from '../../../src/core/traffic/limits';
import type { CappingConfig } from '../../../src/core/journey/types';
import { FakeTime } from '../../support/fake-time';
import { maxInWindow } from '../../support/sliding-window';

const never = new AbortController().signal;

const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

// Q's call is answered a few microtasks after it starts (a request refused before the wire: egress refusal,
// a bad URL) while P's pump, sharing the window, has just stopped `blocked` and its `finally` has not run yet.
for (let delay = 0; delay <= 6; delay++) {
  test(`an answer from a sharing pacer ${delay} microtasks after its start wakes a blocked pump`, async () => {
    const time = new FakeTime();
    const shared = new Limit([{ count: 1, windowMs: 1000 }], undefined, false);
    const q = new Pacer({ limits: [shared], clock: time, sleep: time.sleep });
    const p = new Pacer({ limits: [shared], clock: time, sleep: time.sleep });
    const starts: string[] = [];
    const a = q.run(async (answered) => {
      starts.push(`q@${time.now()}`);
      await ticks(delay);
      answered();
    });
    const b = p.run(async () => void starts.push(`p@${time.now()}`));
    let settled = false;
    void Promise.all([a, b]).then(() => (settled = true));
    await time.advance(10_000);
    assert.ok(settled, `P never started (starts: ${starts.join(', ')}; p.waiting=${p.waiting})`);
  });
}

// One capping config's single connection; two combinations under it, each with a window of its own.
for (const second of ['windowed', 'cap-only'] as const) {
  test(`a freed shared connection goes to the task that waited longest (first pacer windowed, second ${second})`, async () => {
    const time = new FakeTime();
    const connection = new Limit([], 1);
    const own = (): Limit => new Limit([{ count: 1000, windowMs: 1000 }], undefined, false);
    const first = new Pacer({ limits: [connection, own()], clock: time, sleep: time.sleep });
    const other = new Pacer({ limits: second === 'windowed' ? [connection, own()] : [connection], clock: time, sleep: time.sleep });
    const order: string[] = [];
    const task = (name: string) => async (): Promise<void> => {
      order.push(name);
      await time.sleep(10, new AbortController().signal);
    };
    // Given in this order: y1 has waited longer than x2..x5.
    const all = [first.run(task('x1')), other.run(task('y1')), ...[2, 3, 4, 5].map((i) => first.run(task(`x${i}`))), other.run(task('y2'))];
    await time.advance(1000);
    await Promise.all(all);
    assert.deepEqual(order, ['x1', 'y1', 'x2', 'x3', 'x4', 'x5', 'y2']);
  });
}

test('a cap-only combination does not jump ahead of a windowed one waiting for the shared connection', async () => {
  const time = new FakeTime();
  const connection = new Limit([], 1);
  const windowed = new Pacer({ limits: [connection, new Limit([{ count: 1000, windowMs: 1000 }], undefined, false)], clock: time, sleep: time.sleep });
  const capOnly = new Pacer({ limits: [connection], clock: time, sleep: time.sleep });
  const order: string[] = [];
  const task = (name: string) => async (): Promise<void> => {
    order.push(name);
    await time.sleep(10, new AbortController().signal);
  };
  const all = [capOnly.run(task('c1')), windowed.run(task('w1')), capOnly.run(task('c2')), capOnly.run(task('c3')), capOnly.run(task('c4'))];
  await time.advance(1000);
  await Promise.all(all);
  assert.deepEqual(order, ['c1', 'w1', 'c2', 'c3', 'c4']);
});

test('a retry goes before queued tasks of a combination sharing its window, not only its own', async () => {
  const time = new FakeTime();
  const rate = new Limit([{ count: 1, windowMs: 100 }], 2, false); // a capping config: 1 call / 100 ms, 2 connections
  const plain = new Pacer({ limits: [rate], clock: time, sleep: time.sleep });
  const rated = new Pacer({ limits: [rate, new Limit([{ count: 50, windowMs: 1000 }], undefined, false)], clock: time, sleep: time.sleep });
  const events: string[] = [];
  const retried = rated.run(async (answered) => {
    events.push(`first@${time.now()}`);
    await time.sleep(10, new AbortController().signal);
    answered(); // 429
    const slot = await rated.slot();
    events.push(`retry@${time.now()}`);
    slot.done();
  });
  const others = Array.from({ length: 8 }, (_, i) => plain.run(async () => {
    events.push(`p${i}@${time.now()}`);
  }));
  await time.advance(5000);
  await Promise.all([retried, ...others]);
  const at = events.findIndex((e) => e.startsWith('retry'));
  assert.ok(at <= 2, `the retry went after ${at - 1} queued calls: ${events.join(' ')}`);
});

/** Start times of `n` calls through `pacer`, each answered 20 ms after it starts. */
async function startsOf(pacer: Pacer, time: FakeTime, n: number): Promise<number[]> {
  const starts: number[] = [];
  const done = Promise.all(Array.from({ length: n }, () => pacer.run(async (answered) => {
    starts.push(time.now());
    await time.sleep(20, new AbortController().signal);
    answered();
  })));
  await time.advance(200_000);
  await done;
  return starts;
}

test('each limit keeps its own even schedule: a capping config of 100 calls / min is spaced the same with or without a # @rate 10/s', async () => {
  const capping: CappingConfig = {
    uid: 'cap-min', url: 'https://api.example.org/*', methods: ['GET'], state: 'deployed', hasBeenDeployed: true,
    services: { action: { rating: { maxCallsCount: 100, periodInMs: 60_000 } } },
    deployedConfig: { url: 'https://api.example.org/*', methods: ['GET'], services: { action: { rating: { maxCallsCount: 100, periodInMs: 60_000 } } } },
  };
  const url = 'https://api.example.org/x';
  const spaced = async (pacing: ReturnType<typeof resolvePacing>): Promise<number[]> => {
    const time = new FakeTime();
    return startsOf(new PacingSession({ clock: time, sleep: time.sleep }).pacerFor(pacing)!, time, 20);
  };
  const alone = await spaced(resolvePacing({ method: 'GET', url, capping: [capping] }));
  const withRate = await spaced(resolvePacing({ method: 'GET', url, capping: [capping], request: { rate: { count: 10, windowMs: 1000 } } }));
  // Adding a stricter limit of the user's never makes the config's calls come closer together.
  assert.deepEqual(withRate, alone);
  assert.ok(maxInWindow(alone, 6000) <= 11, alone.join(', '));
});

test('within one limit the shortest window sets the schedule and a longer one stays a hard cap (CJA: 12 / 6 s, 60 / min)', async () => {
  const time = new FakeTime();
  const starts = await startsOf(new Pacer({ limits: [new Limit([{ count: 12, windowMs: 6000 }, { count: 60, windowMs: 60_000 }])], clock: time, sleep: time.sleep }), time, 70);
  // 500 ms apart (12 / 6 s), not 1 s (60 / min), until the minute's 60 are used; the rest wait for the minute.
  assert.ok(starts[30]! < 20_000, `the 31st call at ${starts[30]} ms`);
  assert.ok(maxInWindow(starts, 60_000) <= 60 && maxInWindow(starts, 6000) <= 12, starts.join(', '));
});

test('a session as long as the window lets go of pacers that are done and whose windows have emptied, and keeps a budget that still counts', async () => {
  const time = new FakeTime();
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const shared = { key: 'capping:c', kind: 'capping' as const, windows: [{ count: 2, windowMs: 1000 }] };
  const pacing = (i: number) => {
    const own = { key: `rate:${i}`, kind: 'directive' as const, windows: [{ count: 1, windowMs: 1000 }] };
    return { windows: [...shared.windows, ...own.windows], key: `capping:c|rate:${i}`, limits: [shared, own], sources: [], description: '' };
  };
  const starts: number[] = [];
  // 200 files' `# @rate` values over one capping config, one call each, spread over time.
  for (let i = 0; i < 200; i++) {
    const run = session.pacerFor(pacing(i))!.run(async (answered) => {
      starts.push(time.now());
      answered();
    });
    await time.advance(600);
    await run;
  }
  assert.ok(session.size.pacers < 130 && session.size.limits < 131, `held ${JSON.stringify(session.size)}`);
  // The shared budget never lost count: at most 2 calls in any second.
  assert.ok(maxInWindow(starts, 1000) <= 2, starts.join(', '));
  // A burst right after: the config's window still holds the last calls.
  const burst: number[] = [];
  const runs = Array.from({ length: 4 }, (_, i) => session.pacerFor(pacing(1000 + i))!.run(async (answered) => {
    burst.push(time.now());
    answered();
  }));
  await time.advance(5000);
  await Promise.all(runs);
  assert.ok(maxInWindow([...starts, ...burst], 1000) <= 2, [...starts.slice(-3), ...burst].join(', '));
});

test('a task under two shared caps is not passed over until both sharing queues are empty', async () => {
  const time = new FakeTime();
  const k1 = new Limit([], 1); // e.g. a capping config's connections
  const k2 = new Limit([], 1); // another limit's connections
  const a = new Pacer({ limits: [k1], clock: time, sleep: time.sleep });
  const b = new Pacer({ limits: [k2], clock: time, sleep: time.sleep });
  const both = new Pacer({ limits: [k1, k2], clock: time, sleep: time.sleep });
  const order: string[] = [];
  const task = (name: string, ms: number) => async (): Promise<void> => {
    order.push(`${name}@${time.now()}`);
    await time.sleep(ms, never);
  };
  const runs = [a.run(task('a1', 10)), b.run(task('b1', 15)), both.run(task('R', 10))];
  for (let i = 2; i <= 8; i++) runs.push(a.run(task(`a${i}`, 10)), b.run(task(`b${i}`, 10)));
  await time.advance(1000);
  await Promise.all(runs);
  const at = order.findIndex((e) => e.startsWith('R@'));
  // R arrived third; every other task came after it.
  assert.ok(at <= 4, `R started ${at}th: ${order.join(' ')}`);
});

for (const mode of ['task', 'retry'] as const) {
  test(`a ${mode} under two shared windows is not passed over by calls of pacers under one of them`, async () => {
    const time = new FakeTime();
    const l1 = new Limit([{ count: 1, windowMs: 100 }], undefined, false); // e.g. a capping config's rate
    const l2 = new Limit([{ count: 1, windowMs: 100 }], undefined, false); // e.g. a throttling config's (or a # @rate's)
    const x = new Pacer({ limits: [l1], clock: time, sleep: time.sleep });
    const y = new Pacer({ limits: [l2], clock: time, sleep: time.sleep });
    const both = new Pacer({ limits: [l1, l2], clock: time, sleep: time.sleep });
    const events: string[] = [];
    const call = (name: string) => async (answered: () => void): Promise<void> => {
      events.push(`${name}@${time.now()}`);
      await time.sleep(30, never);
      answered();
    };
    const runs: Array<Promise<void>> = [];
    // Two callers sending one call after another (a file run each): x's from t=0, y's from t=65; each window
    // opens while the other holds a call not answered yet. Every call but their first arrives after R.
    const loop = async (p: Pacer, name: string): Promise<void> => {
      for (let i = 0; i < 20; i++) await p.run(call(`${name}${i}`));
    };
    runs.push(loop(x, 'x'));
    await time.advance(65);
    runs.push(loop(y, 'y'));
    await time.advance(200);
    events.push(`asked@${time.now()}`);
    if (mode === 'task') {
      runs.push(both.run(call('R')));
    } else {
      // A call of another combination answered 429 (or redirected): its next write falls under both windows.
      const z = new Pacer({ limits: [new Limit([{ count: 10, windowMs: 1000 }])], clock: time, sleep: time.sleep });
      runs.push(z.run(async () => {
        const slot = await both.slot();
        events.push(`R@${time.now()}`);
        await time.sleep(30, never);
        slot.done();
      }));
    }
    await time.advance(10_000);
    await Promise.all(runs);
    const asked = events.findIndex((e) => e.startsWith('asked'));
    const at = events.findIndex((e) => e.startsWith('R@'));
    assert.ok(at - asked <= 3, `R waited while ${at - asked - 1} calls that arrived after it went: ${events.slice(asked, at + 1).join(' ')}`);
  });
}

test('a pacer its session let go refuses to pace: a caller that kept one cannot take slots of a budget the session no longer counts', async () => {
  const time = new FakeTime();
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const shared = { key: 'capping:c', kind: 'capping' as const, windows: [{ count: 5, windowMs: 1000 }] };
  const pacing = (i: number) => {
    const own = { key: `rate:${i}`, kind: 'directive' as const, windows: [{ count: 5, windowMs: 1000 }] };
    return { windows: [...shared.windows, ...own.windows], key: `capping:c|rate:${i}`, limits: [shared, own], sources: [], description: '' };
  };
  const held = session.pacerFor(pacing(0))!;
  await time.advance(1000);
  for (let i = 1; i < 70; i++) session.pacerFor(pacing(i)); // the 64th new key sweeps: `held` is idle, so let go
  assert.notEqual(session.pacerFor(pacing(0)), held);
  assert.throws(() => held.run(async () => undefined), /let go was used again/);
  assert.throws(() => held.slot(), /let go was used again/);
});

const config10: CappingConfig = {
  uid: 'cap10', url: 'https://api.example.org/*', methods: ['GET'], state: 'deployed', hasBeenDeployed: true,
  services: { action: { rating: { maxCallsCount: 10, periodInMs: 1000 } } },
  deployedConfig: { url: 'https://api.example.org/*', methods: ['GET'], services: { action: { rating: { maxCallsCount: 10, periodInMs: 1000 } } } },
};
const perSecond = (ts: number[], from: number, to: number): number => ts.filter((t) => t >= from && t < to).length / ((to - from) / 1000);

/** Queues `plan` (pacer name per task, in file order) at 0, each task 50 ms; starts per name. */
async function runPlan(time: FakeTime, pacers: Record<string, Pacer>, plan: string[], until: number): Promise<Record<string, number[]>> {
  const starts: Record<string, number[]> = {};
  const t0 = time.now();
  const all = plan.map((k) => pacers[k]!.run(async (answered) => {
    (starts[k] ??= []).push(time.now() - t0);
    await time.sleep(50, never);
    answered();
  }).catch(() => undefined));
  await time.advance(until);
  if (until > 1000) for (const p of Object.values(pacers)) p.cancel();
  await time.advance(1000);
  await Promise.all(all);
  return starts;
}

test('a write waiting only for its capping config keeps nothing while no other pacer waits for that config: requests to another host under the file\'s # @concurrency keep their pace', async () => {
  const time = new FakeTime();
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const file = { concurrency: 4 };
  const under = resolvePacing({ method: 'GET', url: 'https://api.example.org/a', capping: [config10], file });
  const rated = resolvePacing({ method: 'GET', url: 'https://api.example.org/b', capping: [config10], file, request: { rate: { count: 1, windowMs: 1000 } } });
  const other = resolvePacing({ method: 'GET', url: 'https://other.example.com/c', capping: [config10], file });
  const B = session.pacerFor(rated)!;
  await runPlan(time, { B }, ['B'], 100); // one rated request, done: its pacer stays (idle, not swept) in the session
  const A = session.pacerFor(under)!, G = session.pacerFor(other)!;
  const s = await runPlan(time, { A, G }, Array.from({ length: 800 }, (_, i) => (i % 2 ? 'G' : 'A')), 12_000);
  const perS = Array.from({ length: 12 }, (_, k) => (s.G ?? []).filter((t) => t >= k * 1000 && t < (k + 1) * 1000).length);
  assert.ok(Math.min(...perS.slice(0, 5)) > 30, `G (other host, cap 4 x 50 ms) starts per second: ${perS.join(' ')}; A ${perSecond(s.A!, 1000, 12_000).toFixed(1)}/s`);
});

test('a write waiting for a # @rate that another host\'s requests also use holds the capping config back for at most about one slot: the config\'s budget stays used', async () => {
  const time = new FakeTime();
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const rate = { rate: { count: 1, windowMs: 1000 } };
  const A = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://api.example.org/a', capping: [config10] }))!;
  const B = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://api.example.org/b', capping: [config10], request: rate }))!;
  const B2 = session.pacerFor(resolvePacing({ method: 'GET', url: 'https://other.example.com/c', capping: [config10], request: rate }))!;
  // 600 requests under the config, one in ten with # @rate 1/s, and as many # @rate 1/s ones elsewhere.
  const plan = Array.from({ length: 600 }, (_, i) => (i % 10 === 0 ? 'B' : i % 10 === 5 ? 'B2' : 'A'));
  const s = await runPlan(time, { A, B, B2 }, plan, 30_000);
  const a = perSecond(s.A!, 5000, 30_000), b = perSecond(s.B ?? [], 5000, 30_000);
  assert.ok(a + b >= 9, `capping config 10/s used ${(a + b).toFixed(1)}/s over [5 s, 30 s): plain ${a}/s, rated ${b}/s`);
});
