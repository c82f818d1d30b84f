// Checks a request's `?? …` assertions against its response, without running any code from the file: JSONPath
// with script evaluation off, regular expressions under a time bound. Messages say expected vs actual, masked.
import { isDeepStrictEqual } from 'node:util';
import { JSONPath } from 'jsonpath-plus';
import { redact } from '../log/redact';
import type { Assertion, AssertionOperator } from '../http/parse-types';
import type { HttpResponse } from '../http/types';
import { boundedMatch } from './bounded-regex';

/** How one assertion came out. `expected`/`actual` are for display: masked and shortened. */
export interface AssertionOutcome {
  assertion: Assertion;
  passed: boolean;
  /** One line: the assertion as written, and on failure what was expected and what came back. */
  message: string;
  expected?: string;
  actual?: string;
}

/** Resolves `{{…}}` in an expected value; a problem (e.g. an unresolved variable) fails the assertion. */
export type ExpectedResolver = (text: string) => Promise<{ value: string } | { problem: string }>;

/** Longest value shown in a message (characters); the rest is cut with an ellipsis. */
const MAX_SHOWN = 200;

/** The value an assertion looks at: JSON-typed (a JSONPath match) or text (header, whole body), or absent and why. */
type Actual =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'missing'; why: string }
  | { kind: 'broken'; why: string };

const decoder = new TextDecoder();

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return redact(shorten(typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)));
}

function showActual(actual: Actual): string {
  switch (actual.kind) {
    case 'json':
      return show(actual.value);
    case 'text':
      return show(actual.value);
    case 'number':
      return String(Math.round(actual.value * 10) / 10);
    default:
      return actual.why;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
}

/** What the assertion's subject holds in this response. */
export function actualValue(assertion: Assertion, response: HttpResponse): Actual {
  switch (assertion.subject) {
    case 'status':
      return { kind: 'number', value: response.status };
    case 'duration':
      return { kind: 'number', value: response.timings.totalMs };
    case 'header': {
      const wanted = (assertion.target ?? '').toLowerCase();
      const values = response.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
      return values.length === 0 ? { kind: 'missing', why: `no header ${assertion.target}` } : { kind: 'text', value: values.join(', ') };
    }
    case 'body': {
      const text = decoder.decode(response.body);
      if (assertion.target === undefined) return text === '' ? { kind: 'missing', why: 'an empty body' } : { kind: 'text', value: text };
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { kind: 'broken', why: text === '' ? 'an empty body, not JSON' : `a body that is not JSON (${show(text.slice(0, 40))}…)` };
      }
      let matches: unknown[];
      try {
        // `eval: false`: a filter script in the file's JSONPath never runs.
        matches = JSONPath({ path: assertion.target, json: json as object, wrap: true, eval: false }) as unknown[];
      } catch (error) {
        const message = (error as Error).message;
        return { kind: 'broken', why: /prevented/i.test(message) ? 'a JSONPath with a filter script, which is not run; use an index such as [0]' : `an invalid JSONPath (${message})` };
      }
      if (!Array.isArray(matches) || matches.length === 0) return { kind: 'missing', why: `nothing at ${assertion.target}` };
      return { kind: 'json', value: matches.length === 1 ? matches[0] : matches };
    }
  }
}

/** An expected value as a JSON literal when it is one (`5`, `"5"`, `true`, `null`, `[1]`), else the text as written. */
function literal(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Text written in the file, with one pair of JSON string quotes removed (`"a b"` → `a b`). */
function unquoted(raw: string): string {
  const value = literal(raw);
  return typeof value === 'string' ? value : raw;
}

/** Numeric text: one reading per string (no nested quantifiers), and long text is not a number anyway. */
const NUMERIC = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.length <= 100 && NUMERIC.test(value)) return Number(value);
  return undefined;
}

function textOf(actual: Actual): string | undefined {
  if (actual.kind === 'text') return actual.value;
  if (actual.kind === 'number') return String(actual.value);
  if (actual.kind === 'json' && (typeof actual.value === 'string' || typeof actual.value === 'number')) return String(actual.value);
  return undefined;
}

type Verdict = { passed: boolean; note?: string };

function equals(actual: Actual, raw: string): Verdict {
  switch (actual.kind) {
    case 'number': {
      const expected = asNumber(unquoted(raw));
      return expected === undefined ? { passed: false, note: `${show(raw)} is not a number` } : { passed: actual.value === expected };
    }
    case 'text': {
      if (actual.value === unquoted(raw)) return { passed: true };
      // A JSON body equals a JSON value written differently (spacing, key order).
      const expected = literal(raw);
      if (typeof expected !== 'object' || expected === null) return { passed: false };
      try {
        return { passed: isDeepStrictEqual(JSON.parse(actual.value), expected) };
      } catch {
        return { passed: false };
      }
    }
    case 'json': {
      const expected = literal(raw);
      if (isDeepStrictEqual(actual.value, expected)) return { passed: true };
      // Types are kept: `5` does not equal `"5"`; say so, since the two print alike.
      const sameType = typeName(actual.value) === typeName(expected);
      return { passed: false, note: sameType ? undefined : `${typeName(actual.value)}, not ${typeName(expected)}` };
    }
    default:
      return { passed: false };
  }
}

function compare(actual: Actual, raw: string, operator: '<' | '<=' | '>' | '>='): Verdict {
  const value = actual.kind === 'missing' || actual.kind === 'broken' ? undefined : asNumber(actual.value);
  const expected = asNumber(unquoted(raw));
  if (expected === undefined) return { passed: false, note: `the expected value ${show(raw)} is not a number` };
  if (value === undefined) return { passed: false, note: 'not a number' };
  switch (operator) {
    case '<':
      return { passed: value < expected };
    case '<=':
      return { passed: value <= expected };
    case '>':
      return { passed: value > expected };
    case '>=':
      return { passed: value >= expected };
  }
}

function includes(actual: Actual, raw: string): Verdict {
  if (actual.kind === 'json' && Array.isArray(actual.value)) {
    const expected = literal(raw);
    return { passed: actual.value.some((item) => isDeepStrictEqual(item, expected)) };
  }
  if (actual.kind === 'json' && actual.value !== null && typeof actual.value === 'object') {
    return { passed: Object.hasOwn(actual.value, unquoted(raw)) };
  }
  const text = textOf(actual);
  if (text === undefined) return { passed: false, note: 'neither text nor an array' };
  return { passed: text.includes(unquoted(raw)) };
}

function typeCheck(actual: Actual, operator: 'isNumber' | 'isString' | 'isArray' | 'isBoolean'): boolean {
  if (actual.kind === 'json') {
    const v = actual.value;
    if (operator === 'isNumber') return typeof v === 'number';
    if (operator === 'isString') return typeof v === 'string';
    if (operator === 'isArray') return Array.isArray(v);
    return typeof v === 'boolean';
  }
  if (actual.kind === 'number') return operator === 'isNumber';
  // Header values and whole bodies are text: a number or boolean is judged by how it reads.
  if (actual.kind === 'text') {
    if (operator === 'isNumber') return asNumber(actual.value) !== undefined;
    if (operator === 'isBoolean') return actual.value === 'true' || actual.value === 'false';
    return operator === 'isString';
  }
  return false;
}

const PHRASES: Partial<Record<AssertionOperator, string>> = {
  '==': '', '!=': 'not ', includes: 'to include ', '!includes': 'not to include ', startsWith: 'to start with ', endsWith: 'to end with ',
  matches: 'to match ', '<': '< ', '<=': '<= ', '>': '> ', '>=': '>= ',
};

/** Decides one assertion whose expected value (if any) is already resolved. Pure, apart from the bounded regex. */
export function checkAssertion(assertion: Assertion, response: HttpResponse, expected?: string): AssertionOutcome {
  const actual = actualValue(assertion, response);
  const op = assertion.operator;
  const text = redact(assertion.text);
  // A session cookie is a credential: its name stays readable, its value is masked.
  const cookie = assertion.subject === 'header' && assertion.target?.toLowerCase() === 'set-cookie';
  const outcome = (verdict: Verdict, expectedShown: string): AssertionOutcome => {
    const actualShown = cookie ? showActual(actual).replace(/(^"|, )([^=;,\s]+=)[^;,"]*/g, '$1$2***') : showActual(actual);
    if (verdict.passed) return { assertion, passed: true, message: text, expected: expectedShown, actual: actualShown };
    const note = verdict.note ? ` (${verdict.note})` : '';
    return { assertion, passed: false, message: `${text}: expected ${expectedShown}, got ${actualShown}${note}`, expected: expectedShown, actual: actualShown };
  };
  const subjectName = assertion.subject === 'header' ? `header ${assertion.target}` : assertion.target ?? assertion.subject;
  if (op === 'exists' || op === '!exists') {
    const present = actual.kind !== 'missing' && actual.kind !== 'broken';
    if (actual.kind === 'broken') return outcome({ passed: false }, op === 'exists' ? `${subjectName} to exist` : `no ${subjectName}`);
    return outcome({ passed: op === 'exists' ? present : !present }, op === 'exists' ? `${subjectName} to exist` : `no ${subjectName}`);
  }
  if (op === 'isNumber' || op === 'isString' || op === 'isArray' || op === 'isBoolean') {
    const wanted = { isNumber: 'a number', isString: 'a string', isArray: 'an array', isBoolean: 'a boolean' }[op];
    const verdict = { passed: typeCheck(actual, op), note: actual.kind === 'json' ? typeName(actual.value) : undefined };
    return outcome(verdict, wanted);
  }
  const raw = expected ?? assertion.expected ?? '';
  const numeric = assertion.subject === 'status' || assertion.subject === 'duration' || ['<', '<=', '>', '>='].includes(op);
  const typed = assertion.subject === 'body' && assertion.target !== undefined;
  const shownValue = numeric ? asNumber(unquoted(raw)) ?? raw : typed ? literal(raw) : unquoted(raw);
  const expectedShown = `${PHRASES[op] ?? ''}${op === 'matches' ? redact(shorten(raw)) : show(shownValue)}`;
  if (actual.kind === 'missing' || actual.kind === 'broken') return outcome({ passed: false }, expectedShown);
  switch (op) {
    case '==':
      return outcome(equals(actual, raw), expectedShown);
    case '!=': {
      const verdict = equals(actual, raw);
      // A status or duration compared with something that is not a number is a mistake in the file, not a pass.
      if (actual.kind === 'number' && verdict.note) return outcome(verdict, expectedShown);
      return outcome({ passed: !verdict.passed }, expectedShown);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return outcome(compare(actual, raw, op), expectedShown);
    case 'includes':
      return outcome(includes(actual, raw), expectedShown);
    case '!includes': {
      const verdict = includes(actual, raw);
      return outcome(verdict.note ? verdict : { passed: !verdict.passed }, expectedShown);
    }
    case 'startsWith':
    case 'endsWith': {
      const value = textOf(actual);
      if (value === undefined) return outcome({ passed: false, note: 'not text' }, expectedShown);
      const wanted = unquoted(raw);
      return outcome({ passed: op === 'startsWith' ? value.startsWith(wanted) : value.endsWith(wanted) }, expectedShown);
    }
    case 'matches': {
      const value = textOf(actual);
      if (value === undefined) return outcome({ passed: false, note: 'not text' }, expectedShown);
      const result = boundedMatch(raw, value);
      return outcome('problem' in result ? { passed: false, note: result.problem } : { passed: result.matched }, expectedShown);
    }
  }
}

/** Checks every assertion in order; expected values with `{{…}}` go through `resolve` first. */
export async function checkAssertions(assertions: readonly Assertion[], response: HttpResponse, resolve?: ExpectedResolver): Promise<AssertionOutcome[]> {
  const out: AssertionOutcome[] = [];
  for (const assertion of assertions) {
    let expected = assertion.expected;
    if (expected !== undefined && expected.includes('{{')) {
      const resolved = resolve ? await resolve(expected) : { problem: 'variables cannot be resolved here' };
      if ('problem' in resolved) {
        out.push({ assertion, passed: false, message: `${redact(assertion.text)}: the expected value cannot be worked out: ${redact(resolved.problem)}` });
        continue;
      }
      expected = resolved.value;
    }
    out.push(checkAssertion(assertion, response, expected));
  }
  return out;
}
