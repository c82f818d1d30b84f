// `{{$…}}` system variables, REST Client compatible (plus JetBrains' `$uuid` and `$isoTimestamp`). Time,
// randomness, the process environment and `.env` come through ports so tests are deterministic.

import { randomUUID } from 'node:crypto';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { Clock } from '../ports';

export { SYSTEM_VARIABLE_NAMES } from './variable-names';

dayjs.extend(utc);

/** What system variables read from the outside world. */
export interface SystemVariablePorts {
  clock: Clock;
  /** A number in [0, 1). */
  random: () => number;
  randomUUID: () => string;
  processEnv: Readonly<Record<string, string | undefined>>;
  /** The `.env` next to the `.http` file, parsed; empty when there is none. */
  dotenv: () => Promise<Readonly<Record<string, string>>>;
  /** A plain variable's value, for `$processEnv %name` / `$dotenv %name` indirection. */
  variable: (name: string) => Promise<string | undefined>;
}

/** Defaults for the non-I/O ports. */
export const defaultRandom = (): number => Math.random();
export const defaultRandomUUID = (): string => randomUUID();

/** The value, or why it could not be produced. */
export type SystemValue = { value: string } | { problem: string };

const OFFSET_UNITS: Record<string, dayjs.ManipulateType> = {
  y: 'y', M: 'M', w: 'w', d: 'd', h: 'h', m: 'm', s: 's', ms: 'ms',
};

/** Splits arguments on whitespace; `"…"` and `'…'` quote a format containing spaces. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      const end = close < 0 ? text.length : close;
      out.push(text.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    const s = i;
    while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
    out.push(text.slice(s, i));
  }
  return out;
}

/** Applies an optional `offset unit` pair (`-1 d`, `2 h`) to `now`; undefined when the pair is malformed. */
function shifted(now: number, args: string[]): dayjs.Dayjs | string {
  const base = dayjs(now);
  if (args.length === 0) return base;
  if (args.length !== 2 || !/^[-+]?\d+$/.test(args[0]) || !(args[1] in OFFSET_UNITS)) {
    return `expects an optional offset and unit, e.g. \`-1 d\` (units: ${Object.keys(OFFSET_UNITS).join(', ')})`;
  }
  return base.add(Number(args[0]), OFFSET_UNITS[args[1]]);
}

function formatDate(kind: '$datetime' | '$localDatetime', args: string[], now: number): SystemValue {
  const format = args[0];
  if (!format) return { problem: `\`${kind}\` needs a format: rfc1123, iso8601 or a quoted pattern such as "YYYY-MM-DD"` };
  const when = shifted(now, args.slice(1));
  if (typeof when === 'string') return { problem: `\`${kind}\` ${when}` };
  const local = kind === '$localDatetime';
  const d = local ? when : when.utc();
  if (format === 'rfc1123') {
    return { value: local ? d.format('ddd, DD MMM YYYY HH:mm:ss ZZ') : d.toDate().toUTCString() };
  }
  if (format === 'iso8601') {
    return { value: local ? d.format('YYYY-MM-DDTHH:mm:ss.SSSZ') : d.toISOString() };
  }
  const quoted = (format.startsWith('"') && format.endsWith('"')) || (format.startsWith("'") && format.endsWith("'"));
  if (quoted && format.length >= 2) return { value: d.format(format.slice(1, -1)) };
  return { problem: `\`${kind}\` format must be rfc1123, iso8601 or a quoted pattern such as "YYYY-MM-DD", not \`${format}\`` };
}

/** Reads `NAME` or, with `%name`, the variable `name` whose value is the name (REST Client's indirection). */
async function indirectName(arg: string | undefined, ports: SystemVariablePorts): Promise<string | undefined> {
  if (!arg) return undefined;
  if (!arg.startsWith('%')) return arg;
  return ports.variable(arg.slice(1));
}

/** Evaluates a `$…` expression (without braces), e.g. `$randomInt 1 10`. */
export async function evaluateSystemVariable(expression: string, ports: SystemVariablePorts): Promise<SystemValue> {
  const [name, ...args] = tokenize(expression);
  const now = ports.clock.now();
  switch (name) {
    case '$guid':
    case '$uuid':
      return { value: ports.randomUUID() };
    case '$isoTimestamp':
      return { value: new Date(now).toISOString() };
    case '$timestamp': {
      const when = shifted(now, args);
      if (typeof when === 'string') return { problem: `\`$timestamp\` ${when}` };
      return { value: String(Math.floor(when.valueOf() / 1000)) };
    }
    case '$randomInt': {
      // JetBrains allows no arguments (0 to 1000); REST Client takes `min max`, max exclusive.
      const [min, max] = args.length === 0 ? [0, 1000] : args.map(Number);
      if (args.length > 2 || !Number.isInteger(min) || !Number.isInteger(max) || max <= min) {
        return { problem: '`$randomInt` needs two integers `min max` with min < max' };
      }
      return { value: String(min + Math.floor(ports.random() * (max - min))) };
    }
    case '$datetime':
    case '$localDatetime':
      return formatDate(name, args, now);
    case '$processEnv': {
      const key = await indirectName(args[0], ports);
      if (!key) return { problem: '`$processEnv` needs an environment variable name' };
      const value = ports.processEnv[key];
      return value === undefined ? { problem: `environment variable \`${key}\` is not set` } : { value };
    }
    case '$dotenv': {
      const key = await indirectName(args[0], ports);
      if (!key) return { problem: '`$dotenv` needs a variable name' };
      const value = (await ports.dotenv())[key];
      return value === undefined ? { problem: `\`${key}\` is not in the .env file next to this file` } : { value };
    }
    default:
      return { problem: `unknown system variable \`${name}\`` };
  }
}
