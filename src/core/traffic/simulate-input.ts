// The simulator's inputs as people type them (`5000/s`, `10m`, `500/1s`, `4000/s`), read the same way by the
// CLI's flags and the editor's prompts. Each parser returns the value or a sentence saying what to write.
import { describeRate, parseRate } from './pacer';
import type { SimulatedCapping } from './simulate';

export type Parsed<T> = { value: T } | { error: string };

/** `5000/s`, `120000/min` or a plain number (per second) → events per second. */
export function parseEventRate(text: string): Parsed<number> {
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return { value: Number(text) };
  const parsed = parseRate(text);
  if ('error' in parsed) return parsed;
  return { value: (parsed.rate.count * 1000) / parsed.rate.windowMs };
}

/** `90s`, `10m`, `6h`, `500ms` or plain seconds → whole seconds (rounded up). */
export function parseDurationSeconds(text: string): Parsed<number> {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/i.exec(text);
  if (!m || !(Number(m[1]) > 0)) return { error: `'${text}' is not a duration: write e.g. 90s, 10m or 6h.` };
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 0.001 : unit === 'h' ? 3600 : unit === 'm' || unit === 'min' ? 60 : 1;
  return { value: Math.ceil(Number(m[1]) * factor) };
}

/** A number of 0 or more (audience, latency, connections). */
export function parseCount(text: string): Parsed<number> {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) return { error: `needs a number of 0 or more, not '${text}'.` };
  return { value: n };
}

/** `500/1s`, `3000/min` (and optionally a connection limit) → a capping limit and its description. */
export function parseCappingLimit(text: string, connections?: number): Parsed<{ capping: SimulatedCapping; label: string }> {
  const parsed = parseRate(text);
  if ('error' in parsed) return parsed;
  const capping: SimulatedCapping = { maxCallsCount: parsed.rate.count, periodInMs: parsed.rate.windowMs, maxHttpConnections: connections ?? null };
  return { value: { capping, label: `capping ${describeRate(parsed.rate)}${connections ? `, ≤ ${connections} connections` : ''}` } };
}

/** `4000/s` → a throttling limit (Journey throttles in calls per second only). */
export function parseThrottleLimit(text: string): Parsed<{ throttling: { maxThroughput: number }; label: string }> {
  const parsed = parseRate(text);
  if ('error' in parsed || parsed.rate.windowMs !== 1000) return { error: 'needs calls per second, e.g. 4000/s.' };
  return { value: { throttling: { maxThroughput: parsed.rate.count }, label: `throttling ${parsed.rate.count} calls/s` } };
}
