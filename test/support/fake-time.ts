// A clock and sleep port driven by the test: time moves only when the test advances it.
import type { Clock } from '../../src/core/ports';
import type { SleepPort } from '../../src/core/traffic/pacer';

interface Timer {
  at: number;
  resolve: () => void;
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

export class FakeTime implements Clock {
  private time = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  readonly sleep: SleepPort = (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      // The listener goes when the timer fires: a pacer sleeps many times on one signal.
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer);
        resolve();
      };
      const timer: Timer = { at: this.time + ms, resolve: () => (signal.removeEventListener('abort', onAbort), resolve()) };
      this.timers.push(timer);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  /** Moves time forward by `ms` at once without firing anything, as a busy event loop does: timers due meanwhile fire late. */
  stall(ms: number): void {
    this.time += ms;
  }

  /** Moves time forward to `ms` later, firing every timer due on the way, in order, letting promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.resolve();
      await flush();
    }
    this.time = end;
    await flush();
  }
}
