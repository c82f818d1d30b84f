// Issue 8 §3: Retry-After waits count toward a per-request total the user can set (`maxWaitMs`, CLI `--max-wait`).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpRunner } from '../../../src/core/http/runner';
import { startEchoServer, type EchoServer } from '../../support/echo-server';

describe('total Retry-After wait per request', () => {
  let s: EchoServer;
  const runners: HttpRunner[] = [];
  before(async () => {
    s = await startEchoServer((_req, res) => {
      res.writeHead(429, { 'retry-after': '600' }).end();
      return true;
    });
  });
  after(async () => {
    await Promise.all(runners.map((r) => r.destroy()));
    await s.close();
  });
  const send = async (options: ConstructorParameters<typeof HttpRunner>[0]) => {
    const r = new HttpRunner({ env: {}, ...options });
    runners.push(r);
    return r.send({ method: 'GET', url: `${s.url}/`, headers: [], options: {} });
  };

  it('by default waits up to 15 minutes in all, then returns the 429 saying why it stopped', async () => {
    const waits: number[] = [];
    const result = await send({ sleep: async (ms) => void waits.push(ms), max429Retries: 5 });
    // Two 10-minute waits would be 20 minutes: only the first is taken.
    assert.deepEqual(waits, [600_000]);
    assert.equal(result.response?.status, 429);
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.message ?? '', /Retry-After asks for 10 min more; with the 10 min already waited that passes the 15 min limit on waiting for one request \(--max-wait\)/);
  });

  it('a shorter maxWaitMs stops the waits sooner', async () => {
    const waits: number[] = [];
    const result = await send({ sleep: async (ms) => void waits.push(ms), maxWaitMs: 60_000 });
    assert.deepEqual(waits, []);
    assert.match(result.error?.message ?? '', /Retry-After asks for 10 min more, past the 1 min limit on waiting for one request/);
  });
});
