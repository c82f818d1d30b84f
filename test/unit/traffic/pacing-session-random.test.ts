// Randomized, through a PacingSession: many limit keys, cap-only and windowed combinations made mid-run, sweeps
// (forced at every new pacer), paging (the pacer asked again per page) and retries looked up as laterWrites does.
// Every window and cap is checked per limit key (a budget doubled by a sweep would show as an excess).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Pacer, PacingCancelled, type RateWindow } from '../../../src/core/traffic/pacer';
import { PacingSession } from '../../../src/core/traffic/paced-send';
import type { Pacing, PacingLimit } from '../../../src/core/traffic/limits';
import { pacingKey } from '../../../src/core/traffic/limits';
import { FakeTime } from '../../support/fake-time';
import { inside, keptBack, seeded, ticks, worstWindow } from '../../support/pacer-inside';





function pacingOf(limits: PacingLimit[]): Pacing {
  const windows: RateWindow[] = limits.flatMap((l) => l.windows);
  const caps = limits.map((l) => l.concurrency).filter((c): c is number => c !== undefined);
  return { windows, concurrency: caps.length ? Math.min(...caps) : undefined, key: pacingKey(limits), limits, sources: [], description: '' };
}

export interface Opts { sweepEvery: boolean; cancel: boolean; instant: boolean; paging: boolean; own: boolean }

export async function scenario(seed: number, opts: Opts): Promise<string | undefined> {
  const r = seeded(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const time = new FakeTime();
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  let sweeps = 0;
  if (opts.sweepEvery) {
    const s = session as unknown as { sweep: () => void; sweepAt: number };
    const orig = s.sweep.bind(s);
    s.sweep = () => { sweeps++; orig(); s.sweepAt = 0; };
    s.sweepAt = 0;
  }
  const shared: PacingLimit[] = [];
  const nLimits = int(2, 5);
  for (let i = 0; i < nLimits; i++) {
    const kind = int(0, 2); // 0 window, 1 cap, 2 window + cap (as two keys, like a capping config)
    if (kind !== 1) shared.push({ key: `w${i}`, kind: 'capping', windows: [{ count: int(1, 4), windowMs: int(1, 10) * 100 }] });
    if (kind !== 0) shared.push({ key: `c${i}`, kind: 'capping', windows: [], concurrency: int(1, 3) });
  }
  const nCombos = int(2, 6);
  const combos: PacingLimit[][] = [];
  for (let i = 0; i < nCombos; i++) {
    let set = shared.filter(() => r() < 0.5);
    if (set.length === 0) set = [shared[int(0, shared.length - 1)]!];
    combos.push(set);
  }
  const spec = new Map<string, PacingLimit>(shared.map((l) => [l.key, l]));
  const calls = new Map<string, Array<[number, number]>>();
  const active = new Map<string, number>();
  const problems: string[] = [];
  const settled: boolean[] = [];
  const nTasks = int(5, 40);
  const comboFor = (i: number, c: number): PacingLimit[] => {
    const base = combos[c]!;
    // A per-task own limit (a file's own # @rate / # @concurrency): many keys, many pacers, sweeps.
    if (!opts.own || r() < 0.3) return base;
    const own: PacingLimit = r() < 0.5
      ? { key: `own${i % 7}`, kind: 'directive', windows: [{ count: int(2, 5), windowMs: 300 }] }
      : { key: `ownc${i % 5}`, kind: 'directive', windows: [], concurrency: 2 };
    if (spec.has(own.key)) return [...base, spec.get(own.key)!];
    return [...base, own];
  };
  const record = (limits: PacingLimit[], s: number, a: number): void => {
    for (const l of limits) if (l.windows.length) { if (!calls.has(l.key)) calls.set(l.key, []); calls.get(l.key)!.push([s, a]); }
  };
  const enter = (limits: PacingLimit[], at: number): void => {
    for (const l of limits) {
      spec.set(l.key, l);
      if (l.concurrency === undefined) continue;
      const n = (active.get(l.key) ?? 0) + 1;
      active.set(l.key, n);
      if (n > l.concurrency) problems.push(`cap ${l.key} (${l.concurrency}) exceeded at ${at}: ${n}`);
    }
  };
  const leave = (limits: PacingLimit[]): void => {
    for (const l of limits) if (l.concurrency !== undefined) active.set(l.key, active.get(l.key)! - 1);
  };
  const all: Array<Promise<void>> = [];
  for (let i = 0; i < nTasks; i++) {
    const limits = comboFor(i, int(0, nCombos - 1));
    for (const l of limits) spec.set(l.key, l);
    const pacing = pacingOf(limits);
    const pages = opts.paging && r() < 0.3 ? int(2, 3) : 1;
    const retryCombo = r() < 0.3 ? combos[int(0, nCombos - 1)]! : undefined;
    const abortAt = r() < 0.15 ? int(0, 2000) : -1;
    const ac = abortAt >= 0 ? new AbortController() : undefined;
    if (ac) later(time, abortAt, () => ac.abort());
    const at = int(0, 8) * 200;
    const durs = Array.from({ length: pages }, () => (opts.instant && r() < 0.4 ? -int(0, 4) : int(0, 300)));
    const early = r() < 0.5;
    const fail = r() < 0.1;
    settled[i] = false;
    all.push(new Promise<void>((done) => later(time, at, async () => {
      try {
        for (let page = 0; page < pages; page++) {
          // As pacedSend: asked at each page, used at once.
          const pacer = session.pacerFor(pacing)!;
          await pacer.run(async (answered) => {
            const start = time.now();
            enter(limits, start);
            let answeredAt: number | undefined;
            const answer = (): void => {
              if (answeredAt !== undefined) return;
              answeredAt = time.now();
              answered();
              record(limits, start, answeredAt);
            };
            try {
              const d = durs[page]!;
              if (d < 0) await ticks(-d); else await time.sleep(d, new AbortController().signal);
              if (fail) throw new Error('failed');
              if (early || retryCombo) answer();
              if (retryCombo && page === 0) {
                // As laterWrites: the pacer for the retry's pacing, asked and used at once.
                const rp = session.pacerFor(pacingOf(retryCombo));
                if (rp?.hasWindows) {
                  try {
                    const slot = await rp.slot(ac?.signal);
                    const s = time.now();
                    await time.sleep(int(0, 200), new AbortController().signal);
                    slot.done();
                    record(retryCombo.filter((l) => l.windows.length), s, time.now());
                  } catch (e) {
                    if (!(e instanceof PacingCancelled)) throw e;
                  }
                }
              }
              if (r() < 0.3) await time.sleep(int(0, 100), new AbortController().signal);
            } finally {
              answer();
              leave(limits);
            }
          }, ac?.signal);
        }
      } catch (e) {
        if (!(e instanceof PacingCancelled) && !(e instanceof Error && e.message === 'failed')) problems.push(`task ${i}: ${String(e)}`);
      } finally {
        settled[i] = true;
        done();
      }
    })));
  }
  if (opts.cancel) later(time, int(0, 3000), () => session.cancel());
  // At every quiet moment: a pacer with a write waiting and nothing that will wake it is a lost wake-up.
  const check = (): void => {
    const pacers = (session as unknown as { pacers: Map<string, Pacer> }).pacers;
    const now = time.now();
    for (const [key, pacer] of pacers) {
      const p = inside(pacer);
      if (p.cancelled) continue;
      const again = p.again.length > 0;
      if (!again && p.waiting === 0) continue;
      const capsFree = p.capped.every((l) => l.active < l.concurrency);
      const ats = p.windowed.map((l) => l.earliest());
      const at = Math.max(-Infinity, ...ats);
      if (p.windowed.length === 0) {
        if (capsFree && !keptBack(pacer, now)) problems.push(`${now}: cap-only ${key} has ${p.waiting} waiting with its caps free`);
        continue;
      }
      if (p.pumping) continue;
      if (at === Infinity) continue; // an answer wakes it
      if (!again && !capsFree) continue; // a release wakes it
      if (keptBack(pacer, now)) continue; // an older write keeps a limit it needs
      problems.push(`${now}: ${key} has ${p.waiting}+${p.again.length} waiting, due ${at}, no pump (blocked=${p.blocked})`);
    }
  };
  for (let step = 0; step < 6000 && settled.some((s) => !s); step++) {
    await time.advance(50);
    check();
  }
  const stuck = settled.map((s, i) => (s ? -1 : i)).filter((i) => i >= 0);
  if (stuck.length) problems.push(`tasks never settled: ${stuck.join(',')} size ${JSON.stringify(session.size)}`);
  for (const [key, list] of calls) {
    for (const w of spec.get(key)!.windows) {
      const most = worstWindow(list, w.windowMs);
      if (most > w.count) problems.push(`limit ${key} ${w.count}/${w.windowMs}ms: ${most} calls meet one window`);
    }
  }
  if (!problems.length) return undefined;
  return `seed ${seed} (sweeps ${sweeps}): combos ${JSON.stringify(combos.map((c) => c.map((l) => `${l.key}${l.windows.length ? `=${l.windows[0]!.count}/${l.windows[0]!.windowMs}` : `<=${l.concurrency}`}`)))}\n  ${problems.slice(0, 5).join('\n  ')}`;
}


function later(time: FakeTime, ms: number, fn: () => void): void {
  void time.sleep(ms, new AbortController().signal).then(fn);
}

const base: Opts = { sweepEvery: true, cancel: false, instant: true, paging: true, own: true };
for (const opts of [
  base,
  { ...base, sweepEvery: false },
  { ...base, cancel: true },
  { ...base, instant: false, own: false },
]) {
  test(`a pacing session with many keys and sweeps: every task settles, no limit is exceeded by key, nothing is left unwoken ${JSON.stringify(opts)}`, async () => {
    const failures: string[] = [];
    const N = Number(process.env.SEEDS ?? 200);
    const from = Number(process.env.FROM ?? 1);
    for (let seed = from; seed < from + N; seed++) {
      if (process.env.TRACE) process.stderr.write(`seed ${seed}\n`);
      const f = await scenario(seed, opts);
      if (f) failures.push(f);
    }
    assert.equal(failures.length, 0, `${failures.length}/${N} failed\n${failures.slice(0, 6).join('\n')}`);
  });
}
