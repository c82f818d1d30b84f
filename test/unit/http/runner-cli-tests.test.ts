// `aio-requests run` as a test runner: assertions, output modes, JSON lines with bodies, TAP, JUnit, folders.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { XMLParser } from 'fast-xml-parser';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { startEchoServer, type EchoServer } from '../../support/echo-server';

function fakeIo(cwd: string, terminal = false): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    env: {},
    cwd,
    terminal,
  };
  return io;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe('aio-requests run: requests as tests', () => {
  let server: EchoServer;
  let dir: string;
  before(async () => {
    server = await startEchoServer((req, res) => {
      if (req.url === '/items') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r-1' }).end('{"results":[{"id":1},{"id":2}],"total":2}');
        return true;
      }
      if (req.url === '/error') {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error_code":"4003","message":"sandbox prod is not enabled"}');
        return true;
      }
      if (req.url === '/evil') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('down \u001b[31mred\u001b]0;title\u0007\r\nnext line');
        return true;
      }
      if (req.url === '/logo.png') {
        res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
        return true;
      }
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('é'.repeat(3000));
        return true;
      }
    });
    dir = await mkdtemp(join(tmpdir(), 'aio-run-tests-'));
    await writeFile(join(dir, 'http-client.env.json'), JSON.stringify({ local: { base: server.url, total: '2' } }));
    await writeFile(join(dir, 'api.http'), [
      '### Items',
      '# @name items',
      'GET {{base}}/items',
      '',
      '?? status == 200',
      '?? header content-type includes json',
      '?? body $.results.length > 0',
      '?? body $.total == {{total}}',
      '?? duration < 60000',
      '',
      '### Error expected',
      '# @name expected',
      'GET {{base}}/error',
      '',
      '?? status == 400',
      '?? body $.error_code == "4003"',
    ].join('\n'));
    await writeFile(join(dir, 'failing.http'), [
      '### Wrong status',
      '# @name wrong',
      'GET {{base}}/error',
      '',
      '?? status == 200',
      '?? body $.error_code isString',
      '?? js response.status === 200',
    ].join('\n'));
    await writeFile(join(dir, 'media.http'), `# @name logo\nGET {{base}}/logo.png\n\n###\n# @name echo\nPOST {{base}}/echo\nContent-Type: application/json\nAuthorization: Bearer abc.def-secret-token\n\n{"a": [1, 2]}\n`);
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('passing assertions: exit 0 and a tally on each status line', async () => {
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'api.http', '--env', 'local', '--fail-on-status'], io), 0, io.stdout + io.stderr);
    const lines = io.stdout.trim().split('\n');
    assert.match(lines[0], /^items {2}GET .*\/items {2}200 OK {2}.* {2}✓ 5 assertions$/);
    // It asserts its own 400, so --fail-on-status does not fail it.
    assert.match(lines[1], /^expected {2}GET .*\/error {2}400 Bad Request .* {2}✓ 2 assertions$/);
    assert.equal(lines.length, 2);
  });

  it('a failed assertion: exit 1, expected vs actual, the response body, and a warning naming the unchecked line', async () => {
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'failing.http', '--env', 'local'], io), 1);
    assert.match(io.stdout, /^wrong {2}GET .*\/error {2}400 Bad Request .* {2}✗ 1 of 2 assertions failed\n/);
    assert.match(io.stdout, /\n {2}✗ status == 200: expected 200, got 400\n/);
    assert.match(io.stdout, /\n {2}response body:\n {4}\{"error_code":"4003","message":"sandbox prod is not enabled"\}\n$/);
    assert.match(io.stderr, /^failing\.http:7: warning: Line 7: JavaScript assertions \(`\?\? js …`\) are not run/);
  });

  it('--fail-on-status without a status assertion prints the failing body too, control characters escaped', async () => {
    await writeFile(join(dir, 'plain.http'), 'GET {{base}}/evil\n');
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'plain.http', '--env', 'local', '--fail-on-status'], io), 1);
    assert.match(io.stdout, /\n {2}✗ status 500 Internal Server Error \(400 or above, with --fail-on-status\)\n {2}response body:\n {4}down \\x1b\[31mred\\x1b\]0;title\\x07\n {4}next line\n$/);
    assert.ok(!io.stdout.includes('\u001b') && !io.stdout.includes('\u0007'));
  });

  it('--output headers, body and exchange', async () => {
    const headers = fakeIo(dir);
    assert.equal(await main(['run', 'api.http', '--env', 'local', '--name', 'items', '--output', 'headers'], headers), 0);
    assert.match(headers.stdout, /\n {2}x-request-id: r-1\n/);

    // body: stdout carries the bodies only (raw when not a terminal); the status lines go to stderr.
    const body = fakeIo(dir);
    assert.equal(await main(['run', 'media.http', '--env', 'local', '--output', 'body'], body), 0);
    const [binary, echoed, rest] = body.stdout.split('\n');
    assert.equal(binary, '‹binary body: 16 B, image/png›');
    assert.deepEqual(JSON.parse(echoed).body, '{"a": [1, 2]}');
    // Credentials in a body are masked in what is printed too.
    assert.equal(JSON.parse(echoed).headers.authorization, '***');
    assert.equal(rest, '');
    assert.match(body.stderr, /^logo {2}GET .*\n.*echo {2}POST/);
    const pretty = fakeIo(dir, true);
    await main(['run', 'api.http', '--env', 'local', '--name', 'items', '--output', 'body'], pretty);
    assert.equal(pretty.stdout, `${JSON.stringify({ results: [{ id: 1 }, { id: 2 }], total: 2 }, null, 2)}\n`);

    const exchange = fakeIo(dir);
    assert.equal(await main(['run', 'media.http', '--env', 'local', '--name', 'echo', '--output', 'exchange'], exchange), 0);
    const out = exchange.stdout;
    assert.match(out, /\nPOST http:\/\/127\.0\.0\.1:\d+\/echo\nContent-Type: application\/json\nAuthorization: Bearer \*\*\*\n\n\{"a": \[1, 2\]\}\n\nHTTP 200 OK\ncontent-type: application\/json\n/);
    assert.ok(!out.includes('abc.def-secret-token'), 'the token sent is masked in the exchange');
    assert.ok(!out.includes('\u0089PNG'));
  });

  it('--json lines carry headers, body (text or base64), assertions, capped by --json-body-max', async () => {
    await writeFile(join(dir, 'big.http'), 'GET {{base}}/big\n');
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'media.http', 'big.http', 'failing.http', '--env', 'local', '--json', '--json-body-max', '1KB'], io), 1);
    const lines = io.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.file, l.name, l.outcome]), [['media.http', 'logo', 'passed'], ['media.http', 'echo', 'passed'], ['big.http', null, 'passed'], ['failing.http', 'wrong', 'failed']]);
    assert.deepEqual([lines[0].bodyEncoding, Buffer.from(lines[0].body, 'base64').equals(PNG), lines[0].headers['content-type']], ['base64', true, 'image/png']);
    assert.equal(lines[1].bodyEncoding, 'utf8');
    assert.ok(!lines[1].body.includes('abc.def-secret-token'));
    assert.deepEqual([lines[2].body.length, lines[2].bodyTruncated], [512, true]);
    assert.deepEqual(lines[3].assertions.map((a: { assertion: string; passed: boolean }) => [a.assertion, a.passed]), [['status == 200', false], ['body $.error_code isString', true]]);
    assert.deepEqual([lines[3].assertions[0].expected, lines[3].assertions[0].actual, lines[3].assertions[0].line], ['200', '400', 5]);
  });

  it('a folder runs every .http file under it; --junit writes a valid report with a testsuite per file; --reporter tap', async () => {
    const suite = join(dir, 'suite');
    await mkdir(join(suite, 'nested'), { recursive: true });
    await mkdir(join(suite, 'node_modules'), { recursive: true });
    await writeFile(join(suite, 'a.http'), 'GET {{base}}/items\n\n?? status == 200\n');
    await writeFile(join(suite, 'nested', 'b.rest'), '# @name broken\nGET {{base}}/error\n\n?? body $.error_code == 4003\n');
    await writeFile(join(suite, 'node_modules', 'skip.http'), 'GET {{base}}/never\n');
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'suite', '--env', 'local', '--junit', 'out/report.xml'], io).catch(() => -1), 1);
    assert.match(io.stderr, /cannot write the JUnit report .*ENOENT/);
    await mkdir(join(dir, 'out'));
    const again = fakeIo(dir);
    assert.equal(await main(['run', 'suite', '--env', 'local', '--junit', 'out/report.xml'], again), 1);
    assert.match(again.stdout, /^suite\/a\.http\n#1 {2}GET .*\n(.*\n)*suite\/nested\/b\.rest\nbroken {2}GET/);
    assert.ok(!server.received.some((r) => r.url === '/never'));
    const xml = await readFile(join(dir, 'out', 'report.xml'), 'utf8');
    const schema = await readFile(join(__dirname, '../../fixtures/junit/junit.xsd'), 'utf8');
    const valid = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: schema }] });
    assert.equal(valid.valid, true, valid.rawOutput);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml);
    assert.deepEqual(parsed.testsuites.testsuite.map((s: { name: string; failures: string }) => [s.name, s.failures]), [['suite/a.http', '0'], ['suite/nested/b.rest', '1']]);
    assert.match(parsed.testsuites.testsuite[1].testcase[0].failure.message, /body \$\.error_code == 4003: expected 4003, got "4003" \(a string, not a number\)/);

    const tap = fakeIo(dir);
    assert.equal(await main(['run', 'suite', '--env', 'local', '--reporter', 'tap'], tap), 1);
    const lines = tap.stdout.split('\n');
    assert.deepEqual([lines[0], lines[1], lines[2]], ['TAP version 14', 'ok 1 - suite/a.http › \\#1', 'not ok 2 - suite/nested/b.rest › broken']);
    assert.equal(lines.at(-2), '1..2');
  });

  it('bad output options are usage errors', async () => {
    for (const args of [['--output', 'all'], ['--reporter', 'xml'], ['--reporter', 'tap', '--json'], ['--json', '--output', 'body'], ['--json-body-max', 'lots']]) {
      const io = fakeIo(dir);
      assert.equal(await main(['run', 'api.http', ...args], io), 2, args.join(' '));
    }
    const empty = join(dir, 'empty-folder');
    await mkdir(empty);
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'empty-folder'], io), 1);
    assert.match(io.stderr, /empty-folder holds no \.http or \.rest file/);
  });
});

describe('the demo file as a test suite', () => {
  it('demo/requests.http passes its assertions against the emulator, and the JUnit report says so', async (t) => {
    const { startEmulator } = await import('../../emulator/index');
    const { makeWorkspaceJson } = await import('../../support/credentials-fixtures');
    const emulator = await startEmulator();
    const work = await mkdtemp(join(tmpdir(), 'aio-run-demo-'));
    t.after(async () => {
      await Promise.all([emulator.stop(), rm(work, { recursive: true, force: true })]);
    });
    const secret = 'demo-s2s-secret-abcdef';
    const ws = makeWorkspaceJson({ oauthClientSecret: secret, jwtClientSecret: 'unused-jwt-secret' }) as {
      project: { org: { ims_org_id: string }; workspace: { details: { credentials: Array<Record<string, Record<string, unknown>>> } } };
    };
    const s2s = ws.project.workspace.details.credentials[1].oauth_server_to_server;
    emulator.registerClient({ clientId: String(s2s.client_id), clientSecret: secret, orgId: ws.project.org.ims_org_id, technicalAccountId: String(s2s.technical_account_id), scopes: s2s.scopes as string[] });
    await writeFile(join(work, 'ws.json'), JSON.stringify(ws));
    const demo = join(__dirname, '../../../demo/requests.http');
    const io = fakeIo(work);
    const code = await main(['run', demo, '--workspace', 'ws.json', '--credential', 'OAuth S2S', '--ims', emulator.url,
      '--auth-host', new URL(emulator.url).host, '--journey-url', `${emulator.url}/journey/orchestration`, '--fail-on-status', '--junit', 'demo.xml'], io);
    assert.equal(code, 0, io.stdout + io.stderr);
    assert.deepEqual(io.stdout.trim().split('\n').map((l) => /(✓ \d+ assertions?)$/.exec(l)?.[1]), ['✓ 2 assertions', '✓ 4 assertions', '✓ 3 assertions', '✓ 2 assertions']);
    const xml = await readFile(join(work, 'demo.xml'), 'utf8');
    assert.match(xml, /<testsuite name="[^"]*requests\.http" id="0" tests="4" failures="0" errors="0" skipped="0"/);
  });
});

describe('the seed pages\' demo files', () => {
  for (const file of ['journey.http', 'campaign.http', 'cja.http']) {
    it(`demo/${file} runs against the emulator with every assertion passing`, async (t) => {
      const { startEmulator } = await import('../../emulator/index');
      const { makeWorkspaceJson } = await import('../../support/credentials-fixtures');
      const emulator = await startEmulator();
      const work = await mkdtemp(join(tmpdir(), 'aio-run-demo-'));
      t.after(async () => {
        await Promise.all([emulator.stop(), rm(work, { recursive: true, force: true })]);
      });
      const secret = 'demo-s2s-secret-abcdef';
      const ws = makeWorkspaceJson({ oauthClientSecret: secret, jwtClientSecret: 'unused-jwt-secret' }) as {
        project: { org: { ims_org_id: string }; workspace: { details: { credentials: Array<Record<string, Record<string, unknown>>> } } };
      };
      const s2s = ws.project.workspace.details.credentials[1].oauth_server_to_server;
      emulator.registerClient({ clientId: String(s2s.client_id), clientSecret: secret, orgId: ws.project.org.ims_org_id, technicalAccountId: String(s2s.technical_account_id), scopes: s2s.scopes as string[] });
      await writeFile(join(work, 'ws.json'), JSON.stringify(ws));
      const io = fakeIo(work);
      const code = await main(['run', join(__dirname, '../../../demo', file), '--workspace', 'ws.json', '--credential', 'OAuth S2S', '--ims', emulator.url,
        '--auth-host', new URL(emulator.url).host, '--journey-url', `${emulator.url}/journey/orchestration`, '--fail-on-status'], io);
      assert.equal(code, 0, io.stdout + io.stderr);
      assert.match(io.stdout, /✓ \d+ assertions?/);
      assert.doesNotMatch(io.stdout, /✗/);
    });
  }
});
