// What a progress line says about pacing while a run waits its turn (the editor's Send All): the same
// PacingScheduler as the CLI's `run`, plus the limits that shape the request being sent now, in words.
import type { RequestScheduler } from '../http/file-runner';
import type { Pacing } from './limits';
import type { RateWindow } from './pacer';
import { PacingScheduler, type PacingSchedulerOptions } from './pacing-scheduler';

/** `10/s`, `500 / 1 s`, `12 / 6 s`, `100/min`. */
export function shortRate(rate: RateWindow): string {
  if (rate.windowMs === 1000) return `${rate.count}/s`;
  if (rate.windowMs === 60_000) return `${rate.count}/min`;
  if (rate.windowMs === 3_600_000) return `${rate.count}/h`;
  return rate.windowMs % 1000 === 0 ? `${rate.count} / ${rate.windowMs / 1000} s` : `${rate.count} / ${rate.windowMs} ms`;
}

/**
 * One phrase per limit that paces a request: "paced 10/s by # @rate", "paced by capping config <url> (500 / 1 s)".
 * Empty when nothing paces it.
 */
export function describePacing(pacing: Pacing, options: Pick<PacingSchedulerOptions, 'capping' | 'throttling'> = {}): string {
  const parts: string[] = [];
  for (const source of pacing.sources) {
    if (source.kind === 'capping') {
      const config = options.capping?.find((c) => c.uid === source.uid);
      const live = config?.deployedConfig ?? config;
      const rate = pacing.windows[0];
      parts.push(`paced by capping config ${live?.url ?? source.uid}${rate ? ` (${rate.count} / ${rate.windowMs / 1000} s)` : ''}`);
    } else if (source.kind === 'throttling') {
      const config = options.throttling?.find((c) => c.uid === source.uid);
      parts.push(`paced by throttling config ${config?.urlPattern ?? source.uid}${config ? ` (${config.maxThroughput}/s, FIFO)` : ''}`);
    } else if (source.kind === 'known') {
      parts.push(`paced by ${source.description}`);
    } else if (source.description.startsWith('rate ')) {
      const rate = pacing.windows[pacing.windows.length - 1];
      parts.push(`paced ${rate ? shortRate(rate) : ''} by # @rate`.replace('  ', ' '));
    } else {
      parts.push(`${pacing.concurrency ?? ''} at a time by # @concurrency`.trim());
    }
  }
  return parts.join(' · ');
}

/**
 * The CLI's PacingScheduler, remembering how the request it was last handed is paced (for a progress line), as
 * that scheduler resolved it. `onPacing` is told each time that changes.
 */
export class ObservedPacingScheduler implements RequestScheduler {
  private readonly inner: PacingScheduler;
  private current = '';

  constructor(
    options: PacingSchedulerOptions = {},
    private readonly onPacing?: (description: string) => void,
  ) {
    this.inner = new PacingScheduler({
      ...options,
      onResolved: (pacing) => {
        options.onResolved?.(pacing);
        const description = describePacing(pacing, options);
        if (description === this.current) return;
        this.current = description;
        this.onPacing?.(description);
      },
    });
  }

  /** How the request being sent (or waiting) is paced, in words; empty when nothing paces it. */
  get pacedBy(): string {
    return this.current;
  }

  /** Every limit that shaped some request of the run (for the summary). */
  get shapedBy(): string[] {
    return this.inner.shapedBy;
  }

  /** Drops whatever still waits for its turn. */
  cancel(): void {
    this.inner.cancel();
  }

  schedule(...args: Parameters<RequestScheduler['schedule']>): ReturnType<RequestScheduler['schedule']> {
    return this.inner.schedule(...args);
  }
}
