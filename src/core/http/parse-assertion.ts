// Reads one httpYac assertion line (`?? status == 200`, `?? header content-type includes json`,
// `?? body $.results.length > 0`, `?? duration < 500`). Forms we cannot check without running code are refused.

import { ASSERTION_OPERATORS, type Assertion, type AssertionOperator, type AssertionSubject } from './parse-types';
import { LineRange } from './parse-range';

const OPERATORS = new Set<string>(ASSERTION_OPERATORS);
const UNARY = new Set<AssertionOperator>(['exists', '!exists', 'isNumber', 'isString', 'isArray', 'isBoolean']);
const SUBJECTS = new Set<string>(['status', 'header', 'body', 'duration']);

/** Whether `operator` takes no expected value. */
export function isUnaryOperator(operator: AssertionOperator): boolean {
  return UNARY.has(operator);
}

function skipBlanks(t: string, i: number): number {
  while (i < t.length && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
  return i;
}

function wordEnd(t: string, i: number): number {
  while (i < t.length && t.charCodeAt(i) !== 32 && t.charCodeAt(i) !== 9) i++;
  return i;
}

/** The end of a JSONPath: the first blank outside brackets and quotes (`$['a b'][0]` is one path). */
function pathEnd(t: string, i: number): number {
  let depth = 0;
  let quote = 0;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */) i++;
      else if (c === quote) quote = 0;
    } else if (c === 39 || c === 34) {
      quote = c;
    } else if (c === 91 /* [ */) {
      depth++;
    } else if (c === 93 /* ] */) {
      depth = Math.max(0, depth - 1);
    } else if ((c === 32 || c === 9) && depth === 0) {
      break;
    }
  }
  return i;
}

const SUPPORTED = 'Supported: `?? status|duration OP value`, `?? header NAME OP value`, `?? body [$.json.path] OP value`';
const OPERATOR_LIST = ASSERTION_OPERATORS.join(' ');

/**
 * Parses line `line` (text `t`, starting with `??`). Returns the assertion, or a message saying why the line is
 * not one we can check (the caller reports it as a warning and the line is ignored).
 */
export function parseAssertionLine(t: string, line: number): Assertion | string {
  let end = t.length;
  while (end > 0 && (t.charCodeAt(end - 1) === 32 || t.charCodeAt(end - 1) === 9)) end--;
  const body = t.slice(0, end);
  const textStart = skipBlanks(body, 2);
  const text = body.slice(textStart);
  const range = new LineRange(line, 0, line, end);
  let i = textStart;
  const subjectEnd = wordEnd(body, i);
  const subject = body.slice(i, subjectEnd);
  if (!SUBJECTS.has(subject)) {
    const why = subject === 'js' ? 'JavaScript assertions (`?? js …`) are not run' : subject === 'xpath' ? 'XPath assertions are not supported' : `\`${subject || '??'}\` is not something an assertion can check`;
    return `${why}; this assertion is ignored. ${SUPPORTED}.`;
  }
  i = skipBlanks(body, subjectEnd);
  let target: string | undefined;
  if (subject === 'header') {
    const e = wordEnd(body, i);
    target = body.slice(i, e);
    if (target === '' || OPERATORS.has(target)) return `\`?? header\` needs a header name before the operator, e.g. \`?? header content-type includes json\`; this assertion is ignored.`;
    i = skipBlanks(body, e);
  } else if (subject === 'body' && body.charCodeAt(i) === 36 /* $ */) {
    const e = pathEnd(body, i);
    target = body.slice(i, e);
    i = skipBlanks(body, e);
  } else if (subject === 'body' && body.charCodeAt(i) === 47 /* / */) {
    return 'XPath is not supported; use a JSONPath (`$.a.b`) on a JSON body. This assertion is ignored.';
  }
  const opEnd = wordEnd(body, i);
  const operator = body.slice(i, opEnd);
  if (!OPERATORS.has(operator)) {
    return `${operator === '' ? 'The assertion names no operator' : `\`${operator}\` is not an assertion operator`} (use one of ${OPERATOR_LIST}); this assertion is ignored.`;
  }
  const op = operator as AssertionOperator;
  const rest = body.slice(skipBlanks(body, opEnd));
  if (UNARY.has(op)) {
    if (rest !== '') return `\`${op}\` takes no value (\`${rest}\` follows it); this assertion is ignored.`;
    return { subject: subject as AssertionSubject, ...(target !== undefined ? { target } : {}), operator: op, text, range };
  }
  if (rest === '') return `\`${op}\` needs a value after it (write \`""\` for an empty text); this assertion is ignored.`;
  return { subject: subject as AssertionSubject, ...(target !== undefined ? { target } : {}), operator: op, expected: rest, text, range };
}
