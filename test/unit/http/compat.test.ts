// The compatibility corpus: `.http` files written in REST Client's documented syntax, parsed, resolved and sent
// to a loopback echo server; each `NAME.expected.json` lists what the server must have received, in order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHttpFile } from '../../../src/core/http/parser';
import { runHttpFile } from '../../../src/core/http/file-runner';
import { HttpRunner } from '../../../src/core/http/runner';
import { selectEnvironment } from '../../../src/core/http/environments';
import { startEchoServer, type EchoServer, type ReceivedRequest } from '../../support/echo-server';

const CORPUS = join(__dirname, 'corpus');

interface Expected {
  method: string;
  /** Exact, or `re:` followed by a regular expression. */
  url: string;
  headers?: Record<string, string>;
  absentHeaders?: string[];
  body?: string;
  json?: unknown;
}

function matches(actual: string | undefined, expected: string, what: string): void {
  if (expected.startsWith('re:')) assert.match(actual ?? '', new RegExp(expected.slice(3)), what);
  else assert.equal(actual, expected, what);
}

function check(received: ReceivedRequest, expected: Expected, label: string): void {
  assert.equal(received.method, expected.method, `${label}: method`);
  matches(received.url, expected.url, `${label}: url`);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const actual = received.headers[name];
    matches(Array.isArray(actual) ? actual.join(', ') : actual, value, `${label}: header ${name}`);
  }
  for (const name of expected.absentHeaders ?? []) assert.equal(received.headers[name], undefined, `${label}: header ${name} must not be sent`);
  if (expected.body !== undefined) assert.equal(received.body, expected.body, `${label}: body`);
  if (expected.json !== undefined) assert.deepEqual(JSON.parse(received.body), expected.json, `${label}: JSON body`);
}

describe('REST Client compatibility corpus', () => {
  let server: EchoServer;
  let runner: HttpRunner;
  before(async () => {
    server = await startEchoServer();
    runner = new HttpRunner({ env: {} });
  });
  after(async () => {
    await runner.destroy();
    await server.close();
  });

  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.http')).sort();
  it('has a corpus to run', () => assert.ok(files.length >= 5));

  for (const name of files) {
    it(name, async () => {
      const filePath = join(CORPUS, name);
      const expected = JSON.parse(readFileSync(filePath.replace(/\.http$/, '.expected.json'), 'utf8')) as Expected[];
      const file = parseHttpFile(readFileSync(filePath, 'utf8'));
      assert.deepEqual(file.problems.filter((p) => p.severity === 'error'), [], 'the file parses without errors');
      const environment = selectEnvironment(
        { names: ['corpus'], sets: { $shared: { version: 'v1', tenant: 'acme' }, corpus: { baseUrl: server.url, hostPort: `127.0.0.1:${server.port}`, version: 'v2' } }, sources: [] },
        'corpus',
      );
      const start = server.received.length;
      const runs = await runHttpFile(file, runner, {
        context: { filePath, workspaceRoot: CORPUS, readFile: (p) => readFile(p), processEnv: { CORPUS_USER: 'alice-from-env' }, environment },
      });
      for (const run of runs) assert.equal(run.result.error, undefined, `${run.block.title ?? run.block.index}: ${run.result.error?.message}`);
      const received = server.received.slice(start);
      assert.equal(received.length, expected.length, 'number of requests received');
      expected.forEach((e, i) => check(received[i], e, `${name} request ${i + 1}`));
    });
  }
});
