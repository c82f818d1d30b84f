import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { HttpRunner } from '../../../src/core/http/runner';
import { proxyConfig } from '../../../src/core/net/proxy-config';
import { startEchoServer, type EchoServer } from '../../support/echo-server';
import { generateCredentialPair } from '../../support/credentials-fixtures';

/** A tiny loopback proxy: CONNECT tunnels and absolute-form forwarding, recording what it was asked for. */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s: Socket) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('proxy', () => {
  let echo: EchoServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const runners: HttpRunner[] = [];
  before(async () => {
    echo = await startEchoServer();
    proxy = await startProxy();
  });
  after(async () => {
    await Promise.all(runners.map((r) => r.destroy()));
    await echo.close();
    await proxy.close();
  });
  const send = async (options: ConstructorParameters<typeof HttpRunner>[0], path: string) => {
    const r = new HttpRunner(options);
    runners.push(r);
    return r.send({ method: 'GET', url: `${echo.url}${path}`, headers: [], options: {} });
  };

  it('goes through http.proxy when set', async () => {
    const result = await send({ proxy: { url: proxy.url }, env: {} }, '/via-setting');
    assert.equal(result.response?.status, 200);
    // A plain-http target is forwarded in absolute form, not tunnelled.
    assert.ok(proxy.seen.includes(`GET http://127.0.0.1:${echo.port}/via-setting`), proxy.seen.join());
    assert.equal(echo.received.at(-1)?.url, '/via-setting');
  });

  it('goes through HTTP_PROXY from the environment', async () => {
    const before = proxy.seen.length;
    const result = await send({ env: { HTTP_PROXY: proxy.url } }, '/via-env');
    assert.equal(result.response?.status, 200);
    assert.ok(proxy.seen.length > before);
  });

  it('goes direct for hosts in http.noProxy / NO_PROXY', async () => {
    const before = proxy.seen.length;
    const viaSetting = await send({ proxy: { url: proxy.url, noProxy: ['127.0.0.1'] }, env: {} }, '/direct-1');
    const viaEnv = await send({ env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } }, '/direct-2');
    assert.equal(viaSetting.response?.status, 200);
    assert.equal(viaEnv.response?.status, 200);
    assert.equal(proxy.seen.length, before);
  });

  it('tunnels https through CONNECT, with TLS to the target still verified unless the host is listed', async () => {
    const { key, cert } = await generateCredentialPair();
    const secure = createHttpsServer({ key: key.pkcs8Pem, cert: cert.pem }, (_req, res) => res.end('through the tunnel'));
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    const port = (secure.address() as AddressInfo).port;
    try {
      const make = (insecureTlsHosts: string[]) => {
        const r = new HttpRunner({ proxy: { url: proxy.url }, env: {}, insecureTlsHosts });
        runners.push(r);
        return r.send({ method: 'GET', url: `https://127.0.0.1:${port}/`, headers: [], options: {} });
      };
      const refused = await make([]);
      assert.equal(refused.error?.kind, 'network');
      const ok = await make(['127.0.0.1']);
      assert.equal(Buffer.from(ok.response!.body).toString(), 'through the tunnel');
      assert.ok(proxy.seen.includes(`CONNECT 127.0.0.1:${port}`), proxy.seen.join());
    } finally {
      secure.closeAllConnections();
      await new Promise((resolve) => secure.close(resolve));
    }
  });

  it('prefers the setting over the environment and reads lower-case variables', () => {
    assert.equal(proxyConfig({ proxy: { url: 'http://setting:1' }, env: { HTTPS_PROXY: 'http://env:2' } })?.httpsProxy, 'http://setting:1');
    assert.equal(proxyConfig({ env: { https_proxy: 'http://env:2' } })?.httpsProxy, 'http://env:2');
    assert.equal(proxyConfig({ env: {} }), undefined);
  });
});
