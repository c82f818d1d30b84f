// Values of `aio-requests run`'s options: durations, sizes, the output choice and the run's own pacing.
import { AioError } from '../core/errors';
import type { PacingRequest } from '../core/traffic/limits';
import { parseRate } from '../core/traffic/pacer';
import { OUTPUT_MODES, type OutputMode } from './output';

/** `30s`, `2m`, `1500ms` or a bare number of milliseconds. */
export function parseDuration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(value);
  const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 'ms').toLowerCase() as 'ms' | 's' | 'm']) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new AioError('usage', `${flag} '${value}' is not a duration: write e.g. 30s, 2m or 1500ms.`);
  return ms;
}

/** `500KB`, `50MB`, `1GB` or a bare number of bytes. */
export function parseSize(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m?.[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
  const bytes = m ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes <= 0) throw new AioError('usage', `${flag} '${value}' is not a size: write e.g. 500KB or 50MB.`);
  return bytes;
}

/** Parses `--output`, `--reporter` and their combinations with `--json`. */
export function outputChoice(values: { output?: string; reporter?: string; json?: boolean }): { mode: OutputMode; tap: boolean } {
  const mode = (values.output ?? 'status') as OutputMode;
  if (!(OUTPUT_MODES as readonly string[]).includes(mode)) throw new AioError('usage', `--output '${values.output}' is not an output mode: use ${OUTPUT_MODES.join(', ')}.`);
  if (values.reporter !== undefined && values.reporter !== 'tap' && values.reporter !== 'text') {
    throw new AioError('usage', `--reporter '${values.reporter}' is not a reporter: use tap (or --json, or --junit FILE).`);
  }
  const tap = values.reporter === 'tap';
  if (tap && values.json) throw new AioError('usage', '--reporter tap and --json both choose what stdout carries: pick one.');
  if ((tap || values.json) && values.output !== undefined && mode !== 'status') {
    throw new AioError('usage', `--output ${mode} prints text; it cannot be combined with ${tap ? '--reporter tap' : '--json'} (--json lines carry the headers and body already).`);
  }
  return { mode, tap };
}

/** `--rate`, `--concurrency`, `--ignore-limits`: the run's own pacing (a file's and a request's directives win). */
export function cliPacing(values: { rate?: string; concurrency?: string; 'ignore-limits'?: boolean }): PacingRequest {
  const pacing: PacingRequest = {};
  if (values.rate !== undefined) {
    const parsed = parseRate(values.rate);
    if ('error' in parsed) throw new AioError('usage', `--rate '${values.rate}': ${parsed.error}`);
    pacing.rate = parsed.rate;
  }
  if (values.concurrency !== undefined) {
    const n = Number(values.concurrency);
    if (!/^\d+$/.test(values.concurrency) || n < 1 || n > 1000) throw new AioError('usage', `--concurrency '${values.concurrency}' is not a number of requests in flight: write a whole number from 1 to 1000.`);
    pacing.concurrency = n;
  }
  if (values['ignore-limits']) pacing.noLimits = true;
  return pacing;
}
