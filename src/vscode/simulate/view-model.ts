// From the core simulator's result to what the webview shows: rows aggregated so a chart never gets more
// than about 720 points, the totals, the notes and Journey's guardrails.
import { rowsOf, type SimulationInput, type SimulationResult } from '../../core/traffic/simulate';
import type { SimulationViewModel } from '../../webview/simulate/protocol';

export const GUARDRAILS = [
  'External data sources: Journey calls them at most 15 times per second (private sources can be allow-listed by Adobe).',
  'Custom actions with no capping config are capped at 300,000 calls per minute per domain per sandbox.',
  'Throttled calls wait in a FIFO queue; a call still queued after 6 hours is dropped (reported as timed out).',
];

/** Seconds per row: 1 up to 12 minutes, then the smallest of 1 min, 5 min, 15 min, 1 h keeping ≤ 720 rows. */
export function rowSpan(seconds: number): number {
  if (seconds <= 720) return 1;
  return [60, 300, 900, 3600].find((span) => seconds / span <= 720) ?? Math.ceil(seconds / 720);
}

export function describeInput(input: SimulationInput): string {
  const rate = `${input.eventsPerSecond.toLocaleString('en-US')} events/s`;
  const length = input.audience !== undefined ? `audience of ${input.audience.toLocaleString('en-US')} profiles` : `for ${input.durationSeconds} s`;
  return `${rate}, ${length}, endpoint latency ${input.latencyMs ?? 100} ms`;
}

export function simulationViewModel(method: string, url: string, limits: string, input: SimulationInput, result: SimulationResult): SimulationViewModel {
  const rows = rowsOf(result.series, rowSpan(result.series.seconds));
  return { title: `${method} ${url}`, limits, input: describeInput(input), rows, totals: { ...result.totals }, notes: [...result.notes], guardrails: [...GUARDRAILS] };
}
