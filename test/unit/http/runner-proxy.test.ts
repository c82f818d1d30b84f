import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { HttpRunner } from '../../../src/core/http/runner';
import { proxyConfig } from '../../../src/core/net/proxy-config';
import { startEchoServer, type EchoServer } from '../../support/echo-server';
import { startProxy, type TestProxy } from '../../support/proxy-server';
import { generateCredentialPair } from '../../support/credentials-fixtures';

describe('proxy', () => {
  let echo: EchoServer;
  let proxy: TestProxy;
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
