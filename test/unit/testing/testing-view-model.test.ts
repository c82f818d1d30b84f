import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http/parser';
import type { RequestSender } from '../../../src/core/http/file-runner';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';
import { runHttpFileAsTests } from '../../../src/core/testing/test-cases';
import { caseReport, requestItems } from '../../../src/vscode/testing/test-model';

/** Answers `/status/N` with status N and a small JSON body; `/down` with a network error. */
const sender: RequestSender = {
  async send(request: ResolvedRequest): Promise<RequestResult> {
    const url = new URL(request.url);
    const shown = { method: request.method, url: request.url, headers: request.headers };
    if (url.pathname === '/down') return { request: shown, error: { kind: 'network', message: 'connection refused' } };
    const status = Number(/\/status\/(\d+)/.exec(url.pathname)?.[1] ?? 200);
    const body = new TextEncoder().encode(JSON.stringify({ ok: status < 400 }));
    return { request: shown, response: { status, statusText: '', headers: [['content-type', 'application/json']], body, url: request.url, timings: { firstByteMs: 1, totalMs: 3 } } };
  },
};

const SOURCE = [
  '@host = https://a.test',
  '### Health',
  'GET {{host}}/status/200',
  '',
  '?? status == 200',
  '###',
  '# @name wrong',
  'GET {{host}}/status/200',
  '',
  '?? status == 418',
  '### Health',
  'POST {{host}}/down',
].join('\n');

it('the Testing view lists one child per request, labelled by @name or title, with its range and method + URL', () => {
  const items = requestItems('file:///w/a.http', parseHttpFile(SOURCE));
  assert.deepEqual(items.map((i) => [i.id, i.label, i.index, i.description]), [
    ['file:///w/a.http#Health', 'Health', 0, 'GET {{host}}/status/200'],
    ['file:///w/a.http#wrong', 'wrong', 1, 'GET {{host}}/status/200'],
    ['file:///w/a.http#Health~2', 'Health', 2, 'POST {{host}}/down'],
  ]);
  assert.equal(items[1].range.start.line, 5, 'the range starts at the request\'s ### line');
  assert.ok(items[1].range.end.line >= 9, 'and covers its assertion');
});

it('a request without a name or title is labelled by its position; a file without requests has no children', () => {
  assert.deepEqual(requestItems('f', parseHttpFile('GET https://a.test/\n')).map((i) => i.label), ['#1']);
  assert.deepEqual(requestItems('f', parseHttpFile('# just a comment\n')), []);
});

it('a passing case has no message; a failed assertion gives expected vs actual at the assertion line; an error says why', async () => {
  const suite = await runHttpFileAsTests('a.http', parseHttpFile(SOURCE), sender);
  const [pass, fail, error] = suite.cases.map(caseReport);
  assert.deepEqual(pass, { status: 'passed', durationMs: 3, messages: [] });
  assert.equal(fail.status, 'failed');
  assert.equal(fail.messages[0].expected, '418');
  assert.equal(fail.messages[0].actual, '200');
  assert.match(fail.messages[0].message, /status == 418/);
  assert.equal(fail.messages[0].range?.start.line, 9, 'the failed assertion\'s own line');
  assert.match(fail.messages[1].message, /^Response body:\n/, 'the body of a failing case follows');
  assert.equal(error.status, 'errored');
  assert.match(error.messages[0].message, /connection refused/);
  assert.equal(error.messages[0].range?.start.line, 10, 'an error points at the request');
});
