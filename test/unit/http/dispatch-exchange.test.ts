// The exchange under the runner (core/net/dispatch-exchange.ts), where the runner's own tests cannot reach: a
// cancel that lands after the last byte, a redirect body declared too long to read, a tunnel nobody asked for.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { AttemptSignal, exchange, type BodyPlan } from '../../../src/core/net/dispatch-exchange';
import { startEchoServer, type EchoServer } from '../../support/echo-server';

const closers: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

async function server(handler: Parameters<typeof startEchoServer>[0]): Promise<EchoServer> {
  const s = await startEchoServer(handler);
  closers.push(() => s.close());
  return s;
}

function pool(): Agent {
  const agent = new Agent({ connections: 1 });
  closers.push(() => agent.destroy());
  return agent;
}

function get(dispatcher: Dispatcher, url: string, plan: BodyPlan, signal = new AttemptSignal()) {
  const { origin, pathname } = new URL(url);
  return exchange(dispatcher, { origin, path: pathname, method: 'GET', headers: [] }, signal, () => ({ body: plan, note: undefined }));
}

const KEEP: BodyPlan = { keep: true, cap: 64 * 1024 * 1024 };

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('dispatch exchange', () => {
  it('a cancel after the last byte, while the body is still decoding, cancels; the connection serves the next request', async () => {
    const packed = gzipSync(Buffer.alloc(20 * 1024 * 1024, 1));
    const s = await server((req, res) => {
      if (req.url === '/packed') res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': packed.length }).end(packed);
      else res.writeHead(200, { 'content-length': 2 }).end('ok');
      return true;
    });
    const agent = pool();
    const signal = new AttemptSignal();
    let cancelled = false;
    // Passes every event through, and cancels as soon as the last byte has been handed over.
    const cancelAtEnd = {
      dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
        return agent.dispatch(options, {
          onRequestStart: (c, context) => handler.onRequestStart?.(c, context),
          onResponseStart: (c, status, headers, text) => handler.onResponseStart?.(c, status, headers, text),
          onResponseData: (c, chunk) => handler.onResponseData?.(c, chunk),
          onResponseEnd: (c, trailers) => {
            handler.onResponseEnd?.(c, trailers);
            cancelled = true;
            signal.abort(new Error('cancelled after the last byte'));
          },
          onResponseError: (c, error) => handler.onResponseError?.(c, error),
        });
      },
    } as unknown as Dispatcher;
    await assert.rejects(get(cancelAtEnd, `${s.url}/packed`, KEEP, signal), /cancelled after the last byte/);
    assert.ok(cancelled);
    const next = await get(agent, `${s.url}/next`, KEEP);
    assert.equal(Buffer.from(next.body).toString(), 'ok');
    assert.equal(s.connections, 1);
  });

  it('a dropped body declared longer than its limit is not waited for: the exchange settles and the connection closes', async () => {
    const s = await server((_req, res) => {
      // One byte of a declared 10 MB, then nothing: reading it would never end.
      res.writeHead(302, { location: '/elsewhere', 'content-length': 10 * 1024 * 1024 });
      res.write('x');
      return true;
    });
    const done = await get(pool(), `${s.url}/moved`, { keep: false, limit: 64 * 1024 });
    assert.equal(done.head.statusCode, 302);
    assert.equal(done.body.byteLength, 0);
    await until(() => s.closedSockets > 0);
    assert.ok(s.closedSockets >= 1);
  });

  it('an answer that turns the connection into a tunnel fails the exchange and closes the socket', async () => {
    let closed = 0;
    const raw = createNetServer((socket) => {
      socket.once('data', () => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n'));
      socket.on('close', () => closed++);
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => raw.close(resolve)));
    const port = (raw.address() as AddressInfo).port;
    const tunnel = exchange(pool(), { origin: `http://127.0.0.1:${port}`, path: `127.0.0.1:${port}`, method: 'CONNECT', headers: [] }, new AttemptSignal(), () => ({ body: KEEP, note: undefined }));
    await assert.rejects(tunnel, /tunnel/);
    await until(() => closed > 0);
    assert.equal(closed, 1);
  });
});
