import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { HttpRunner } from '../../../src/core/http/runner';
import type { ResolvedRequest } from '../../../src/core/http/types';
import { generateCredentialPair } from '../../support/credentials-fixtures';
import { startEchoServer, type EchoServer } from '../../support/echo-server';

const get = (url: string, extra: Partial<ResolvedRequest> = {}): ResolvedRequest => ({ method: 'GET', url, headers: [], options: {}, ...extra });

const servers: EchoServer[] = [];
const runners: HttpRunner[] = [];
function runner(options: ConstructorParameters<typeof HttpRunner>[0] = {}): HttpRunner {
  const r = new HttpRunner({ env: {}, ...options });
  runners.push(r);
  return r;
}
after(async () => {
  await Promise.all(runners.map((r) => r.destroy()));
  await Promise.all(servers.map((s) => s.close()));
});

describe('connection timings', () => {
  it('a runner told not to time connections (the CLI\'s text output) sends as usual and reports none', async () => {
    const s = await startEchoServer();
    servers.push(s);
    const quiet = runner({ connectionTimings: false });
    const result = await quiet.send(get(`http://localhost:${s.port}/quiet`));
    assert.equal(result.response?.status, 200);
    assert.equal(result.response?.timings.connection, undefined);
    assert.equal(typeof result.response?.timings.totalMs, 'number');
  });

  it('a fresh http connection reports DNS and connect times; a request on an open connection says reused', async () => {
    const s = await startEchoServer();
    servers.push(s);
    const r = runner();
    // By name, so there is a lookup to time.
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await r.send(get(`http://localhost:${s.port}/${i}`)));
    const connections = results.map((result) => result.response!.timings.connection);
    const fresh = connections[0];
    assert.equal(fresh?.connection, 'new');
    assert.equal(typeof fresh?.dnsMs, 'number');
    assert.equal(typeof fresh?.connectMs, 'number');
    assert.equal(fresh?.tlsMs, undefined);
    // undici's pool may open a second connection while the first is settling: each `new` is one the server accepted.
    assert.equal(connections.filter((c) => c?.connection === 'new').length, s.connections);
    const reused = connections.filter((c) => c?.connection === 'reused');
    assert.ok(reused.length > 0);
    assert.ok(reused.every((c) => c?.dnsMs === undefined && c?.connectMs === undefined));
  });

  it('an IP address has no lookup to report', async () => {
    const s = await startEchoServer();
    servers.push(s);
    const result = await runner().send(get(`${s.url}/ip`));
    const connection = result.response!.timings.connection;
    assert.equal(connection?.connection, 'new');
    assert.equal(connection?.dnsMs, undefined);
    assert.equal(typeof connection?.connectMs, 'number');
  });
});

describe('connection timings over TLS', () => {
  let server: Server;
  let url: string;
  let accepted = 0;
  before(async () => {
    const { key, cert } = await generateCredentialPair();
    server = createServer({ key: key.pkcs8Pem, cert: cert.pem }, (_req, res) => res.end('secure'));
    server.on('secureConnection', () => accepted++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a fresh https connection reports connect and TLS handshake times; a reused one says reused', async () => {
    const r = runner({ insecureTlsHosts: ['127.0.0.1'] });
    const connections = [];
    for (let i = 0; i < 4; i++) {
      const result = await r.send(get(url));
      assert.equal(result.response?.status, 200);
      connections.push(result.response!.timings.connection);
    }
    const fresh = connections[0];
    assert.equal(fresh?.connection, 'new');
    assert.equal(typeof fresh?.connectMs, 'number');
    assert.equal(typeof fresh?.tlsMs, 'number');
    assert.equal(connections.filter((c) => c?.connection === 'new').length, accepted);
    const reused = connections.filter((c) => c?.connection === 'reused');
    assert.ok(reused.length > 0);
    assert.ok(reused.every((c) => c?.tlsMs === undefined));
  });
});

describe('redirect hops', () => {
  it('a 302 → 302 → 200 chain reports its three hops in order', async () => {
    const s = await startEchoServer((req, res) => {
      const to = req.url === '/start' ? '/middle' : req.url === '/middle' ? `http://localhost:${(req.socket.address() as AddressInfo).port}/end?x=1` : undefined;
      if (!to) return false;
      res.writeHead(302, { location: to }).end();
      return true;
    });
    servers.push(s);
    const result = await runner().send(get(`${s.url}/start`));
    assert.equal(result.response?.status, 200);
    const hops = result.response!.redirects!;
    assert.deepEqual(
      hops.map(({ method, url, status, location }) => ({ method, url, status, location })),
      [
        { method: 'GET', url: `${s.url}/start`, status: 302, location: '/middle' },
        { method: 'GET', url: `${s.url}/middle`, status: 302, location: `http://localhost:${s.port}/end?x=1` },
        { method: 'GET', url: `http://localhost:${s.port}/end?x=1`, status: 200, location: undefined },
      ],
    );
    assert.ok(hops.every((h) => typeof h.ms === 'number' && h.connection !== undefined));
    // The third goes to another origin (by name), so it opens its own connection, with a lookup.
    assert.equal(hops[2].connection?.connection, 'new');
    assert.equal(typeof hops[2].connection?.dnsMs, 'number');
  });

  it('a response without redirects has no hop list', async () => {
    const s = await startEchoServer();
    servers.push(s);
    const result = await runner().send(get(`${s.url}/plain`));
    assert.equal(result.response?.redirects, undefined);
  });
});
