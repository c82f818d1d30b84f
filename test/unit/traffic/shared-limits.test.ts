// Limits shared by several pacers (a Journey config's budget over requests with and without their own # @rate):
// wake-ups, who goes first when a shared slot frees, retries, each limit's even schedule, and a randomized check
// that no shared window or cap is ever exceeded and every task settles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Limit, Pacer, PacingCancelled, type RateWindow } from '../../../src/core/traffic/pacer';
import { PacingSession } from '../../../src/core/traffic/paced-send';
import { resolvePacing } from '../../../src/core/traffic/limits';
import type { CappingConfig } from '../../../src/core/journey/types';
import { FakeTime } from '../../support/fake-time';
import { maxInWindow } from '../../support/sliding-window';

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

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** Most calls a server could count in one half-open window of `w` ms: calls [s, a] that meet [t, t + w). */
function worstWindow(calls: Array<[number, number]>, w: number): number {
  let most = 0;
  for (const [, t] of calls) {
    let n = 0;
    for (const [s, a] of calls) if (s < t + w && a >= t) n++;
    most = Math.max(most, n);
  }
  return most;
}

interface Spec { windows: RateWindow[]; cap?: number; smooth: boolean }

async function scenario(seed: number, opts: { cancel: boolean; instant: boolean; tiny?: boolean }): Promise<string | undefined> {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const time = new FakeTime();
  const specs: Spec[] = [];
  const nLimits = int(2, 4);
  for (let i = 0; i < nLimits; i++) {
    const kind = int(0, 2); // 0 window, 1 cap, 2 both
    specs.push({
      windows: kind === 1 ? [] : [{ count: int(1, 4), windowMs: int(1, 10) * 100 }],
      cap: kind === 0 ? undefined : int(1, 3),
      smooth: r() < 0.5,
    });
  }
  const limits = specs.map((s) => new Limit(s.windows, s.cap, s.smooth));
  const pacerLimits: number[][] = [];
  const pacers: Pacer[] = [];
  const nPacers = int(2, 4);
  for (let i = 0; i < nPacers; i++) {
    let set = limits.map((_, j) => j).filter(() => r() < 0.6);
    if (set.length === 0) set = [int(0, nLimits - 1)];
    pacerLimits.push(set);
    pacers.push(new Pacer({ limits: set.map((j) => limits[j]!), clock: time, sleep: time.sleep }));
  }
  const calls: Array<Array<[number, number]>> = limits.map(() => []); // per limit: [release, answer]
  const active = limits.map(() => 0);
  const problems: string[] = [];
  const promises: Array<Promise<unknown>> = [];
  const settled: boolean[] = [];
  const nTasks = opts.tiny ? int(2, 4) : int(5, 30);
  const log: string[] = [];
  const batches = new Map<number, Array<() => void>>();
  const atBatch = (at: number, fn: () => void): void => {
    if (!batches.has(at)) batches.set(at, []);
    batches.get(at)!.push(fn);
  };
  for (let i = 0; i < nTasks; i++) {
    const pi = int(0, nPacers - 1);
    const pacer = pacers[pi]!;
    const ls = pacerLimits[pi]!;
    const dur = opts.instant && r() < 0.4 ? -int(0, 4) : int(0, 400);
    const early = r() < 0.4;
    const retry = r() < 0.3 ? int(0, nPacers - 1) : -1;
    const fail = r() < 0.15;
    const abortAt = r() < 0.2 ? int(0, 2000) : -1;
    const ac = abortAt >= 0 ? new AbortController() : undefined;
    if (ac) setTimeoutFake(time, abortAt, () => ac.abort());
    const at = opts.tiny ? 0 : int(0, 6) * 250;
    settled[i] = false;
    const p = new Promise<unknown>((resolve) => atBatch(at, () => {
      const run = pacer.run(async (answered) => {
        const start = time.now();
        log.push(`${i}@${start} p${pi}`);
        for (const j of ls) {
          if (specs[j]!.cap !== undefined && ++active[j]! > specs[j]!.cap!) problems.push(`cap of limit ${j} (${specs[j]!.cap}) exceeded at ${start}`);
        }
        let answeredAt: number | undefined;
        const answer = (): void => {
          if (answeredAt !== undefined) return;
          answeredAt = time.now();
          answered();
          for (const j of ls) if (specs[j]!.windows.length) calls[j]!.push([start, answeredAt]);
        };
        try {
          if (dur < 0) await ticks(-dur); else await time.sleep(dur, new AbortController().signal);
          if (fail) throw new Error('failed');
          if (early || retry >= 0) answer();
          if (retry >= 0) {
            const other = pacers[retry]!;
            const rl = pacerLimits[retry]!;
            try {
              const slot = await other.slot(ac?.signal);
              const s = time.now();
              await time.sleep(int(0, 200), new AbortController().signal);
              slot.done();
              const a = time.now();
              for (const j of rl) if (specs[j]!.windows.length) calls[j]!.push([s, a]);
            } catch (e) {
              if (!(e instanceof PacingCancelled)) throw e;
            }
          }
          if (r() < 0.5) await time.sleep(int(0, 200), new AbortController().signal);
        } finally {
          answer();
          for (const j of ls) if (specs[j]!.cap !== undefined) active[j]!--;
        }
      }, ac?.signal);
      run.then(() => undefined, (e) => {
        if (!(e instanceof PacingCancelled) && !(e instanceof Error && e.message === 'failed')) problems.push(`task ${i}: ${String(e)}`);
      }).finally(() => { settled[i] = true; resolve(undefined); });
    }));
    promises.push(p);
  }
  for (const [at, fns] of batches) setTimeoutFake(time, at, () => { for (const fn of fns) fn(); });
  if (opts.cancel) setTimeoutFake(time, int(0, 3000), () => pacers[int(0, nPacers - 1)]!.cancel());
  for (let step = 0; step < 400 && settled.some((s) => !s); step++) await time.advance(500);
  const stuck = settled.map((s, i) => (s ? -1 : i)).filter((i) => i >= 0);
  if (stuck.length) problems.push(`tasks never settled: ${stuck.join(',')} (waiting: ${pacers.map((p) => p.waiting).join('/')}, inFlight: ${pacers.map((p) => p.inFlight).join('/')})`);
  specs.forEach((spec, j) => {
    for (const w of spec.windows) {
      const most = worstWindow(calls[j]!, w.windowMs);
      if (most > w.count) problems.push(`limit ${j} ${w.count}/${w.windowMs}ms: ${most} calls meet one window`);
    }
  });
  if (!problems.length) return undefined;
  return `seed ${seed}: limits ${JSON.stringify(specs)} pacers ${JSON.stringify(pacerLimits)}\n  ${problems.slice(0, 5).join('\n  ')}`;
}

function setTimeoutFake(time: FakeTime, ms: number, fn: () => void): void {
  void time.sleep(ms, new AbortController().signal).then(fn);
}

for (const opts of [
  { cancel: false, instant: false },
  { cancel: false, instant: true },
  { cancel: true, instant: true },
  { cancel: false, instant: true, tiny: true },
]) {
  test(`random shared limits ${JSON.stringify(opts)}`, async () => {
    const failures: string[] = [];
    const N = Number(process.env.SEEDS ?? 300);
    for (let seed = 1; seed <= N; seed++) {
      const f = await scenario(seed, opts);
      if (f) failures.push(f);
    }
    assert.equal(failures.length, 0, `${failures.length}/${N} failed\n${failures.slice(0, 6).join('\n')}`);
  });
}

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
