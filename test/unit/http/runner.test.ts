import type { ServerResponse } from 'node:http';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { MockAgent } from 'undici';
import { displayRequest, HttpRunner } from '../../../src/core/http/runner';
import { AuthHostList } from '../../../src/core/net/auth-hosts';
import { registerSecret } from '../../../src/core/log/redact';
import { parseRetryAfter } from '../../../src/core/net/retry-after';
import type { ResolvedRequest } from '../../../src/core/http/types';
import { startEchoServer, type EchoServer } from '../../support/echo-server';
import { FakeAuthenticator } from '../../support/fake-authenticator';

function req(url: string, extra: Partial<ResolvedRequest> = {}): ResolvedRequest {
  return { method: 'GET', url, headers: [], options: {}, ...extra };
}

function header(server: EchoServer, index: number, name: string): string | string[] | undefined {
  return server.received[index].headers[name];
}

const servers: EchoServer[] = [];
const runners: HttpRunner[] = [];
async function server(handler?: Parameters<typeof startEchoServer>[0]): Promise<EchoServer> {
  const s = await startEchoServer(handler);
  servers.push(s);
  return s;
}
function runner(options: ConstructorParameters<typeof HttpRunner>[0] = {}): HttpRunner {
  const r = new HttpRunner({ env: {}, ...options });
  runners.push(r);
  return r;
}
/** Writes `total` bytes of body as fast as the client takes them, counting in `count`, until done or the client leaves. */
function pour(res: ServerResponse, total: number, count: { written: number }): void {
  const chunk = Buffer.alloc(64 * 1024, 97);
  const pump = (): void => {
    while (count.written < total) {
      count.written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}
after(async () => {
  await Promise.all(runners.map((r) => r.destroy()));
  await Promise.all(servers.map((s) => s.close()));
});

describe('HttpRunner basics', () => {
  it('sends method, headers and body, and returns status, headers, body and timings', async () => {
    const s = await server();
    const result = await runner().send(req(`${s.url}/items?x=1`, { method: 'post', headers: [['Content-Type', 'application/json'], ['X-Twice', 'a'], ['X-Twice', 'b']], body: '{"a":1}' }));
    assert.equal(result.error, undefined);
    assert.equal(result.response?.status, 200);
    assert.equal(result.response?.statusText, 'OK');
    const echoed = JSON.parse(Buffer.from(result.response!.body).toString());
    assert.equal(echoed.method, 'POST');
    assert.equal(echoed.url, '/items?x=1');
    assert.equal(echoed.body, '{"a":1}');
    assert.deepEqual(s.received[0].rawHeaders.filter(([n]) => n === 'X-Twice'), [['X-Twice', 'a'], ['X-Twice', 'b']]);
    assert.ok(result.response!.headers.some(([n, v]) => n === 'content-type' && v === 'application/json'));
    assert.ok(result.response!.timings.totalMs >= result.response!.timings.firstByteMs);
  });

  it('without request details (the CLI\'s status lines) the request is still sent whole, and shown as its line only', async () => {
    const s = await server();
    const result = await runner({ requestDetails: false }).send(req(`http://me:hunter22@127.0.0.1:${s.port}/items`, { method: 'post', headers: [['X-Kept', 'yes']], body: '{"a":1}' }));
    assert.equal(result.response?.status, 200);
    assert.equal(JSON.parse(Buffer.from(result.response!.body).toString()).body, '{"a":1}');
    assert.deepEqual(s.received[0].rawHeaders.filter(([n]) => n === 'X-Kept'), [['X-Kept', 'yes']]);
    assert.equal(result.request.method, 'POST');
    assert.doesNotMatch(result.request.url, /hunter22/);
    assert.deepEqual(result.request.headers, []);
    assert.equal(result.request.body, undefined);
  });

  it('refuses CONNECT without sending anything (it would open a tunnel)', async () => {
    const s = await server();
    const result = await runner().send(req(`${s.url}/`, { method: 'CONNECT' }));
    assert.equal(result.error?.kind, 'invalid-request');
    assert.match(result.error!.message, /CONNECT opens a tunnel/);
    assert.equal(s.received.length, 0);
  });

  it('gives every body a buffer of its own (not a view of the socket\'s read buffer, which holds the headers too)', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'set-cookie': 'session=abc123', 'content-type': 'text/plain' }).end('small');
      return true;
    });
    const result = await runner().send(req(`${s.url}/`));
    assert.equal(Buffer.from(result.response!.body).toString(), 'small');
    assert.equal(result.response!.body.buffer.byteLength, 5);
  });

  it('refuses a URL that is not http(s) without sending anything', async () => {
    const result = await runner().send(req('ftp://example.com/x'));
    assert.equal(result.error?.kind, 'invalid-request');
  });

  it('tells onAnswered once even when it throws (the call is counted once)', async () => {
    const s = await server();
    let calls = 0;
    const result = await runner().send(req(`${s.url}/`), {
      onAnswered: () => {
        calls++;
        throw new Error('pacing broke');
      },
    });
    assert.equal(calls, 1);
    assert.match(result.error?.message ?? '', /pacing broke/);
  });

  it('tells onAnswered once the server has the request and its answer is in, and not for a URL it refuses (pacing counts that moment)', async () => {
    const s = await server();
    const told: number[] = [];
    const result = await runner().send(req(`${s.url}/paced`), { onAnswered: () => told.push(s.received.length) });
    assert.equal(result.response?.status, 200);
    // Told once, after the server had the request.
    assert.deepEqual(told, [1]);
    let refused = 0;
    await runner().send(req('ftp://example.com/x'), { onAnswered: () => refused++ });
    assert.equal(refused, 0);
  });

  it('reports a refused connection as a network error', async () => {
    const s = await server();
    const url = s.url;
    await s.close();
    const result = await runner().send(req(url));
    assert.equal(result.error?.kind, 'network');
    assert.match(result.error!.message, /refused/);
  });
});

describe('Adobe authentication', () => {
  it('never adds Adobe headers to a host outside the allow-list', async () => {
    const s = await server();
    const auth = new FakeAuthenticator();
    const result = await runner({ authenticator: auth }).send(req(`${s.url}/`));
    assert.equal(result.response?.status, 200);
    for (const name of ['authorization', 'x-api-key', 'x-gw-ims-org-id', 'x-sandbox-name']) assert.equal(header(s, 0, name), undefined, name);
    assert.equal(auth.calls.length, 0);
  });

  it('adds them to an allow-listed host, keeps what the request sets, and redacts the token for display', async () => {
    const s = await server();
    const auth = new FakeAuthenticator();
    const r = runner({ authenticator: auth, authHosts: [`127.0.0.1:${s.port}`], profile: 'FileProfile' });
    const result = await r.send(req(`${s.url}/`, { headers: [['x-api-key', 'my-own-key']] }));
    assert.equal(header(s, 0, 'authorization'), 'Bearer token-1');
    assert.equal(header(s, 0, 'x-api-key'), 'my-own-key');
    assert.equal(header(s, 0, 'x-gw-ims-org-id'), 'ORG1@AdobeOrg');
    // A caller-listed host stands in for Platform/Journey APIs, so it gets the sandbox too.
    assert.equal(header(s, 0, 'x-sandbox-name'), 'prod');
    assert.equal(auth.calls[0].profile, 'FileProfile');
    const shown = result.request.headers.find(([n]) => n.toLowerCase() === 'authorization');
    assert.deepEqual(shown, ['Authorization', 'Bearer ***']);
    assert.ok(!JSON.stringify(result.request).includes('token-1'));
  });

  it('uses the request profile and sandbox over the file defaults, and sends nothing with @no-auth', async () => {
    const s = await server();
    const auth = new FakeAuthenticator();
    const r = runner({ authenticator: auth, authHosts: [`127.0.0.1:${s.port}`], profile: 'FileProfile', sandbox: 'dev' });
    await r.send(req(`${s.url}/`, { options: { profile: 'Other', sandbox: 'qa' } }));
    assert.equal(auth.calls[0].profile, 'Other');
    assert.equal(header(s, 0, 'x-sandbox-name'), 'qa');
    await r.send(req(`${s.url}/`, { options: { noAuth: true } }));
    assert.equal(header(s, 1, 'authorization'), undefined);
    assert.equal(auth.calls.length, 1);
  });

  it('does not match the allow-list on a different port', async () => {
    const s = await server();
    const auth = new FakeAuthenticator();
    await runner({ authenticator: auth, authHosts: [`127.0.0.1:${s.port + 1}`] }).send(req(`${s.url}/`));
    assert.equal(header(s, 0, 'authorization'), undefined);
  });

  it('answers an authenticator failure with an auth error and sends nothing', async () => {
    const s = await server();
    const auth = new FakeAuthenticator();
    auth.failWith = new Error('IMS said invalid_client');
    const result = await runner({ authenticator: auth, authHosts: [`127.0.0.1:${s.port}`] }).send(req(`${s.url}/`));
    assert.equal(result.error?.kind, 'auth');
    assert.match(result.error!.message, /invalid_client/);
    assert.equal(s.received.length, 0);
  });

  it('refreshes the token once after a 401 and retries once, then returns the 401', async () => {
    const s = await server((_req, res) => {
      res.writeHead(401).end('{"error":"unauthorized"}');
      return true;
    });
    const auth = new FakeAuthenticator();
    const result = await runner({ authenticator: auth, authHosts: [`127.0.0.1:${s.port}`] }).send(req(`${s.url}/`));
    assert.equal(result.response?.status, 401);
    assert.equal(result.error?.kind, 'auth');
    assert.match(result.error!.message, /refused a freshly minted token/);
    assert.equal(s.received.length, 2);
    assert.deepEqual(auth.calls.map((c) => c.options.forceRefresh), [false, true]);
    assert.equal(auth.calls[1].options.rejectedToken, 'token-1');
    assert.equal(header(s, 0, 'authorization'), 'Bearer token-1');
    assert.equal(header(s, 1, 'authorization'), 'Bearer token-2');
  });

  it('succeeds when the refreshed token is accepted', async () => {
    const s = await server((req, res) => {
      if (req.headers.authorization === 'Bearer token-1') {
        res.writeHead(401).end();
        return true;
      }
    });
    const auth = new FakeAuthenticator();
    const result = await runner({ authenticator: auth, authHosts: [`127.0.0.1:${s.port}`] }).send(req(`${s.url}/`, { method: 'POST', body: 'payload' }));
    assert.equal(result.response?.status, 200);
    assert.equal(s.received[1].body, 'payload');
  });

  it('does not retry a 401 for a token the request set itself', async () => {
    const s = await server((_req, res) => {
      res.writeHead(401).end();
      return true;
    });
    const auth = new FakeAuthenticator();
    const result = await runner({ authenticator: auth, authHosts: [`127.0.0.1:${s.port}`] }).send(req(`${s.url}/`, { headers: [['Authorization', 'Bearer mine']] }));
    assert.equal(result.response?.status, 401);
    assert.equal(result.error, undefined);
    assert.equal(s.received.length, 1);
  });
});

describe('Adobe hosts (undici MockAgent)', () => {
  function mockAdobe(): { agent: MockAgent; seen: Map<string, Record<string, string>> } {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const seen = new Map<string, Record<string, string>>();
    for (const origin of ['https://platform.adobe.io', 'https://mc.adobe.io', 'http://journey.adobe.io']) {
      agent
        .get(origin)
        .intercept({ path: () => true, method: () => true })
        .reply(200, (opts) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(opts.headers as Record<string, string>)) headers[name.toLowerCase()] = value;
          seen.set(origin, headers);
          return 'ok';
        })
        .persist();
    }
    return { agent, seen };
  }

  it('adds x-sandbox-name for Platform, not for Campaign, and nothing at all over plain http', async () => {
    const { agent, seen } = mockAdobe();
    const r = new HttpRunner({ dispatcher: agent, authenticator: new FakeAuthenticator(), sandbox: 'dev1' });
    for (const origin of ['https://platform.adobe.io', 'https://mc.adobe.io', 'http://journey.adobe.io']) {
      assert.equal((await r.send(req(`${origin}/x`))).response?.status, 200, origin);
    }
    assert.equal(seen.get('https://platform.adobe.io')?.['x-sandbox-name'], 'dev1');
    assert.equal(seen.get('https://platform.adobe.io')?.authorization, 'Bearer token-1');
    assert.equal(seen.get('https://mc.adobe.io')?.authorization, 'Bearer token-1');
    assert.equal(seen.get('https://mc.adobe.io')?.['x-sandbox-name'], undefined);
    assert.equal(seen.get('http://journey.adobe.io')?.authorization, undefined);
    await agent.close();
  });

  it('adds x-sandbox-name to any Adobe host when the request names a sandbox', async () => {
    const { agent, seen } = mockAdobe();
    const r = new HttpRunner({ dispatcher: agent, authenticator: new FakeAuthenticator() });
    await r.send(req('https://mc.adobe.io/x', { options: { sandbox: 'qa' } }));
    assert.equal(seen.get('https://mc.adobe.io')?.['x-sandbox-name'], 'qa');
    await agent.close();
  });
});

describe('AuthHostList', () => {
  const list = new AuthHostList(['localhost:8080', '*.corp.example']);
  const allows = (u: string): boolean => list.allows(new URL(u));
  it('allows *.adobe.io over HTTPS only', () => {
    assert.ok(allows('https://platform.adobe.io/data'));
    assert.ok(allows('https://mc.adobe.io:443/x'));
    assert.ok(!allows('http://platform.adobe.io/data'));
    assert.ok(!allows('https://adobe.io.evil.example/'));
    assert.ok(!allows('https://evil-adobe.io/'));
    assert.ok(!allows('https://platform.adobe.io.evil.example/'));
  });
  it('allows listed hosts on their port, over http too, and wildcards for subdomains only', () => {
    assert.ok(allows('http://localhost:8080/'));
    assert.ok(!allows('http://localhost:8081/'));
    assert.ok(allows('https://api.corp.example/'));
    assert.ok(!allows('https://corp.example/'));
  });
  it('wants x-sandbox-name for Platform and Journey hosts and listed hosts, not Campaign', () => {
    assert.ok(list.wantsSandbox(new URL('https://platform.adobe.io/')));
    assert.ok(list.wantsSandbox(new URL('https://journey.adobe.io/')));
    assert.ok(!list.wantsSandbox(new URL('https://mc.adobe.io/')));
    assert.ok(list.wantsSandbox(new URL('http://localhost:8080/')));
  });
  it('names malformed entries', () => {
    assert.deepEqual(AuthHostList.invalid(['ok.example', 'bad host', 'x:99999']), ['bad host', 'x:99999']);
  });
});

describe('redirects', () => {
  it('drops credentials and cookies when a redirect changes origin, keeps other headers', async () => {
    const target = await server();
    const origin = await server((req, res) => {
      if (req.url === '/start') {
        res.writeHead(302, { location: `${target.url}/landed` }).end();
        return true;
      }
    });
    const auth = new FakeAuthenticator();
    const result = await runner({ authenticator: auth, authHosts: [`127.0.0.1:${origin.port}`] }).send(
      req(`${origin.url}/start`, { headers: [['Cookie', 'session=s1'], ['X-Trace', 't1'], ['x-sandbox-name', 'mine']] }),
    );
    assert.equal(result.response?.status, 200);
    assert.equal(result.response?.url, `${target.url}/landed`);
    assert.equal(header(origin, 0, 'authorization'), 'Bearer token-1');
    assert.equal(header(origin, 0, 'cookie'), 'session=s1');
    const landed = target.received[0];
    for (const name of ['authorization', 'x-api-key', 'x-gw-ims-org-id', 'x-sandbox-name', 'cookie']) assert.equal(landed.headers[name], undefined, name);
    assert.equal(landed.headers['x-trace'], 't1');
  });

  it('drops a custom header carrying a secret on a cross-origin redirect, keeps it on the same origin', async () => {
    registerSecret('minted-token-for-x-t-header-0001');
    const target = await server();
    const origin = await server((req, res) => {
      if (req.url === '/start') {
        res.writeHead(302, { location: `${target.url}/landed` }).end();
        return true;
      }
      if (req.url === '/same') {
        res.writeHead(302, { location: '/here' }).end();
        return true;
      }
    });
    const headers: Array<[string, string]> = [['X-T', 'minted-token-for-x-t-header-0001'], ['X-Jwt', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'], ['X-Trace', 't1']];
    await runner().send(req(`${origin.url}/start`, { headers }));
    const landed = target.received[0];
    assert.equal(landed.headers['x-t'], undefined);
    assert.equal(landed.headers['x-jwt'], undefined);
    assert.equal(landed.headers['x-trace'], 't1');
    await runner().send(req(`${origin.url}/same`, { headers }));
    const here = origin.received.find((r) => r.url === '/here');
    assert.equal(here?.headers['x-t'], 'minted-token-for-x-t-header-0001');
  });

  it('keeps credentials on a same-origin redirect', async () => {
    const s = await server((req, res) => {
      if (req.url === '/a') {
        res.writeHead(307, { location: '/b' }).end();
        return true;
      }
    });
    const auth = new FakeAuthenticator();
    await runner({ authenticator: auth, authHosts: [`127.0.0.1:${s.port}`] }).send(req(`${s.url}/a`, { method: 'PUT', body: 'keep me' }));
    assert.equal(s.received[1].url, '/b');
    assert.equal(s.received[1].method, 'PUT');
    assert.equal(s.received[1].body, 'keep me');
    assert.equal(header(s, 1, 'authorization'), 'Bearer token-1');
  });

  it('turns POST into GET without a body on 303 and 302', async () => {
    for (const status of [302, 303]) {
      const s = await server((req, res) => {
        if (req.url === '/form') {
          res.writeHead(status, { location: '/done' }).end();
          return true;
        }
      });
      await runner().send(req(`${s.url}/form`, { method: 'POST', headers: [['Content-Type', 'text/plain']], body: 'x=1' }));
      assert.equal(s.received[1].method, 'GET');
      assert.equal(s.received[1].body, '');
      assert.equal(s.received[1].headers['content-type'], undefined);
    }
  });

  it('returns the 3xx itself with noRedirect, and stops a redirect loop', async () => {
    const s = await server((_req, res) => {
      res.writeHead(301, { location: '/again' }).end();
      return true;
    });
    const single = await runner().send(req(`${s.url}/x`, { options: { noRedirect: true } }));
    assert.equal(single.response?.status, 301);
    const loop = await runner({ maxRedirects: 3 }).send(req(`${s.url}/x`));
    assert.equal(loop.error?.kind, 'network');
    assert.match(loop.error!.message, /3 redirects/);
    assert.equal(s.received.length, 1 + 4);
  });

  it('does not read a long redirect body: it closes that connection and follows the redirect', async () => {
    const body = { written: 0 };
    const s = await server((req, res) => {
      if (req.url !== '/moved') return;
      res.writeHead(302, { location: '/here' });
      pour(res, 100 * 1024 * 1024, body);
      return true;
    });
    const result = await runner().send(req(`${s.url}/moved`));
    assert.equal(result.response?.status, 200);
    assert.equal(result.response?.url, `${s.url}/here`);
    assert.deepEqual(result.response?.redirects?.map((hop) => hop.status), [302, 200]);
    for (let i = 0; i < 50 && s.closedSockets === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(s.closedSockets >= 1, 'the redirect\'s connection is closed');
    assert.ok(body.written < 20 * 1024 * 1024, `server wrote ${body.written} bytes`);
  });
});

describe('timeouts and cancellation', () => {
  it('times out a server that stalls before headers, and the next request still works', async () => {
    const s = await server((req) => req.url === '/stall');
    const r = runner({ headersTimeoutMs: 200 });
    const stalled = await r.send(req(`${s.url}/stall`));
    assert.equal(stalled.error?.kind, 'timeout');
    assert.match(stalled.error!.message, /no response headers/);
    const next = await r.send(req(`${s.url}/fine`));
    assert.equal(next.response?.status, 200);
  });

  it('times out a body that stalls midway', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      return true;
    });
    const result = await runner({ bodyTimeoutMs: 200 }).send(req(`${s.url}/`));
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error!.message, /stalled/);
  });

  it('enforces the total deadline of @timeout against a trickling body', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
      return true;
    });
    const result = await runner({ bodyTimeoutMs: 10_000 }).send(req(`${s.url}/`, { options: { timeoutMs: 300 } }));
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error!.message, /within 300 ms/);
  });

  it('lets a longer @timeout outlast the default headers timeout', async () => {
    const s = await server(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 300));
      res.end('late but fine');
      return true;
    });
    const result = await runner({ headersTimeoutMs: 100 }).send(req(`${s.url}/`, { options: { timeoutMs: 5_000 } }));
    assert.equal(result.response?.status, 200);
  });

  it('cancels a request in flight and closes its socket', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const s = await server(() => {
      arrived();
      return true;
    });
    const controller = new AbortController();
    const pending = runner().send(req(`${s.url}/`), { signal: controller.signal });
    await arrival;
    controller.abort();
    const result = await pending;
    assert.equal(result.error?.kind, 'aborted');
    for (let i = 0; i < 50 && s.closedSockets === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(s.closedSockets >= 1);
    assert.equal(s.received.length, 1);
  });

  it('cancels a request still waiting for a connection without sending it, and the one in flight still answers', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let answer!: () => void;
    const s = await server(async (req, res) => {
      if (req.url !== '/first') return;
      arrived();
      await new Promise<void>((resolve) => (answer = resolve));
      res.end('first');
      return true;
    });
    const r = runner({ connections: 1 });
    const first = r.send(req(`${s.url}/first`));
    await arrival;
    const controller = new AbortController();
    const queued = r.send(req(`${s.url}/second`), { signal: controller.signal });
    controller.abort();
    assert.equal((await queued).error?.kind, 'aborted');
    answer();
    assert.equal((await first).response?.status, 200);
    const next = await r.send(req(`${s.url}/third`));
    assert.equal(next.response?.status, 200);
    assert.deepEqual(s.received.map((one) => one.url), ['/first', '/third']);
  });

  it('does not send a request whose signal is already aborted', async () => {
    const s = await server();
    const result = await runner().send(req(`${s.url}/`), { signal: AbortSignal.abort() });
    assert.equal(result.error?.kind, 'aborted');
    assert.equal(s.received.length, 0);
  });
});

describe('response size cap', () => {
  it('stops reading an endless body at the cap, closes the socket and keeps memory bounded', async () => {
    const body = { written: 0 };
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      pour(res, 200 * 1024 * 1024, body);
      return true;
    });
    const before = process.memoryUsage().rss;
    // The default cap (50 MB) against a 200 MB response, as security.md lists it.
    const result = await runner().send(req(`${s.url}/big`));
    assert.equal(result.error?.kind, 'too-large');
    assert.match(result.error!.message, /larger than 50 MB/);
    for (let i = 0; i < 50 && s.closedSockets === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(s.closedSockets >= 1);
    assert.ok(body.written < 120 * 1024 * 1024, `server wrote ${body.written} bytes`);
    assert.ok(process.memoryUsage().rss - before < 160 * 1024 * 1024, 'memory stays bounded');
  });

  it('answers a HEAD whose Content-Length is over the cap (it has no body to read)', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end();
      return true;
    });
    const result = await runner({ maxResponseBytes: 1024 * 1024 }).send(req(`${s.url}/`, { method: 'HEAD' }));
    assert.equal(result.error, undefined);
    assert.equal(result.response?.status, 200);
    assert.equal(result.response?.body.byteLength, 0);
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write('x');
      return true;
    });
    const result = await runner({ maxResponseBytes: 1024 * 1024 }).send(req(`${s.url}/`));
    assert.equal(result.error?.kind, 'too-large');
  });
});

describe('429 and Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('120', 0), 120_000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:26:00 GMT')), 120_000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
    assert.equal(parseRetryAfter(undefined, 0), undefined);
  });

  it('waits for a short Retry-After for real and then succeeds', async () => {
    let calls = 0;
    const s = await server((_req, res) => {
      if (calls++ === 0) {
        res.writeHead(429, { 'retry-after': '1' }).end();
        return true;
      }
    });
    const result = await runner().send(req(`${s.url}/`, { method: 'POST', body: 'again' }));
    assert.equal(result.response?.status, 200);
    assert.equal(s.received.length, 2);
    assert.equal(s.received[1].body, 'again');
    assert.equal(result.response?.timings.waitedMs, 1000);
  });

  it('waits 120 s when asked (not capped at 30 s), as seconds or as a date, and gives up after the bounded attempts', async () => {
    const waits: number[] = [];
    const announced: number[] = [];
    let n = 0;
    const s = await server((_req, res) => {
      const value = n++ % 2 === 0 ? '120' : new Date(Date.now() + 120_000).toUTCString();
      res.writeHead(429, { 'retry-after': value }).end();
      return true;
    });
    const r = runner({ sleep: async (ms) => void waits.push(ms), onWait: (e) => announced.push(e.ms), max429Retries: 3 });
    const result = await r.send(req(`${s.url}/`));
    assert.equal(result.response?.status, 429);
    assert.equal(s.received.length, 4);
    assert.equal(waits.length, 3);
    assert.equal(waits[0], 120_000);
    assert.equal(waits[2], 120_000);
    // The HTTP-date form loses sub-second precision; it still asks for about two minutes.
    assert.ok(waits[1] > 118_000 && waits[1] <= 120_000, String(waits[1]));
    assert.deepEqual(announced, waits);
  });

  it('returns a 429 without Retry-After at once', async () => {
    const s = await server((_req, res) => {
      res.writeHead(429).end();
      return true;
    });
    const result = await runner({ sleep: async () => assert.fail('no wait expected') }).send(req(`${s.url}/`));
    assert.equal(result.response?.status, 429);
    assert.equal(s.received.length, 1);
  });

  it('stops waiting when cancelled', async () => {
    const s = await server((_req, res) => {
      res.writeHead(429, { 'retry-after': '120' }).end();
      return true;
    });
    const controller = new AbortController();
    const r = runner({ onWait: () => controller.abort() });
    const result = await r.send(req(`${s.url}/`), { signal: controller.signal });
    assert.equal(result.error?.kind, 'aborted');
    assert.equal(s.received.length, 1);
  });
});

describe('cookie jar', () => {
  it('sends cookies a response set, unless the run or the request opts out', async () => {
    const s = await server((req, res) => {
      if (req.url === '/login') {
        res.writeHead(200, { 'set-cookie': ['sid=abc; Path=/', 'other=1; Path=/elsewhere'] }).end();
        return true;
      }
    });
    const r = runner();
    await r.send(req(`${s.url}/login`));
    await r.send(req(`${s.url}/me`, { headers: [['Cookie', 'mine=1']] }));
    await r.send(req(`${s.url}/me`, { options: { noCookieJar: true } }));
    assert.equal(header(s, 1, 'cookie'), 'mine=1; sid=abc');
    assert.equal(header(s, 2, 'cookie'), undefined);
    const result = await r.send(req(`${s.url}/me`));
    assert.deepEqual(result.request.headers, []);
    const off = runner({ cookieJar: false });
    await off.send(req(`${s.url}/login`));
    await off.send(req(`${s.url}/me`));
    assert.equal(s.received.at(-1)!.headers.cookie, undefined);
  });
});

describe('request hygiene', () => {
  it('replaces a stale hand-written Content-Length with the real one', async () => {
    const s = await server();
    const result = await runner().send(req(`${s.url}/`, { method: 'POST', headers: [['Content-Length', '3']], body: 'longer than three' }));
    assert.equal(result.response?.status, 200);
    assert.equal(s.received[0].body, 'longer than three');
  });

  it('reports a header undici refuses as an invalid request, not a network failure', async () => {
    const s = await server();
    const result = await runner().send(req(`${s.url}/`, { headers: [['Transfer-Encoding', 'chunked, gzip'], ['Connection', 'upgrade']] }));
    assert.equal(result.error?.kind, 'invalid-request');
    assert.equal(s.received.length, 0);
  });
});

describe('compressed responses', () => {
  it('decodes gzip and br bodies, and keeps the headers as received', async () => {
    const s = await server((req, res) => {
      const json = Buffer.from('{"hello":"world"}');
      if (req.url === '/gz') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(json));
      else res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(json));
      return true;
    });
    const r = runner();
    for (const path of ['/gz', '/br']) {
      const result = await r.send(req(`${s.url}${path}`, { headers: [['Accept-Encoding', 'gzip, deflate, br']] }));
      assert.equal(Buffer.from(result.response!.body).toString(), '{"hello":"world"}', path);
      assert.ok(result.response!.headers.some(([n]) => n === 'content-encoding'));
    }
  });

  it('applies the size cap to the decoded bytes (a small gzip bomb is stopped)', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    assert.ok(bomb.length < 1024 * 1024);
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
      return true;
    });
    const result = await runner({ maxResponseBytes: 1024 * 1024 }).send(req(`${s.url}/`));
    assert.equal(result.error?.kind, 'too-large');
  });

  it('answers a HEAD, a 204 and an empty body whose Content-Encoding says gzip (nothing to decode)', async () => {
    const s = await server((req, res) => {
      if (req.url === '/none') res.writeHead(204, { 'content-encoding': 'gzip' }).end();
      else res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': req.method === 'HEAD' ? '120' : '0' }).end();
      return true;
    });
    const r = runner();
    for (const [method, path, status] of [['HEAD', '/page', 200], ['GET', '/none', 204], ['GET', '/empty', 200]] as const) {
      const result = await r.send(req(`${s.url}${path}`, { method }));
      assert.equal(result.error, undefined, `${method} ${path}: ${result.error?.message}`);
      assert.equal(result.response?.status, status);
      assert.equal(result.response?.body.byteLength, 0);
    }
  });

  it('says so when a body is not what its Content-Encoding claims', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all');
      return true;
    });
    const result = await runner().send(req(`${s.url}/`));
    assert.equal(result.error?.kind, 'network');
    assert.match(result.error!.message, /Content-Encoding: gzip/);
  });
});

describe('displayRequest', () => {
  it('masks the URL password and every credential-carrying header', () => {
    const shown = displayRequest('GET', 'https://user:pa55word@api.test/x?limit=1', [
      ['Authorization', 'Bearer tok-1'],
      ['X-Auth-Token', 'tok-2'],
      ['proxy-authorization', 'Basic dXNlcjpwYXNz'],
      ['Cookie', 'session=tok-3'],
      ['X-Client-Secret', 'tok-4'],
      ['x-my-token', 'tok-5'],
      ['X-DB-Password', 'tok-6'],
      ['x-api-key', 'client-id'],
      ['Accept', 'application/json'],
    ]);
    const text = JSON.stringify(shown);
    for (const secret of ['pa55word', 'tok-1', 'tok-2', 'dXNlcjpwYXNz', 'tok-3', 'tok-4', 'tok-5', 'tok-6']) {
      assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    }
    assert.match(shown.url, /^https:\/\/user:\*+@api\.test\/x\?limit=1$/);
    assert.deepEqual(shown.headers.slice(-2), [['x-api-key', 'client-id'], ['Accept', 'application/json']]);
    assert.deepEqual(shown.headers[0], ['Authorization', 'Bearer ***']);
  });
});
