// What the randomized pacing tests share: a pacer's inner state (private in the source) typed once, a seeded
// generator, and the server's view of a window.
import type { Limit, Pacer } from '../../src/core/traffic/pacer';

interface WaitingWrite {
  seq: number;
  queuedAt: number;
}

export interface PacerInside {
  readonly again: WaitingWrite[];
  readonly waiting: number;
  readonly cancelled: boolean;
  readonly limits: readonly Limit[];
  readonly capped: readonly Limit[];
  readonly windowed: readonly Limit[];
  readonly pumping: boolean;
  readonly blocked: boolean;
  head1(): WaitingWrite;
  sharers(): Set<Pacer>;
  readyAt(now: number, retry: boolean): boolean;
  reservation(now: number, retry: boolean, queuedAt: number): Map<Limit, number> | undefined;
  fitsBeside(reserved: Map<Limit, { at: number; count: number }>, now: number, retry: boolean): boolean;
}

export const inside = (p: Pacer): PacerInside => p as unknown as PacerInside;

/**
 * Whether older writes of pacers linked to `p` reserve slots its first write would take (see Pacer.dispatchShared):
 * then `p` waits by design, not for want of a wake-up.
 */
export function keptBack(pacer: Pacer, now: number): boolean {
  const p = inside(pacer);
  const mineRetry = p.again.length > 0;
  const mine = mineRetry ? p.again[0]! : p.head1();
  const reserved = new Map<Limit, { at: number; count: number }>();
  for (const other of p.sharers()) {
    const q = inside(other);
    if (other === pacer || q.cancelled) continue;
    const retry = q.again.length > 0;
    if (!retry && q.waiting === 0) continue;
    const head = retry ? q.again[0]! : q.head1();
    const before = retry !== mineRetry ? retry : head.seq < mine.seq;
    if (!before || q.readyAt(now, retry)) continue;
    for (const [limit, at] of q.reservation(now, retry, head.queuedAt) ?? []) {
      const r = reserved.get(limit);
      reserved.set(limit, r ? { at: Math.min(r.at, at), count: r.count + 1 } : { at, count: 1 });
    }
  }
  return !p.fitsBeside(reserved, now, mineRetry);
}

/** A seeded xorshift generator of numbers in [0, 1): a failing seed runs again the same. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

/** Most calls a server could count in one half-open window of `w` ms: calls [release, answer] that meet [t, t + w). */
export function worstWindow(calls: Array<[number, number]>, w: number): number {
  let most = 0;
  for (const [, t] of calls) {
    let n = 0;
    for (const [s, a] of calls) if (s < t + w && a >= t) n++;
    most = Math.max(most, n);
  }
  return most;
}
