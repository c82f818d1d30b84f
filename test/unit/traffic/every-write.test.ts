// The pacing promise holds for every call written, not every request: a 429 retry, a 401 → refresh → retry and
// each redirect hop take a slot of the limits their own method + URL fall under (Journey counts each retry).
// The wire is undici's MockAgent and the clock is fake: a call "arrives" at the fake time it is dispatched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAgent } from 'undici';
import { HttpRunner } from '../../../src/core/http/runner';
import { PacingSession, pacedSend } from '../../../src/core/traffic/paced-send';
import type { Pacing } from '../../../src/core/traffic/limits';
import type { ResolvedRequest } from '../../../src/core/http/types';
import type { CappingConfig } from '../../../src/core/journey/types';
import { FakeTime } from '../../support/fake-time';
import { FakeAuthenticator } from '../../support/fake-authenticator';
import { startEchoServer } from '../../support/echo-server';
import { maxInWindow } from '../../support/sliding-window';

const API = 'https://api.example.test';
const ELSEWHERE = 'https://elsewhere.example.test';
const CAP = 4; // 250 ms apart: exact in binary, so window arithmetic has no rounding

type Answer = { status: number; headers?: Record<string, string> };

interface World {
  time: FakeTime;
  runner: HttpRunner;
  /** Fake times at which each origin saw a call. */
  arrivals: Map<string, number[]>;
}

/** Each origin answers by `answer(path, headers, nth call to that path)`. */
function world(answer: (origin: string, path: string, headers: Record<string, string>, nth: number) => Answer, authenticated = false): World {
  const time = new FakeTime();
  const agent = new MockAgent();
  agent.disableNetConnect();
  const arrivals = new Map<string, number[]>();
  const seen = new Map<string, number>();
  for (const origin of [API, ELSEWHERE]) {
    agent.get(origin).intercept({ path: () => true, method: () => true }).reply((opts) => {
      (arrivals.get(origin) ?? arrivals.set(origin, []).get(origin)!).push(time.now());
      const key = `${origin}${opts.path}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      const headers: Record<string, string> = {};
      const raw = opts.headers as string[] | Record<string, string>;
      if (Array.isArray(raw)) for (let i = 0; i < raw.length; i += 2) headers[raw[i]!.toLowerCase()] = raw[i + 1]!;
      else for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = value;
      const a = answer(origin, opts.path, headers, nth);
      return { statusCode: a.status, data: '{}', responseOptions: { headers: { 'content-type': 'application/json', ...a.headers } } };
    }).persist();
  }
  const runner = new HttpRunner({
    dispatcher: agent,
    env: {},
    authenticator: authenticated ? new FakeAuthenticator() : undefined,
    authHosts: authenticated ? ['api.example.test'] : [],
    sleep: (ms) => time.sleep(ms, new AbortController().signal),
  });
  return { time, runner, arrivals };
}

const get = (url: string): ResolvedRequest => ({ method: 'GET', url, headers: [], options: {} });
const capped = (windowMs = 1000): Pacing => ({ windows: [{ count: CAP, windowMs }], key: 'cap', sources: [], description: `rate ${CAP} calls / 1 s` });

/** Sends `n` requests at once under one session and lets fake time run until all are answered. */
async function sendAll(w: World, n: number, input: (i: number) => Parameters<typeof pacedSend>[2]): Promise<number[]> {
  const session = new PacingSession({ clock: w.time, sleep: w.time.sleep });
  const all = Promise.all(Array.from({ length: n }, (_, i) => pacedSend(session, w.runner, input(i))));
  let done = false;
  void all.finally(() => (done = true));
  for (let step = 0; !done && step < 10_000; step++) await w.time.advance(10);
  return (await all).map((r) => r.result.response?.status ?? 0);
}

test(`a 429 with Retry-After: 0 is retried in its own slot: never more than ${CAP} arrivals in any 1 s`, async () => {
  const w = world((_origin, _path, _headers, nth) => (nth === 1 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 }));
  const statuses = await sendAll(w, 9, (i) => ({ request: get(`${API}/r/${i}`), pacing: capped() }));
  assert.deepEqual(new Set(statuses), new Set([200]));
  const at = w.arrivals.get(API)!;
  assert.equal(at.length, 18, 'each request was written twice');
  assert.ok(maxInWindow(at, 1000) <= CAP, `${maxInWindow(at, 1000)} arrivals in one second: ${at.join(' ')}`);
});

test(`a 401 → refresh → retry takes its own slot too`, async () => {
  const w = world((_origin, _path, headers) => (headers.authorization === 'Bearer token-1' ? { status: 401 } : { status: 200 }), true);
  const statuses = await sendAll(w, 6, (i) => ({ request: get(`${API}/r/${i}`), pacing: capped() }));
  assert.deepEqual(new Set(statuses), new Set([200]));
  const at = w.arrivals.get(API)!;
  assert.ok(at.length > 6, 'some requests were written again after a refresh');
  assert.ok(maxInWindow(at, 1000) <= CAP, `${maxInWindow(at, 1000)} arrivals in one second: ${at.join(' ')}`);
});

test('each hop of a 302 chain counts', async () => {
  const w = world((_origin, path) => (path.endsWith('/b') ? { status: 200 } : { status: 302, headers: { location: `${path}/b` } }));
  const statuses = await sendAll(w, 6, (i) => ({ request: get(`${API}/r/${i}`), pacing: capped() }));
  assert.deepEqual(new Set(statuses), new Set([200]));
  const at = w.arrivals.get(API)!;
  assert.equal(at.length, 12);
  assert.ok(maxInWindow(at, 1000) <= CAP, `${maxInWindow(at, 1000)} arrivals in one second: ${at.join(' ')}`);
});

test('a redirect to another origin is judged by its own URL: hops into a capped origin count there, the unpaced origin is not held', async () => {
  // Requests to an origin no limit covers are redirected to one under a deployed capping config.
  const capping: CappingConfig[] = [{
    uid: 'cap-api', url: `${API}/*`, methods: ['GET'], state: 'deployed',
    services: { action: { rating: { maxCallsCount: CAP, periodInMs: 1000 } } },
  }];
  const w = world((origin, path) => (origin === ELSEWHERE ? { status: 302, headers: { location: `${API}${path}` } } : { status: 200 }));
  const statuses = await sendAll(w, 9, (i) => ({ request: get(`${ELSEWHERE}/r/${i}`), limits: { capping } }));
  assert.deepEqual(new Set(statuses), new Set([200]));
  const elsewhere = w.arrivals.get(ELSEWHERE)!;
  const api = w.arrivals.get(API)!;
  assert.equal(api.length, 9);
  assert.ok(maxInWindow(api, 1000) <= CAP, `${maxInWindow(api, 1000)} arrivals at the capped origin in one second: ${api.join(' ')}`);
  // The uncapped origin got every first call at once.
  assert.equal(maxInWindow(elsewhere, 1000), 9);
});

test("a retry waits for its slot before its own deadline starts, as it waits for Retry-After", async () => {
  let calls = 0;
  const server = await startEchoServer((_req, res) => {
    if (++calls > 1) return false;
    res.writeHead(429, { 'retry-after': '0' }).end();
    return true;
  });
  const runner = new HttpRunner({ env: {} });
  try {
    // One call per 1.5 s: the retry waits that long for its slot, far past the request's 400 ms deadline.
    const pacing: Pacing = { windows: [{ count: 1, windowMs: 1500 }], key: 'slow', sources: [], description: 'rate 1 call / 1.5 s' };
    const request: ResolvedRequest = { ...get(`${server.url}/slow`), options: { timeoutMs: 400 } };
    const out = await pacedSend(new PacingSession(), runner, { request, pacing });
    assert.equal(out.result.error, undefined);
    assert.equal(out.result.response?.status, 200);
    assert.equal(calls, 2);
  } finally {
    await runner.destroy();
    await server.close();
  }
});
