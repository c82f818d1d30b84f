// Randomized: 2-4 limits (windows, caps or both) shared by 2-4 pacers; tasks with random durations, early answers,
// failures, retries on other pacers and aborts; with and without a cancel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Limit, Pacer, PacingCancelled, type RateWindow } from '../../../src/core/traffic/pacer';
import { FakeTime } from '../../support/fake-time';
import { inside, keptBack, seeded, ticks, worstWindow } from '../../support/pacer-inside';





interface Spec { windows: RateWindow[]; cap?: number; smooth: boolean }

async function scenario(seed: number, opts: { cancel: boolean; instant: boolean; tiny?: boolean }): Promise<string | undefined> {
  const r = seeded(seed);
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
  const check = (): void => {
    const now = time.now();
    pacers.forEach((pacer, key) => {
      const p = inside(pacer);
      if (p.cancelled) return;
      const again = p.again.length > 0;
      if (!again && p.waiting === 0) return;
      const capsFree = p.capped.every((l) => l.active < l.concurrency);
      const at = Math.max(-Infinity, ...p.windowed.map((l) => l.earliest()));
      if (p.windowed.length === 0) {
        if (capsFree && !keptBack(pacer, now)) problems.push(`${now}: cap-only p${key} has ${p.waiting} waiting with its caps free`);
        return;
      }
      if (p.pumping || at === Infinity || (!again && !capsFree) || at > now || keptBack(pacer, now)) return;
      problems.push(`${now}: p${key} has ${p.waiting}+${p.again.length} waiting, due ${at}, no pump`);
    });
  };
  for (let step = 0; step < 4000 && settled.some((s) => !s); step++) {
    await time.advance(50);
    check();
  }
  const stuck = settled.map((s, i) => (s ? -1 : i)).filter((i) => i >= 0);
  if (stuck.length) problems.push(`tasks never settled: ${stuck.join(',')} (waiting: ${pacers.map((p) => p.waiting).join('/')}, inFlight: ${pacers.map((p) => p.inFlight).join('/')})`);
  specs.forEach((_, j) => {
    for (const w of specs[j]!.windows) {
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
  test(`random shared limits: every task settles, no pacer is left waiting with nothing to wake it, no shared window or cap is exceeded ${JSON.stringify(opts)}`, async () => {
    const failures: string[] = [];
    const N = Number(process.env.SEEDS ?? 300);
    for (let seed = 1; seed <= N; seed++) {
      const f = await scenario(seed, opts);
      if (f) failures.push(f);
    }
    assert.equal(failures.length, 0, `${failures.length}/${N} failed\n${failures.slice(0, 6).join('\n')}`);
  });
}
