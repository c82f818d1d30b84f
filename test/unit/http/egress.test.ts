// Issue 8 §2: a secret the run knows never leaves for a host outside the auth allow-list, whatever path it took.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { HttpRunner } from '../../../src/core/http/runner';
import { runHttpFile } from '../../../src/core/http/file-runner';
import { parseHttpFile } from '../../../src/core/http/parser';
import { KnownSecrets } from '../../../src/core/known-secrets';
import type { ResolvedRequest } from '../../../src/core/http/types';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { startEchoServer, type EchoServer, type TestHandler } from '../../support/echo-server';
import { FakeAuthenticator } from '../../support/fake-authenticator';
import { startEmulator } from '../../emulator/index';

const SECRET = 'p8e-Cl1entSecret/Value+With=Signs';
const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  '-----END PRIVATE KEY-----',
].join('\n');

/** Real tokens are long; the fake's short ones would match ordinary text. */
class LongTokenAuthenticator extends FakeAuthenticator {
  override get token(): string {
    return 'eyJfake.access-token-of-this-run.sig';
  }
}

function req(url: string, extra: Partial<ResolvedRequest> = {}): ResolvedRequest {
  return { method: 'POST', url, headers: [], options: {}, ...extra };
}

function fakeIo(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t), env, cwd };
  return io;
}

const servers: EchoServer[] = [];
const runners: HttpRunner[] = [];
async function server(handler?: TestHandler): Promise<EchoServer> {
  const s = await startEchoServer(handler);
  servers.push(s);
  return s;
}
function runner(options: ConstructorParameters<typeof HttpRunner>[0] = {}): HttpRunner {
  const r = new HttpRunner({ env: {}, ...options });
  runners.push(r);
  return r;
}
after(async () => {
  await Promise.all(runners.map((r) => r.destroy()));
  await Promise.all(servers.map((s) => s.close()));
});

function known(): KnownSecrets {
  const k = new KnownSecrets();
  k.add('clientSecret', SECRET, 'the client secret of profile "cli"');
  k.add('privateKey', PEM, 'the private key of profile "cli"');
  k.add('accessToken', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZSJ9.c2lnbmF0dXJl', 'an access token minted in this run for profile "cli"');
  return k;
}

describe('egress: known secrets on the bytes', () => {
  it('finds a secret plain, percent-encoded, base64 (any offset, url-safe) and JSON-escaped, and names it without the value', () => {
    const k = known();
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const cases: Array<[string, string]> = [
      ['plain', `{"s":"${SECRET}"}`],
      ['percent', `s=${encodeURIComponent(SECRET)}`],
      ['percent, lower-case hex', `s=${encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
      ['base64 (Basic auth)', `Basic ${b64(`client-id:${SECRET}`)}`],
      ['base64 offset 1', b64(`x${SECRET}`)],
      ['base64 offset 2', b64(`xy${SECRET}`)],
      ['base64url', Buffer.from(`abc${SECRET}`).toString('base64url')],
      ['JSON-escaped with \\/', JSON.stringify({ s: SECRET }).replace(/\//g, '\\/')],
      ['JSON in a JSON string', JSON.stringify({ inner: JSON.stringify({ s: SECRET }).replace(/\//g, '\\/') })],
      ['a private-key line', JSON.stringify({ key: PEM })],
    ];
    for (const [label, body] of cases) assert.ok(k.find('http://x/', [], body), label);
    assert.equal(k.find('http://x/', [], '{"id":1,"name":"item 1"}'), undefined);
    const hit = k.find(`http://x/?q=${encodeURIComponent(SECRET)}`, [['X-A', 'b']], undefined);
    assert.deepEqual(hit, { name: 'clientSecret', description: 'the client secret of profile "cli"', where: 'the URL' });
    assert.equal(k.find('http://x/', [], SECRET, new Set(['clientSecret'])), undefined);
  });

  it('finds a secret in a UTF-16 body (either byte order) and inside a gzip, deflate or brotli body', () => {
    const k = known();
    const text = `{"s":"${SECRET}"}`;
    const le = new Uint8Array(Buffer.from(text, 'utf16le'));
    const be = new Uint8Array(Buffer.from(text, 'utf16le').swap16());
    assert.equal(k.find('http://x/', [], le)?.where, 'the body', 'UTF-16LE');
    assert.equal(k.find('http://x/', [], be)?.where, 'the body', 'UTF-16BE');
    // Base64 of UTF-16 text, and of a secret that is not ASCII (its UTF-8 bytes).
    assert.ok(k.find('http://x/', [], `{"doc":"${Buffer.from(`xy${text}`, 'utf16le').toString('base64')}"}`), 'base64 of UTF-16');
    const unicode = new KnownSecrets();
    unicode.add('passphrase', 'pässwörd-für-den-schlüssel', 'the passphrase of profile "cli"');
    assert.ok(unicode.find('http://x/', [], Buffer.from('k=pässwörd-für-den-schlüssel').toString('base64')), 'base64 of a UTF-8 passphrase');
    // gzip by its first bytes (a .gz file sent as it is), the others by their Content-Encoding.
    assert.equal(k.find('http://x/', [], new Uint8Array(gzipSync(text)))?.where, 'the body (gzip-compressed)');
    assert.equal(k.find('http://x/', ['Content-Encoding', 'deflate'], new Uint8Array(deflateSync(text)))?.where, 'the body (deflate-compressed)');
    // Brotli stores a short text as it is: a longer one is really compressed.
    const long = JSON.stringify({ pad: 'a'.repeat(4000), s: SECRET });
    const br = new Uint8Array(brotliCompressSync(long));
    assert.ok(!Buffer.from(br).toString('latin1').includes(SECRET), 'the brotli body does not hold the secret as it is');
    assert.equal(k.find('http://x/', [['Content-Encoding', 'br']], br)?.where, 'the body (br-compressed)');
    // Stacked codings are undone last to first; a gzip stream cut short (no trailer) is read as far as it goes.
    assert.equal(k.find('http://x/', [['Content-Encoding', 'gzip, br']], new Uint8Array(brotliCompressSync(gzipSync(long))))?.where, 'the body (gzip, br-compressed)');
    const gz = gzipSync(long);
    assert.equal(k.find('http://x/', [], new Uint8Array(gz.subarray(0, gz.length - 8)))?.where, 'the body (gzip-compressed)');
    // Base64 inside the compressed body is read too; a harmless compressed body is no hit.
    assert.ok(k.find('http://x/', [], new Uint8Array(gzipSync(`token=${Buffer.from(SECRET).toString('base64')}`))));
    assert.equal(k.find('http://x/', [], new Uint8Array(gzipSync('{"id":1,"name":"item 1"}'))), undefined);
  });

  it('a base64 run of megabytes (a file upload) is read whole: a secret at its end is found, and the scan does not overflow', () => {
    const k = known();
    const blob = Buffer.concat([Buffer.alloc(9 * 1024 * 1024, 7), Buffer.from(`x${SECRET}`)]).toString('base64');
    assert.equal(k.find('http://x/', [], `{"file":"${blob}"}`)?.name, 'clientSecret');
    assert.equal(k.find('http://x/', [], `{"file":"${Buffer.alloc(9 * 1024 * 1024, 7).toString('base64')}"}`), undefined);
  });

  it('a compressed body too large to check once decompressed is not sent off the allow-list; to an allow-listed host it goes', async () => {
    const s = await server();
    // 20 MB of spaces gzip to about 20 KB: more than the check decompresses.
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)));
    const refused = await runner({ knownSecrets: known() }).send(req(`${s.url}/upload`, { headers: [['Content-Encoding', 'gzip']], body: bomb }));
    assert.equal(refused.error?.kind, 'egress');
    assert.match(refused.error!.message, /^Not sent: the body is gzip-compressed and over 16 MB decompressed, too large to check for secrets before it goes to 127\.0\.0\.1:\d+, which is not on the auth allow-list\. Send it uncompressed or smaller/);
    assert.equal(s.received.length, 0);
    const listed = await runner({ knownSecrets: known(), authHosts: [`127.0.0.1:${s.port}`] }).send(req(`${s.url}/upload`, { headers: [['Content-Encoding', 'gzip']], body: bomb }));
    assert.equal(listed.response?.status, 200);
  });

  it('refuses a gzip body carrying the secret, saying it was compressed', async () => {
    const s = await server();
    const refused = await runner({ knownSecrets: known() }).send(req(`${s.url}/gz`, { headers: [['Content-Encoding', 'gzip']], body: new Uint8Array(gzipSync(`{"secret":"${SECRET}"}`)) }));
    assert.match(refused.error?.message ?? '', /^Not sent: the body \(gzip-compressed\) carries the client secret of profile "cli"/);
    assert.equal(s.received.length, 0);
  });

  it('refuses a request to a host off the allow-list that carries a client secret, naming secret and host; the batch goes on', async () => {
    const s = await server();
    const r = runner({ knownSecrets: known() });
    const refused = await r.send(req(`${s.url}/leak`, { body: `{"secret":"${SECRET}"}` }));
    assert.equal(refused.error?.kind, 'egress');
    assert.match(refused.error!.message, /the body carries the client secret of profile "cli"/);
    assert.match(refused.error!.message, new RegExp(`127\\.0\\.0\\.1:${s.port} is not on the auth allow-list`));
    assert.match(refused.error!.message, /# @allow-secret clientSecret/);
    assert.ok(!refused.error!.message.includes(SECRET));
    assert.equal(s.received.length, 0);
    const next = await r.send(req(`${s.url}/fine`, { body: '{"ok":true}' }));
    assert.equal(next.response?.status, 200);
    assert.equal(s.received.length, 1);
  });

  it('checks headers too, and lets the same secret go to an allow-listed host', async () => {
    const s = await server();
    const off = await runner({ knownSecrets: known() }).send(req(`${s.url}/h`, { headers: [['X-Key', PEM.split('\n')[1]!]] }));
    assert.match(off.error?.message ?? '', /header X-Key carries the private key of profile "cli"/);
    const listed = await runner({ knownSecrets: known(), authHosts: [`127.0.0.1:${s.port}`] }).send(req(`${s.url}/h`, { body: SECRET }));
    assert.equal(listed.response?.status, 200);
  });

  it('checks every hop: a redirect from a harmless request to a URL that carries the secret is refused', async () => {
    const target = await server();
    const start = await server((_rq, res) => {
      res.writeHead(302, { location: `${target.url}/?leak=${encodeURIComponent(SECRET)}` }).end();
      return true;
    });
    const result = await runner({ knownSecrets: known() }).send(req(`${start.url}/go`, { method: 'GET' }));
    assert.equal(result.error?.kind, 'egress');
    assert.match(result.error!.message, /the URL carries the client secret/);
    assert.equal(target.received.length, 0);
  });

  it('# @allow-secret NAME lets that one request carry that secret; file-wide it is a problem and has no effect', async () => {
    const s = await server();
    const text = [
      '# @allow-secret clientSecret',
      '',
      '###',
      '# @allow-secret clientSecret',
      `POST ${s.url}/allowed`,
      '',
      SECRET,
      '',
      '###',
      `POST ${s.url}/not-allowed`,
      '',
      SECRET,
      '',
      '###',
      '# @allow-secret accessToken',
      `POST ${s.url}/other-name`,
      '',
      SECRET,
      '',
      '###',
      '# @allow-secret password',
      `GET ${s.url}/bad-name`,
    ].join('\n');
    const file = parseHttpFile(text);
    assert.ok(file.problems.some((p) => p.code === 'allow-secret-file-wide' && /one request only/.test(p.message)));
    assert.ok(file.problems.some((p) => p.code === 'invalid-allow-secret' && /`clientSecret`, `accessToken`, `privateKey`, `passphrase`/.test(p.message)));
    const runs = await runHttpFile(file, runner({ knownSecrets: known() }));
    assert.deepEqual(runs.map((x) => x.result.error?.kind ?? x.result.response?.status), [200, 'egress', 'egress', 'invalid-request']);
    assert.deepEqual(s.received.map((x) => x.url), ['/allowed']);
  });

  it('a cross-origin 307/308 is not followed when the body carries the token; the 3xx is returned with the reason', async () => {
    const elsewhere = await server();
    for (const status of [307, 308]) {
      const api = await server((_rq, res) => {
        res.writeHead(status, { location: `${elsewhere.url}/moved` }).end();
        return true;
      });
      const auth = new LongTokenAuthenticator();
      const r = runner({ authenticator: auth, authHosts: [`127.0.0.1:${api.port}`] });
      const result = await r.send(req(`${api.url}/submit`, { body: `{"token":"${auth.token}"}` }));
      assert.equal(result.response?.status, status);
      assert.equal(result.error?.kind, 'egress');
      assert.match(result.error!.message, new RegExp(`Did not follow the ${status} redirect to 127\\.0\\.0\\.1:${elsewhere.port}.*the body carries the token of its Authorization header`));
    }
    assert.equal(elsewhere.received.length, 0);
  });

  it('jar cookies go back only to the origin that set them, not to another port of the same host', async () => {
    const other = await server();
    const origin = await server((rq, res) => {
      if (rq.url === '/login') {
        res.writeHead(302, { 'set-cookie': 'sid=s3cr3t-session; Path=/', location: `http://127.0.0.1:${other.port}/next` }).end();
        return true;
      }
    });
    const r = runner();
    const first = await r.send(req(`${origin.url}/login`, { method: 'GET' }));
    assert.equal(first.response?.status, 200);
    assert.equal(other.received[0]?.headers.cookie, undefined);
    await r.send(req(`${other.url}/direct`, { method: 'GET' }));
    assert.equal(other.received[1]?.headers.cookie, undefined);
    await r.send(req(`${origin.url}/again`, { method: 'GET' }));
    assert.equal(origin.received.at(-1)?.headers.cookie, 'sid=s3cr3t-session');
  });
});

describe('egress: the CLI feeds the secrets it knows', () => {
  it('{{$processEnv AIO_CLIENT_SECRET}} and $dotenv to a host off the allow-list are refused; the next request is sent', async (t) => {
    const s = await server();
    const dir = await mkdtemp(join(tmpdir(), 'aio-egress-env-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, '.env'), `COPY=${SECRET}\n`);
    await writeFile(
      join(dir, 'leak.http'),
      `POST ${s.url}/leak\n\n{"s":"{{$processEnv AIO_CLIENT_SECRET}}"}\n\n###\nGET ${s.url}/dotenv?s={{$dotenv COPY}}\n\n###\nGET ${s.url}/fine\n`,
    );
    const io = fakeIo(dir, { AIO_CLIENT_SECRET: SECRET });
    const code = await main(['run', 'leak.http'], io);
    assert.equal(code, 1);
    const lines = io.stdout.trim().split('\n');
    assert.match(lines[0]!, /egress: Not sent: the body carries the client secret in AIO_CLIENT_SECRET/);
    assert.match(lines[1]!, /egress: Not sent: the URL carries the client secret in AIO_CLIENT_SECRET/);
    assert.ok(!io.stdout.includes(SECRET) && !io.stderr.includes(SECRET));
    assert.deepEqual(s.received.map((x) => x.url), ['/fine']);
  });

  it('a chained value echoing the Authorization header of an allow-listed host is refused elsewhere', async (t) => {
    const emulator = await startEmulator();
    const listed = await server();
    const other = await server();
    const dir = await mkdtemp(join(tmpdir(), 'aio-egress-chain-'));
    t.after(async () => {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const env = { AIO_CLIENT_ID: 'egress-client', AIO_ORG_ID: 'EGRESS@AdobeOrg', AIO_TECHNICAL_ACCOUNT_ID: 'ta@techacct.adobe.com', AIO_SCOPES: 'openid', AIO_CLIENT_SECRET: SECRET };
    emulator.registerClient({ clientId: env.AIO_CLIENT_ID, clientSecret: SECRET, orgId: env.AIO_ORG_ID, technicalAccountId: env.AIO_TECHNICAL_ACCOUNT_ID, scopes: ['openid'] });
    await writeFile(
      join(dir, 'chain.http'),
      `# @name echo\nGET ${listed.url}/echo\n\n###\nPOST ${other.url}/steal\nContent-Type: application/json\n\n{"stolen":"{{echo.response.body.$.headers.authorization}}"}\n`,
    );
    const io = fakeIo(dir, env);
    const code = await main(['run', 'chain.http', '--ims', emulator.url, '--auth-host', `127.0.0.1:${listed.port}`, '--ignore-limits'], io);
    assert.equal(code, 1, io.stderr + io.stdout);
    assert.match(String(listed.received[0]?.headers.authorization), /^Bearer eyJ/);
    assert.match(io.stdout, /egress: Not sent: the body carries an access token minted in this run for profile "cli", and 127\.0\.0\.1:\d+ is not on the auth allow-list/);
    assert.equal(other.received.length, 0);
  });

  it('body includes and .env read only inside the file folder and the working directory, after symlinks; --allow-file-root adds one', async (t) => {
    const s = await server();
    const base = await mkdtemp(join(tmpdir(), 'aio-egress-files-'));
    t.after(() => rm(base, { recursive: true, force: true }));
    const project = join(base, 'project');
    const outside = join(base, 'outside');
    await mkdir(project);
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'outside-data');
    await symlink(join(outside, 'secret.txt'), join(project, 'link.txt'));
    await writeFile(join(project, 'inside.txt'), 'inside-data');
    await writeFile(
      join(project, 'files.http'),
      [`POST ${s.url}/passwd`, '', '< /etc/passwd', '', '###', `POST ${s.url}/environ`, '', '< /proc/self/environ', '', '###',
        `POST ${s.url}/up`, '', '< ../outside/secret.txt', '', '###', `POST ${s.url}/link`, '', '<@ ./link.txt', '', '###', `POST ${s.url}/inside`, '', '< ./inside.txt', ''].join('\n'),
    );
    const io = fakeIo(project);
    const code = await main(['run', 'files.http'], io);
    assert.equal(code, 1);
    const lines = io.stdout.trim().split('\n');
    assert.match(lines[0]!, /\/etc\/passwd is outside the \.http file's folder and the workspace, so it is not read\. To allow it, run with --allow-file-root DIR/);
    assert.match(lines[1]!, /\/proc\/self\/environ.* is under \/proc, which a \.http file may never read/);
    assert.match(lines[2]!, /outside\/secret\.txt is outside/);
    assert.match(lines[3]!, /link\.txt \(a link to .*outside\/secret\.txt\) is outside/);
    assert.deepEqual(s.received.map((x) => [x.url, x.body]), [['/inside', 'inside-data']]);

    const allowed = fakeIo(project);
    await main(['run', 'files.http', '--allow-file-root', '../outside'], allowed);
    assert.deepEqual(s.received.slice(1).map((x) => [x.url, x.body]), [['/up', 'outside-data'], ['/link', 'outside-data'], ['/inside', 'inside-data']]);

    // $dotenv: a .env that is a link to a file outside the project is refused with the same message.
    await symlink(join(outside, 'secret.txt'), join(project, '.env'));
    await writeFile(join(project, 'dotenv.http'), `GET ${s.url}/dotenv?x={{$dotenv KEY}}\n`);
    const dotenv = fakeIo(project);
    await main(['run', 'dotenv.http'], dotenv);
    assert.match(dotenv.stdout, /\.env \(a link to .*outside\/secret\.txt\) is outside/);

    // An env file linked from outside is named as not read, not treated as if there were no environments.
    await writeFile(join(outside, 'env.json'), '{"dev":{"key":"outside-value"}}');
    await symlink(join(outside, 'env.json'), join(project, 'http-client.env.json'));
    await writeFile(join(project, 'env.http'), `GET ${s.url}/env?x={{key}}\n`);
    const envIo = fakeIo(project);
    assert.equal(await main(['run', 'env.http', '--env', 'dev'], envIo), 1);
    assert.match(envIo.stderr + envIo.stdout, /http-client\.env\.json \(a link to .*outside\/env\.json\) is outside the \.http file's folder/);
    assert.ok(!s.received.some((x) => x.url.startsWith('/env')), 'nothing sent');
  });
});
