// Adobe counts CJA's published limit (12 calls / 6 s per user) when calls arrive, not when they are written:
// a call delayed on its way (a busy gateway, a stalled event loop, a retransmit) packs the window on the
// server's side. Paced by the product's defaults, 30 calls in a row still never put 13 arrivals in 6 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacingSession, pacedSend, type RequestSender } from '../../../src/core/traffic/paced-send';
import { CJA_LIMITS } from '../../../src/core/traffic/limits';
import type { ResolvedRequest } from '../../../src/core/http/types';
import { FakeTime } from '../../support/fake-time';
import { maxInWindow } from '../../support/sliding-window';

test('CJA calls paced to its published limits stay under them as the server counts, with 200 ms of arrival jitter', async () => {
  const time = new FakeTime();
  const arrivals: number[] = [];
  let written = 0;
  // A bad pattern for a sliding window: the first of two dozen calls arrives 200 ms late, the 13th at once.
  const sender: RequestSender = {
    send: async (request) => {
      // Its answer leaves the server when the call arrives there.
      const late = written++ % 24 === 0 ? 200 : 0;
      if (late > 0) await time.sleep(late, new AbortController().signal);
      arrivals.push(time.now());
      return { request: { method: request.method, url: request.url, headers: [] }, response: { status: 200, statusText: 'OK', headers: [], body: new Uint8Array(), url: request.url, timings: { firstByteMs: 1, totalMs: 1 } } };
    },
  };
  const session = new PacingSession({ clock: time, sleep: time.sleep });
  const request: ResolvedRequest = { method: 'GET', url: 'https://cja.adobe.io/aresconfig/users/me', headers: [], options: {} };
  const all = Promise.all(Array.from({ length: 30 }, () => pacedSend(session, sender, { request, limits: { known: [CJA_LIMITS] } })));
  let done = false;
  void all.finally(() => (done = true));
  for (let step = 0; !done && step < 10_000; step++) await time.advance(50);
  await all;
  assert.equal(arrivals.length, 30);
  assert.ok(maxInWindow(arrivals, 6000) <= 12, `${maxInWindow(arrivals, 6000)} arrivals in 6 s`);
});
