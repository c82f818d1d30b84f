import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { startEchoServer, type EchoServer } from '../../support/echo-server';
import { startEmulator } from '../../emulator/index';
import { makeWorkspaceJson } from '../../support/credentials-fixtures';

function fakeIo(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    env,
    cwd,
  };
  return io;
}

describe('aio-requests run', () => {
  let server: EchoServer;
  let dir: string;
  before(async () => {
    server = await startEchoServer((req, res) => {
      if (req.url === '/login') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"tok-123","id":7}');
        return true;
      }
      if (req.url === '/missing') {
        res.writeHead(404).end('nope');
        return true;
      }
    });
    dir = await mkdtemp(join(tmpdir(), 'aio-run-'));
    await writeFile(join(dir, 'http-client.env.json'), JSON.stringify({ local: { base: server.url }, other: { base: 'http://127.0.0.1:9' } }));
    await writeFile(
      join(dir, 'api.http'),
      [
        '### Log in',
        '# @name login',
        'POST {{base}}/login',
        'Content-Type: application/json',
        '',
        '{"user": "me"}',
        '',
        '### Profile',
        '# @name me',
        'GET {{base}}/me?id={{login.response.body.$.id}}',
        'Authorization: Bearer {{login.response.body.$.token}}',
        '',
        '### Unrelated',
        '# @name gone',
        'GET {{base}}/missing',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every request in order and prints one line each', async () => {
    const io = fakeIo(dir);
    const code = await main(['run', 'api.http', '--env', 'local'], io);
    assert.equal(code, 0, io.stderr);
    const lines = io.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^login {2}POST http:\/\/127\.0\.0\.1:\d+\/login {2}200 OK {2}[\d.]+ ms {2}\d+ B$/);
    assert.match(lines[1], /^me {2}GET .*\/me\?id=7 {2}200 OK/);
    assert.match(lines[2], /^gone {2}GET .*\/missing {2}404 Not Found/);
    const me = server.received.find((r) => r.url === '/me?id=7');
    assert.equal(me?.headers.authorization, 'Bearer tok-123');
    // The token a chain fed into a header is not printed.
    assert.ok(!io.stdout.includes('tok-123'));
  });

  it('runs a named request with the one it chains on, as JSON lines', async () => {
    const io = fakeIo(dir);
    const before = server.received.length;
    const code = await main(['run', join(dir, 'api.http'), '--env', 'local', '--name', 'me', '--json'], io);
    assert.equal(code, 0, io.stderr);
    const lines = io.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.name), ['login', 'me']);
    assert.equal(lines[1].status, 200);
    assert.equal(typeof lines[1].timeMs, 'number');
    // The first request of a run opens the connection and says how long it took; later ones may reuse it.
    assert.equal(lines[0].connection.connection, 'new');
    assert.equal(typeof lines[0].connection.connectMs, 'number');
    assert.ok(['new', 'reused'].includes(lines[1].connection.connection));
    assert.equal(lines[1].error, null);
    assert.equal(server.received.length - before, 2);
  });

  it('--timeout and --max-size bound each request; the run goes on; bad values are usage errors', async () => {
    const limits = await startEchoServer((req, res) => {
      if (req.url === '/slow') return true; // never answers
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(8 * 1024));
        return true;
      }
    });
    const limitsDir = await mkdtemp(join(tmpdir(), 'aio-run-limits-'));
    try {
      await writeFile(join(limitsDir, 'l.http'), `GET ${limits.url}/slow\n\n###\nGET ${limits.url}/big\n\n###\nGET ${limits.url}/small\n`);
      const io = fakeIo(limitsDir);
      const code = await main(['run', 'l.http', '--timeout', '300ms', '--max-size', '4KB', '--json'], io);
      assert.equal(code, 1, io.stderr);
      const lines = io.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.error?.kind ?? l.status), ['timeout', 'too-large', 200]);

      const bad = fakeIo(limitsDir);
      assert.equal(await main(['run', 'l.http', '--timeout', 'soon'], bad), 2);
      assert.match(bad.stderr, /--timeout 'soon' is not a duration: write e\.g\. 30s/);
      const badSize = fakeIo(limitsDir);
      assert.equal(await main(['run', 'l.http', '--max-size', '0'], badSize), 2);
      assert.match(badSize.stderr, /--max-size '0' is not a size/);
    } finally {
      await limits.close();
      await rm(limitsDir, { recursive: true, force: true });
    }
  });

  it('exits 1 with --fail-on-status when a status is 400 or more', async () => {
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'api.http', '--env', 'local', '--name', 'gone', '--fail-on-status'], io), 1);
  });

  it('exits 1 when a request cannot be sent, and says why', async () => {
    const io = fakeIo(dir);
    const code = await main(['run', 'api.http', '--name', 'login'], io);
    assert.equal(code, 1);
    assert.match(io.stdout, /✗ unresolved-variable: .*\{\{base\}\}/);
    const refused = fakeIo(dir);
    assert.equal(await main(['run', 'api.http', '--env', 'other', '--name', 'login'], refused), 1);
    assert.match(refused.stdout, /✗ network: .*refused/);
  });

  it('stops at Ctrl-C: the request in flight is cancelled, the rest are not sent, exit 130', async () => {
    const stall = await startEchoServer((req) => req.url === '/2');
    const stallDir = await mkdtemp(join(tmpdir(), 'aio-run-int-'));
    try {
      await writeFile(join(stallDir, 'four.http'), [1, 2, 3, 4].map((i) => `GET ${stall.url}/${i}\n`).join('\n###\n'));
      const io = fakeIo(stallDir);
      const listeners = process.listenerCount('SIGINT');
      const pending = main(['run', 'four.http'], io);
      while (stall.received.length < 2) await new Promise((r) => setTimeout(r, 10));
      process.emit('SIGINT');
      assert.equal(await pending, 130);
      const lines = io.stdout.trim().split('\n');
      assert.match(lines[0], /\/1 {2}200 OK/);
      assert.match(lines[1], /\/2 {2}✗ aborted/);
      assert.equal(lines[2], '2 requests not sent: interrupted');
      assert.deepEqual(stall.received.map((r) => r.url), ['/1', '/2']);
      assert.equal(process.listenerCount('SIGINT'), listeners);
    } finally {
      await stall.close();
      await rm(stallDir, { recursive: true, force: true });
    }
  });

  it('exits 2 for bad usage: no file, unknown request, unknown environment, bad host, unknown flag', async () => {
    assert.equal(await main(['run'], fakeIo(dir)), 2);
    const unknown = fakeIo(dir);
    assert.equal(await main(['run', 'api.http', '--name', 'nope'], unknown), 2);
    assert.match(unknown.stderr, /No request named 'nope'.*Known: login, me, gone/);
    // A generated file with thousands of requests: the message names the first ten and counts the rest.
    await writeFile(join(dir, 'many.http'), Array.from({ length: 2500 }, (_, i) => `### item ${i}\nGET ${server.url}/items/${i}\n`).join('\n'));
    const many = fakeIo(dir);
    assert.equal(await main(['run', 'many.http', '--name', 'nope'], many), 2);
    assert.match(many.stderr, /Known: item 0, item 1, .*, item 9, and 2,490 more\.\n$/);
    assert.ok(many.stderr.length < 300, `one short line, got ${many.stderr.length} characters`);
    assert.equal(await main(['run', 'api.http', '--auth-host', 'bad host'], fakeIo(dir)), 2);
    assert.equal(await main(['run', 'api.http', '--bogus'], fakeIo(dir)), 2);
    const env = fakeIo(dir);
    assert.equal(await main(['run', 'api.http', '--env', 'prod'], env), 1);
    assert.match(env.stderr, /no environment named "prod".*local, other/);
    const refused = fakeIo(dir);
    await writeFile(join(dir, 'not-a-workspace.json'), '{"hello": 1}');
    assert.equal(await main(['run', 'api.http', '--workspace', 'not-a-workspace.json'], refused), 2);
    assert.match(refused.stderr, /aio-requests run: /);
    const missing = fakeIo(dir);
    assert.equal(await main(['run', 'nofile.http'], missing), 1);
    assert.match(missing.stderr, /Cannot read .*nofile\.http/);
  });
});

describe('aio-requests run with credentials', () => {
  it('signs requests to --auth-host hosts only, fills {{$aio.*}}, and never prints the token', async (t) => {
    const emulator = await startEmulator();
    const listed = await startEchoServer();
    const other = await startEchoServer();
    const dir = await mkdtemp(join(tmpdir(), 'aio-run-auth-'));
    t.after(async () => {
      await Promise.all([emulator.stop(), listed.close(), other.close(), rm(dir, { recursive: true, force: true })]);
    });
    const secret = 'run-s2s-secret-abcdef';
    const ws = makeWorkspaceJson({ oauthClientSecret: secret, jwtClientSecret: 'unused-jwt-secret' }) as {
      project: { org: { ims_org_id: string }; workspace: { details: { credentials: Array<Record<string, Record<string, unknown>>> } } };
    };
    const s2s = ws.project.workspace.details.credentials[1].oauth_server_to_server;
    const orgId = ws.project.org.ims_org_id;
    emulator.registerClient({ clientId: String(s2s.client_id), clientSecret: secret, orgId, technicalAccountId: String(s2s.technical_account_id), scopes: s2s.scopes as string[] });
    await writeFile(join(dir, 'ws.json'), JSON.stringify(ws));
    await writeFile(
      join(dir, 'signed.http'),
      `GET ${listed.url}/signed?org={{$aio.orgId}}\n\n###\nGET ${other.url}/unsigned\n\n###\n# @no-auth\nGET ${listed.url}/opted-out\n`,
    );
    const io = fakeIo(dir);
    const code = await main(
      ['run', 'signed.http', '--workspace', 'ws.json', '--credential', 'OAuth S2S', '--ims', emulator.url, '--auth-host', `127.0.0.1:${listed.port}`, '--sandbox', 'dev1', '--ignore-limits'],
      io,
    );
    assert.equal(code, 0, io.stderr + io.stdout);
    const signed = listed.received[0];
    assert.equal(signed.url, `/signed?org=${orgId}`);
    const token = String(signed.headers.authorization).replace(/^Bearer /, '');
    assert.match(token, /^eyJ/);
    assert.equal(signed.headers['x-api-key'], String(s2s.client_id));
    assert.equal(signed.headers['x-gw-ims-org-id'], orgId);
    assert.equal(signed.headers['x-sandbox-name'], 'dev1');
    for (const name of ['authorization', 'x-api-key', 'x-gw-ims-org-id', 'x-sandbox-name']) {
      assert.equal(other.received[0].headers[name], undefined, name);
      assert.equal(listed.received[1].headers[name], undefined, name);
    }
    assert.ok(!io.stdout.includes(token) && !io.stderr.includes(token));
    assert.ok(!io.stdout.includes(secret) && !io.stderr.includes(secret));

    // A token written into a request goes to the --auth-host host, never to another one.
    await writeFile(join(dir, 'explicit.http'), `GET ${listed.url}/explicit\nX-T: {{$aio.accessToken}}\n\n###\nGET ${other.url}/explicit\nX-T: {{$aio.accessToken}}\n`);
    const io2 = fakeIo(dir);
    const code2 = await main(
      ['run', 'explicit.http', '--workspace', 'ws.json', '--credential', 'OAuth S2S', '--ims', emulator.url, '--auth-host', `127.0.0.1:${listed.port}`, '--ignore-limits'],
      io2,
    );
    assert.equal(code2, 1, io2.stderr + io2.stdout);
    assert.match(String(listed.received.at(-1)?.headers['x-t']), /^eyJ/);
    assert.equal(other.received.length, 1);
    assert.match(io2.stdout + io2.stderr, new RegExp(`--auth-host 127\\.0\\.0\\.1:${other.port}`));
  });
});
