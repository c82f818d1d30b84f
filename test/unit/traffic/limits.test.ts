import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePacing, CJA_LIMITS, withArrivalMargin } from '../../../src/core/traffic/limits';
import type { CappingConfig, ThrottlingConfig } from '../../../src/core/journey/types';

const deployed: CappingConfig = {
  uid: 'cap-1',
  url: 'https://api.example.org/data/2.5/*',
  methods: ['POST'],
  // Edited after deploy: the top level says 1,500, the live copy 500.
  services: { action: { maxHttpConnections: 80, rating: { maxCallsCount: 1500, periodInMs: 1000 } } },
  state: 'updated',
  hasBeenDeployed: true,
  deployedConfig: { url: 'https://api.example.org/data/2.5/*', methods: ['GET', 'POST'], services: { action: { maxHttpConnections: 50, rating: { maxCallsCount: 500, periodInMs: 1000 } } } },
};
const draft: CappingConfig = {
  uid: 'cap-draft', url: 'https://api.example.org/*', methods: ['GET'], state: 'created',
  services: { dataSource: { rating: { maxCallsCount: 1, periodInMs: 1000 } } },
};
const throttle: ThrottlingConfig = { uid: 'thr-1', urlPattern: 'https://api.example.org/data/*', methods: ['POST'], maxThroughput: 4000, state: 'deployed' };

test('a deployed capping config paces the calls it covers with its live limits, and says so', () => {
  const pacing = resolvePacing({ method: 'GET', url: 'https://api.example.org/data/2.5/weather?q=1', capping: [deployed, draft] });
  assert.deepEqual(pacing.windows, [{ count: 500, windowMs: 1000 }]);
  assert.equal(pacing.concurrency, 50);
  // The live copy (deployedConfig) counts, not the pending edit of 1,500; the config is named by its URL.
  assert.equal(pacing.description, 'capping config https://api.example.org/data/2.5/* (500 calls / 1 s, ≤ 50 connections)');
  // Two limits, the rate and the connections, each a budget of its own; the live values are in their keys: once
  // redeployed with other limits, calls get budgets with the new ones.
  assert.deepEqual(pacing.limits, [
    { key: 'capping:cap-1:action:500/1000', kind: 'capping', windows: [{ count: 500, windowMs: 1000 }] },
    { key: 'capping:cap-1:action:connections:50', kind: 'capping', windows: [], concurrency: 50 },
  ]);
  assert.equal(pacing.key, 'capping:cap-1:action:500/1000|capping:cap-1:action:connections:50');
  const redeployed = { ...deployed, deployedConfig: { ...deployed.deployedConfig!, services: { action: { maxHttpConnections: 50, rating: { maxCallsCount: 100, periodInMs: 1000 } } } } };
  assert.equal(resolvePacing({ method: 'GET', url: 'https://api.example.org/data/2.5/weather?q=1', capping: [redeployed] }).key, 'capping:cap-1:action:100/1000|capping:cap-1:action:connections:50');
});

test('configs not deployed, other methods and other URLs leave the request alone', () => {
  for (const [method, url] of [['GET', 'https://api.example.org/other'], ['DELETE', 'https://api.example.org/data/2.5/x'], ['GET', 'https://elsewhere.example.org/data/2.5/x']]) {
    const pacing = resolvePacing({ method: method!, url: url!, capping: [deployed, draft] });
    assert.deepEqual(pacing.windows, [], `${method} ${url}`);
    assert.equal(pacing.description, '');
  }
});

test('capping and throttling together: both apply (the pacer enforces the stricter)', () => {
  const pacing = resolvePacing({ method: 'POST', url: 'https://api.example.org/data/2.5/x', capping: [deployed], throttling: [throttle] });
  assert.deepEqual(pacing.windows, [{ count: 500, windowMs: 1000 }, { count: 4000, windowMs: 1000 }]);
  assert.match(pacing.description, /throttling config https:\/\/api\.example\.org\/data\/\* \(4000 calls \/ 1 s, FIFO\)/);
});

test('# @no-limits and --ignore-limits opt out of Journey limits', () => {
  assert.deepEqual(resolvePacing({ method: 'GET', url: 'https://api.example.org/data/2.5/x', capping: [deployed], request: { noLimits: true } }).windows, []);
  assert.deepEqual(resolvePacing({ method: 'GET', url: 'https://api.example.org/data/2.5/x', capping: [deployed], cli: { noLimits: true } }).windows, []);
});

test('directive precedence: request over file over CLI; Journey limits still hold', () => {
  const pacing = resolvePacing({
    method: 'GET', url: 'https://api.example.org/data/2.5/x', capping: [deployed],
    request: { rate: { count: 15, windowMs: 1000 } }, file: { rate: { count: 2, windowMs: 1000 }, concurrency: 4 }, cli: { concurrency: 1 },
  });
  assert.deepEqual(pacing.windows, [{ count: 500, windowMs: 1000 }, { count: 15, windowMs: 1000 }]);
  assert.equal(pacing.concurrency, 4);
  assert.match(pacing.description, /rate 15 calls \/ 1 s \(this request\); concurrency ≤ 4 \(this file\)/);
  const fromCli = resolvePacing({ method: 'GET', url: 'https://x.org/', cli: { rate: { count: 5000, windowMs: 1000 }, concurrency: 32 } });
  assert.deepEqual(fromCli.windows, [{ count: 5000, windowMs: 1000 }]);
  assert.equal(fromCli.concurrency, 32);
});

test('CJA is paced to its published limits unless the user set a rate', () => {
  const pacing = resolvePacing({ method: 'GET', url: 'https://cja.adobe.io/data/dataviews?limit=10' });
  // Published figures, kept a little longer for arrival jitter (12 / 6.3 s, 60 / 63 s).
  assert.deepEqual(pacing.windows, CJA_LIMITS.windows.map(withArrivalMargin));
  assert.deepEqual(pacing.windows, [{ count: 12, windowMs: 6300 }, { count: 60, windowMs: 63_000 }]);
  assert.equal(pacing.concurrency, 6);
  assert.match(pacing.description, /12 calls \/ 6 s per user, 60 calls \/ 1 min and ≤ 6 concurrent/);
  const own = resolvePacing({ method: 'GET', url: 'https://cja.adobe.io/data/dataviews', file: { rate: { count: 1, windowMs: 1000 } } });
  assert.deepEqual(own.windows, [{ count: 1, windowMs: 1000 }]);
  const emulated = resolvePacing({ method: 'GET', url: 'http://127.0.0.1:4567/data/dataviews', known: [{ ...CJA_LIMITS, hosts: ['127.0.0.1:4567'] }] });
  assert.equal(emulated.windows.length, 2);
});

test('each limit has a key of its own: a request\'s own # @concurrency does not split the file\'s # @rate, nor Adobe\'s CJA limit', () => {
  const url = 'https://cja.adobe.io/data/dataviews';
  const file = { rate: { count: 10, windowMs: 1000 } };
  const plain = resolvePacing({ method: 'GET', url: 'https://api.example.org/x', file });
  const capped = resolvePacing({ method: 'GET', url: 'https://api.example.org/x', file, request: { concurrency: 2 } });
  assert.notEqual(plain.key, capped.key);
  assert.deepEqual(capped.limits?.map((l) => l.key), ['rate:10/1000', 'directive:connections:2']);
  assert.equal(plain.limits?.[0]?.key, capped.limits?.[0]?.key);
  const cja = resolvePacing({ method: 'GET', url });
  const cjaCapped = resolvePacing({ method: 'GET', url, request: { concurrency: 2 } });
  assert.deepEqual(cja.limits?.map((l) => l.key), ['known:cja', 'known:cja:connections:6']);
  assert.deepEqual(cjaCapped.limits?.map((l) => l.key), ['directive:connections:2', 'known:cja']);
});
