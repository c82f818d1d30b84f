import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http/parser';
import type { RequestSender } from '../../../src/core/http/file-runner';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';
import { runHttpFileAsTests } from '../../../src/core/testing/test-cases';

/** Answers `/status/N` with status N and a JSON body echoing the path; `/down` with a network error. */
const sender: RequestSender = {
  async send(request: ResolvedRequest): Promise<RequestResult> {
    const url = new URL(request.url);
    const shown = { method: request.method, url: request.url, headers: request.headers };
    if (url.pathname === '/down') return { request: shown, error: { kind: 'network', message: 'connection refused' } };
    const status = Number(/\/status\/(\d+)/.exec(url.pathname)?.[1] ?? 200);
    const body = new TextEncoder().encode(JSON.stringify({ path: url.pathname, id: 7 }));
    return { request: shown, response: { status, statusText: '', headers: [['content-type', 'application/json']], body, url: request.url, timings: { firstByteMs: 1, totalMs: 2 } } };
  },
};

it('each request is a test case: assertions pass or fail, expected values resolve variables and chains, errors are errors', async () => {
  const file = parseHttpFile([
    '@want = 7',
    '### first',
    '# @name first',
    'GET https://a.test/status/200',
    '',
    '?? status == 200',
    '?? body $.id == {{want}}',
    '### second',
    'GET https://a.test/status/404',
    '',
    '?? status == 404',
    '?? body $.id == {{first.response.body.$.id}}',
    '?? body $.path == {{missing}}',
    '### third',
    'GET https://a.test/status/500',
    '### down',
    'GET https://a.test/down',
    '',
    '?? status == 200',
  ].join('\n'));
  const suite = await runHttpFileAsTests('api.http', file, sender, { failOnStatus: true, maxBodyChars: 20 });
  assert.equal(suite.name, 'api.http');
  assert.deepEqual(suite.cases.map((c) => [c.label, c.status]), [['first', 'passed'], ['second', 'failed'], ['third', 'failed'], ['down', 'errored']]);
  // A request that asserts its own status is not failed by --fail-on-status for it.
  assert.deepEqual(suite.cases[1].messages, [
    'body $.path == {{missing}}: the expected value cannot be worked out: unresolved variable {{missing}} (not defined in this file, and no environment is selected).',
  ]);
  assert.deepEqual(suite.cases[1].assertions.map((a) => a.passed), [true, true, false]);
  assert.deepEqual(suite.cases[2].messages, ['status 500 (400 or above, with --fail-on-status)']);
  assert.match(suite.cases[2].body!, /^\{"path":"\/status\/500… \(29 B in all, cut at 20 characters\)$/);
  assert.deepEqual(suite.cases[3].messages, ['network: connection refused']);
  assert.equal(suite.cases[3].assertions.length, 0);
  assert.equal(suite.cases[0].body, undefined);
});

it('keepCases false: every case is still told in order, but the suite holds none (a long CLI run keeps nothing it printed)', async () => {
  const file = parseHttpFile(Array.from({ length: 5 }, (_, i) => `### r${i}\nGET https://a.test/status/${200 + i}\n`).join('\n'));
  const told: string[] = [];
  const suite = await runHttpFileAsTests('many.http', file, sender, { keepCases: false, onCase: (c) => told.push(`${c.label} ${c.run.result.response?.status}`) });
  assert.deepEqual(told, ['r0 200', 'r1 201', 'r2 202', 'r3 203', 'r4 204']);
  assert.deepEqual(suite.cases, []);
  const kept = await runHttpFileAsTests('many.http', file, sender, {});
  assert.equal(kept.cases.length, 5);
});
