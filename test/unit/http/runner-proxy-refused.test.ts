// Issue 8 §3: a refused connection names what refused it: the proxy when requests go through one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { HttpRunner } from '../../../src/core/http/runner';
import { ImsClient } from '../../../src/core/ims/ims-client';

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a proxy from HTTPS_PROXY that refuses the connection is named, not the target', async () => {
  const proxyPort = await closedPort();
  const runner = new HttpRunner({ env: { HTTPS_PROXY: `http://user:secret@127.0.0.1:${proxyPort}` } });
  try {
    const result = await runner.send({ method: 'GET', url: 'https://api.example.test/x', headers: [], options: {} });
    assert.equal(result.error?.kind, 'network');
    assert.match(result.error?.message ?? '', new RegExp(`The proxy http://user:\\*+@127\\.0\\.0\\.1:${proxyPort}/? refused the connection`));
    assert.match(result.error?.message ?? '', /HTTPS_PROXY/);
    assert.doesNotMatch(result.error?.message ?? '', /secret|api\.example\.test refused/);
  } finally {
    await runner.destroy();
  }
});

test('a target that refuses the connection directly is still named', async () => {
  const port = await closedPort();
  const runner = new HttpRunner({ env: {} });
  try {
    const result = await runner.send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: [], options: {} });
    assert.match(result.error?.message ?? '', new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`));
  } finally {
    await runner.destroy();
  }
});

test('a token request through a proxy that refuses the connection names the proxy too', async () => {
  const proxyPort = await closedPort();
  const ims = new ImsClient({ env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` } });
  try {
    await assert.rejects(
      ims.clientCredentials({ imsHost: 'https://ims.example.test', clientId: 'c', clientSecret: 's', scopes: ['openid'] }),
      (e: Error) => {
        assert.match(e.message, new RegExp(`The proxy http://127\\.0\\.0\\.1:${proxyPort}/? refused the connection \\(the token request was for IMS at ims\\.example\\.test\\)`));
        return true;
      },
    );
  } finally {
    await ims.close();
  }
});
