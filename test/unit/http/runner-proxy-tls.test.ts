import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { HttpRunner } from '../../../src/core/http/runner';
import { ImsClient } from '../../../src/core/ims/ims-client';
import { AioError } from '../../../src/core/errors';
import { startEchoServer, type EchoServer } from '../../support/echo-server';
import { generateCredentialPair } from '../../support/credentials-fixtures';
import { startEmulator, type Emulator } from '../../emulator/index';

// VS Code's http.proxyStrictSSL: an https:// proxy with a self-signed certificate is refused unless the user
// turned strict checking off, for both the request runner and the IMS token client.

interface TlsProxy {
  url: string;
  /** Requests the proxy accepted after the TLS handshake: `CONNECT host:port` or `METHOD absolute-url`. */
  seen: string[];
  /** TLS handshakes the proxy saw fail (the client refused its certificate). */
  tlsErrors: number;
  close(): Promise<void>;
}

/** A loopback HTTPS proxy (self-signed certificate) that tunnels CONNECT and forwards absolute-form requests. */
async function startTlsProxy(): Promise<TlsProxy> {
  const { key, cert } = await generateCredentialPair();
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  let tlsErrors = 0;
  const server: HttpsServer = createHttpsServer({ key: key.pkcs8Pem, cert: cert.pem }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
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
  server.on('tlsClientError', (_error, socket: Socket) => {
    tlsErrors += 1;
    socket.destroy();
  });
  server.on('connection', (s: Socket) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    get tlsErrors() {
      return tlsErrors;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('http.proxyStrictSSL with an https:// proxy that has a self-signed certificate', () => {
  let echo: EchoServer;
  let proxy: TlsProxy;
  let emulator: Emulator;
  const runners: HttpRunner[] = [];
  const imsClients: ImsClient[] = [];
  before(async () => {
    [echo, proxy, emulator] = await Promise.all([startEchoServer(), startTlsProxy(), startEmulator()]);
  });
  after(async () => {
    await Promise.all([...runners.map((r) => r.destroy()), ...imsClients.map((c) => c.close())]);
    await Promise.all([echo.close(), proxy.close(), emulator.stop()]);
  });

  const send = (strictSSL: boolean | undefined, path: string) => {
    const runner = new HttpRunner({ proxy: { url: proxy.url, ...(strictSSL === undefined ? {} : { strictSSL }) }, env: {}, connectTimeoutMs: 5_000 });
    runners.push(runner);
    return runner.send({ method: 'GET', url: `${echo.url}${path}`, headers: [], options: {} });
  };

  it('runner: refuses the proxy by default, and the target never sees the request', async () => {
    const tlsErrorsBefore = proxy.tlsErrors;
    for (const [strictSSL, path] of [[undefined, '/strict-default'], [true, '/strict-true']] as const) {
      const result = await send(strictSSL, path);
      assert.equal(result.response, undefined, `strictSSL ${String(strictSSL)} should not get a response`);
      assert.equal(result.error?.kind, 'network');
      assert.match(result.error!.message, /CERT|certificate/i, result.error!.message);
      // The message points at the proxy's certificate too, not only at the target host.
      assert.match(result.error!.message, /through the proxy https:\/\/127\.0\.0\.1:\d+.*http\.proxyStrictSSL/, result.error!.message);
      assert.ok(!echo.received.some((r) => r.url === path), `the target received ${path}`);
      assert.ok(!proxy.seen.some((s) => s.includes(path)), `the proxy accepted ${path}: ${proxy.seen.join()}`);
    }
    assert.ok(proxy.tlsErrors > tlsErrorsBefore, 'the proxy saw no refused handshake');
  });

  it('runner: goes through the proxy when strictSSL is false', async () => {
    const result = await send(false, '/lenient');
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.response?.status, 200);
    // undici tunnels every target through an https:// proxy (proxyTunnel: false only applies to http:// proxies).
    const forwarded = [`GET http://127.0.0.1:${echo.port}/lenient`, `CONNECT 127.0.0.1:${echo.port}`];
    assert.ok(proxy.seen.some((s) => forwarded.includes(s)), proxy.seen.join());
    assert.equal(echo.received.at(-1)?.url, '/lenient');
  });

  const S2S = { clientId: 's2s-proxy-tls', clientSecret: 'p8e-proxy-tls-secret-24680', orgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg', technicalAccountId: '6657031C5C095BB40A495C83@techacct.adobe.com', scopes: ['openid', 'AdobeID'] };
  const mint = (strictSSL: boolean) => {
    emulator.registerClient(S2S);
    const client = new ImsClient({ proxy: { url: proxy.url, strictSSL }, env: {}, connectTimeoutMs: 5_000, totalTimeoutMs: 10_000 });
    imsClients.push(client);
    return client.clientCredentials({ imsHost: emulator.url, clientId: S2S.clientId, clientSecret: S2S.clientSecret, scopes: S2S.scopes });
  };
  const tokenCalls = () => emulator.state.calls.filter((c) => c.path === '/ims/token/v3').length;

  it('IMS client: refuses the proxy when strictSSL is true, and IMS never sees the request', async () => {
    const callsBefore = tokenCalls();
    const seenBefore = proxy.seen.length;
    await assert.rejects(mint(true), (error: unknown) => {
      assert.ok(error instanceof AioError, `expected an AioError, got ${String(error)}`);
      assert.match(error.message, /CERT|certificate/i, error.message);
      return true;
    });
    assert.equal(tokenCalls(), callsBefore);
    assert.equal(proxy.seen.length, seenBefore, proxy.seen.join());
  });

  it('IMS client: gets a token through the proxy when strictSSL is false', async () => {
    const callsBefore = tokenCalls();
    const seenBefore = proxy.seen.length;
    const token = await mint(false);
    assert.ok(token.accessToken.length > 0);
    assert.equal(tokenCalls(), callsBefore + 1);
    const emulatorHost = new URL(emulator.url).host;
    assert.ok(proxy.seen.slice(seenBefore).some((s) => s.includes(emulatorHost)), proxy.seen.join());
  });
});
