// What `aio-requests run` prints for each request: a status line (`--output status`, the default), with the
// response headers, the body, or the whole exchange; JSON lines (`--json`); or TAP (`--reporter tap`). A request
// that fails (an assertion, or a status with --fail-on-status) always shows its response body, capped.
import { redact } from '../core/log/redact';
import { bodyText, formatBytes, shownBody } from '../core/http/response-text';
import { displayHops } from '../core/http/exchange';
import type { ConnectionTimings, HttpResponse } from '../core/http/types';
import type { TestCaseResult } from '../core/testing/test-cases';
import type { PagedResult } from '../core/traffic/pacing-scheduler';
import { printable, printableLines } from './terminal-text';

export const OUTPUT_MODES = ['status', 'headers', 'body', 'exchange'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export interface PrintOptions {
  mode: OutputMode;
  /** stdout is a terminal: JSON bodies are re-indented for reading. */
  terminal: boolean;
}

/** What one request prints: `out` goes to stdout, `err` to stderr (in `body` mode stdout carries only bodies). */
export interface Printed {
  out: string;
  err: string;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** `login  POST https://…  200 OK  12 ms  1.2 KB`, plus the assertions' tally when the request has some. */
export function statusLine(testCase: TestCaseResult): string {
  const { request, response, error } = testCase.run.result;
  const head = printable(`${testCase.label}  ${request.method} ${request.url}`);
  if (!response) return `${head}  ✗ ${error?.kind}: ${printable(error?.message ?? '')}\n`;
  const status = `${response.status}${response.statusText ? ` ${printable(response.statusText)}` : ''}`;
  const waited = response.timings.waitedMs ? ` (+${Math.round(response.timings.waitedMs / 1000)} s Retry-After)` : '';
  const note = error ? `  ✗ ${error.kind}: ${printable(error.message)}` : '';
  const total = testCase.assertions.length;
  const failed = testCase.assertions.filter((a) => !a.passed).length;
  const tally = total === 0 ? '' : failed === 0 ? `  ✓ ${total} assertion${total === 1 ? '' : 's'}` : `  ✗ ${failed} of ${total} assertion${total === 1 ? '' : 's'} failed`;
  return `${head}  ${status}  ${formatMs(response.timings.totalMs)}${waited}  ${formatBytes(response.body.byteLength)}${note}${tally}\n`;
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}

/** Why a case did not pass, one `✗` line each, then (when asked) its capped response body. */
function failureDetails(testCase: TestCaseResult, withBody: boolean): string {
  if (testCase.status !== 'failed' && testCase.status !== 'errored') return '';
  let out = '';
  // An error is on the status line already; assertion and status failures are listed here.
  const messages = testCase.status === 'failed' ? testCase.messages : testCase.assertions.filter((a) => !a.passed).map((a) => a.message);
  for (const message of messages) out += `  ✗ ${printable(message)}\n`;
  if (withBody && testCase.body !== undefined) out += `  response body:\n${indent(printableLines(testCase.body), '    ')}\n`;
  return out;
}

/** Set-Cookie values are credentials: the cookie's name and attributes stay, its value is masked. */
function shownHeaderValue(name: string, value: string): string {
  if (name.toLowerCase() === 'set-cookie') return value.replace(/^([^=;]*=)[^;]*/, '$1***');
  return redact(value);
}

function headerLines(headers: ReadonlyArray<[string, string]>, prefix: string): string {
  return headers.map(([name, value]) => `${prefix}${printable(name)}: ${printable(shownHeaderValue(name, value))}\n`).join('');
}

function bodyBlock(response: HttpResponse, terminal: boolean): string {
  if (response.body.byteLength === 0) return '';
  const text = printableLines(shownBody(response, { pretty: terminal }).text);
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The request as sent (credentials masked by the runner) and the whole response. */
function exchange(testCase: TestCaseResult, terminal: boolean): string {
  const { request, response } = testCase.run.result;
  let out = `${printable(`${request.method} ${request.url}`)}\n${headerLines(request.headers, '')}`;
  if (request.body !== undefined && request.body !== '') out += `\n${printableLines(request.body)}${request.body.endsWith('\n') ? '' : '\n'}`;
  if (!response) return out;
  out += `\nHTTP ${response.status}${response.statusText ? ` ${printable(response.statusText)}` : ''}\n${headerLines(response.headers, '')}`;
  const body = bodyBlock(response, terminal);
  return body === '' ? out : `${out}\n${body}`;
}

/** A test case, or one page of a `# @paginate` request's case. */
export type PageCase = TestCaseResult & { page?: number };

/** A `# @paginate` request as one case per page (assertions are the first page's); other cases as they are. */
export function pageCases(testCase: TestCaseResult): PageCase[] {
  const pages = (testCase.run.result as PagedResult).pages;
  if (!pages || pages.length <= 1) return [testCase];
  return pages.map((page, i) => ({
    ...testCase,
    label: `${testCase.label} [page ${i + 1}/${pages.length}]`,
    assertions: i === 0 ? testCase.assertions : [],
    run: { ...testCase.run, result: page },
    page: i + 1,
  }));
}

/** The text output of one finished request, in the chosen mode. */
export function printCase(testCase: TestCaseResult, options: PrintOptions): Printed {
  const response = testCase.run.result.response;
  switch (options.mode) {
    case 'status':
      return { out: statusLine(testCase) + failureDetails(testCase, true), err: '' };
    case 'headers':
      return { out: statusLine(testCase) + (response ? headerLines(response.headers, '  ') : '') + failureDetails(testCase, true), err: '' };
    case 'body':
      return { out: response ? bodyBlock(response, options.terminal) : '', err: statusLine(testCase) + failureDetails(testCase, false) };
    case 'exchange':
      return { out: `${statusLine(testCase)}${exchange(testCase, options.terminal)}${failureDetails(testCase, false)}\n`, err: '' };
  }
}

function jsonHeaders(headers: ReadonlyArray<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const shown = shownHeaderValue(key, value);
    const known = out[key];
    out[key] = known === undefined ? shown : Array.isArray(known) ? [...known, shown] : [known, shown];
  }
  return out;
}

/** The body for a JSON line: masked text, or base64 for bytes that are not text; at most `max` bytes of it. */
function jsonBody(response: HttpResponse, max: number): { body: string; bodyEncoding: 'utf8' | 'base64'; bodyTruncated: boolean } {
  const text = bodyText(response);
  if (text === undefined) {
    const bytes = response.body.subarray(0, max);
    return { body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), bodyEncoding: 'base64', bodyTruncated: response.body.byteLength > max };
  }
  const cut = response.body.byteLength > max;
  // Cut by bytes, then dropped back to whole characters (a split UTF-8 sequence decodes to U+FFFD: removed).
  const kept = cut ? new TextDecoder().decode(response.body.subarray(0, max)).replace(/\ufffd$/, '') : text;
  return { body: redact(kept), bodyEncoding: 'utf8', bodyTruncated: cut };
}

const tenths = (ms: number): number => Math.round(ms * 10) / 10;

function jsonConnection(c: ConnectionTimings): ConnectionTimings {
  return {
    connection: c.connection,
    ...(c.dnsMs !== undefined ? { dnsMs: tenths(c.dnsMs) } : {}),
    ...(c.connectMs !== undefined ? { connectMs: tenths(c.connectMs) } : {}),
    ...(c.tlsMs !== undefined ? { tlsMs: tenths(c.tlsMs) } : {}),
  };
}

/** One JSON object per request; `file` names the `.http` file it came from. */
export function jsonLine(testCase: PageCase, file: string, jsonBodyMax: number): string {
  const { request, response, error } = testCase.run.result;
  const block = testCase.run.block;
  return `${JSON.stringify({
    file,
    name: block.name ?? null,
    title: block.title ?? null,
    ...(testCase.page !== undefined ? { page: testCase.page } : {}),
    method: request.method,
    url: request.url,
    status: response?.status ?? null,
    statusText: response?.statusText ?? null,
    timeMs: response ? Math.round(response.timings.totalMs * 10) / 10 : null,
    firstByteMs: response ? Math.round(response.timings.firstByteMs * 10) / 10 : null,
    ...(response?.timings.connection ? { connection: jsonConnection(response.timings.connection) } : {}),
    ...(response?.redirects ? { redirects: displayHops(response.redirects).map((hop) => ({ ...hop, ms: tenths(hop.ms), ...(hop.connection ? { connection: jsonConnection(hop.connection) } : {}) })) } : {}),
    size: response?.body.byteLength ?? null,
    error: error ? { kind: error.kind, message: error.message, ...(error.variables ? { variables: error.variables } : {}) } : null,
    outcome: testCase.status,
    assertions: testCase.assertions.map((a) => ({
      assertion: a.assertion.text,
      line: a.assertion.range.start.line + 1,
      passed: a.passed,
      message: a.message,
      ...(a.expected !== undefined ? { expected: a.expected } : {}),
      ...(a.actual !== undefined ? { actual: a.actual } : {}),
    })),
    headers: response ? jsonHeaders(response.headers) : null,
    ...(response ? jsonBody(response, jsonBodyMax) : { body: null }),
  })}\n`;
}
