import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { HttpRunner } from '../../../src/core/http/runner';
import { generateCredentialPair } from '../../support/credentials-fixtures';

describe('TLS verification', () => {
  let server: Server;
  let url: string;
  const runners: HttpRunner[] = [];
  before(async () => {
    const { key, cert } = await generateCredentialPair();
    server = createServer({ key: key.pkcs8Pem, cert: cert.pem }, (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    await Promise.all(runners.map((r) => r.destroy()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const send = (insecureTlsHosts?: string[]) => {
    const runner = new HttpRunner({ env: {}, insecureTlsHosts });
    runners.push(runner);
    return runner.send({ method: 'GET', url, headers: [], options: {} });
  };

  it('refuses a self-signed certificate by default, with a message naming TLS', async () => {
    const result = await send();
    assert.equal(result.error?.kind, 'network');
    assert.match(result.error!.message, /TLS failed for 127\.0\.0\.1:\d+/);
  });

  it('accepts it only for a host listed as insecure', async () => {
    assert.equal((await send(['127.0.0.1'])).response?.status, 200);
    assert.equal((await send(['localhost', 'other.example'])).error?.kind, 'network');
  });
});

describe('HTTP/2 on the request line', () => {
  let server: Http2SecureServer;
  let url: string;
  const runners: HttpRunner[] = [];
  before(async () => {
    const { key, cert } = await generateCredentialPair();
    server = createSecureServer({ key: key.pkcs8Pem, cert: cert.pem, allowHTTP1: true }, (req, res) => res.end(`HTTP ${req.httpVersion}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    await Promise.all(runners.map((r) => r.destroy()));
    await new Promise((resolve) => server.close(resolve));
  });

  it('offers h2 when the request line says HTTP/2, and HTTP/1.1 otherwise', async () => {
    const runner = new HttpRunner({ env: {}, insecureTlsHosts: ['127.0.0.1'] });
    runners.push(runner);
    const h2 = await runner.send({ method: 'GET', url, headers: [], options: { httpVersion: 'HTTP/2' } });
    assert.equal(Buffer.from(h2.response!.body).toString(), 'HTTP 2.0');
    const h1 = await runner.send({ method: 'GET', url, headers: [], options: {} });
    assert.equal(Buffer.from(h1.response!.body).toString(), 'HTTP 1.1');
  });
});
