import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpRunner } from '../../../src/core/http/runner';
import { ImsClient } from '../../../src/core/ims/ims-client';
import { AioError } from '../../../src/core/errors';
import { startEchoServer, type EchoServer } from '../../support/echo-server';
import { startProxy, type TestProxy } from '../../support/proxy-server';
import { generateCredentialPair } from '../../support/credentials-fixtures';
import { startEmulator, type Emulator } from '../../emulator/index';

// VS Code's http.proxyStrictSSL: an https:// proxy with a self-signed certificate is refused unless the user
// turned strict checking off, for both the request runner and the IMS token client.

describe('http.proxyStrictSSL with an https:// proxy that has a self-signed certificate', () => {
  let echo: EchoServer;
  let proxy: TestProxy;
  let emulator: Emulator;
  const runners: HttpRunner[] = [];
  const imsClients: ImsClient[] = [];
  before(async () => {
    [echo, proxy, emulator] = await Promise.all([startEchoServer(), generateCredentialPair().then(({ key, cert }) => startProxy({ key: key.pkcs8Pem, cert: cert.pem })), startEmulator()]);
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
