import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowsOf, simulate } from '../../../src/core/traffic/simulate';

const at = (a: Float64Array, i: number): number => a[i]!;

test('5,000/s against a 500 calls / 1 s cap for 60 s: 500 pass each second, retries take slots, the rest fail', () => {
  const { series, totals } = simulate({ eventsPerSecond: 5000, durationSeconds: 60, capping: { maxCallsCount: 500, periodInMs: 1000 }, latencyMs: 200 });
  // Second 0: 5,000 new calls, 500 accepted, 4,500 refused (they retry next second).
  assert.equal(at(series.accepted, 0), 500);
  assert.equal(at(series.rejected, 0), 4500);
  assert.equal(at(series.failed, 0), 0);
  // Second 1: 4,500 first retries go first and take all 500 slots; 4,000 retries + 5,000 new are refused.
  assert.equal(at(series.accepted, 1), 500);
  assert.equal(at(series.rejected, 1), 9000);
  // Second 3: the 3,500 third retries take the slots; 3,000 of them have no retry left and fail.
  assert.equal(at(series.rejected, 3), 3500 - 500 + 5000 + 5000 + 5000);
  assert.equal(at(series.failed, 3), 3000);
  // From second 4 on: 5,000 third retries, 500 pass, 4,500 fail; 20,000 attempts, 19,500 refused.
  for (const t of [4, 30, 59]) {
    assert.equal(at(series.accepted, t), 500);
    assert.equal(at(series.rejected, t), 19_500);
    assert.equal(at(series.failed, t), 4500);
    assert.equal(at(series.connections, t), 100); // 500 calls/s × 0.2 s
  }
  // After the events stop, the retries drain in 3 more seconds, 500 a second.
  assert.equal(totals.endSeconds, 63);
  assert.equal(totals.offered, 300_000);
  assert.equal(totals.accepted, 500 * 63);
  assert.equal(totals.accepted + totals.failed, totals.offered);
  assert.equal(totals.queued, 0);
});

test('5,000/s against a 4,000/s throttle for an hour, then the drain', () => {
  const { series, totals } = simulate({ eventsPerSecond: 5000, durationSeconds: 3600, throttling: { maxThroughput: 4000 }, latencyMs: 100 });
  assert.equal(at(series.accepted, 0), 4000);
  assert.equal(at(series.queued, 0), 1000);
  assert.equal(at(series.queueLength, 0), 1000);
  assert.equal(at(series.lastWaitSeconds, 0), 0.25);
  // The queue grows 1,000 a second: after the hour, 3.6 M calls wait, the last one 900 s.
  assert.equal(at(series.queueLength, 3599), 3_600_000);
  assert.equal(at(series.lastWaitSeconds, 3599), 900);
  // Then 900 s of drain at 4,000/s, nothing dropped.
  assert.equal(totals.endSeconds, 3600 + 900);
  assert.equal(at(series.queueLength, 4499), 0);
  assert.equal(at(series.accepted, 4000), 4000);
  assert.equal(totals.accepted, 18_000_000);
  assert.equal(totals.dropped, 0);
  assert.equal(totals.maxWaitSeconds, 900);
  assert.equal(totals.maxConnections, 400);
});

test('calls queued longer than 6 hours are dropped, and every call is either sent or dropped', () => {
  // 400/s offered for 8 h against 200/s: the call arriving at second t leaves near second 2t (it waits t
  // seconds), so the head of the queue passes 6 hours of waiting near second 43,200 (12 h), in the drain.
  const { series, totals } = simulate({ eventsPerSecond: 400, durationSeconds: 8 * 3600, throttling: { maxThroughput: 200 } });
  assert.ok(totals.dropped > 0);
  assert.equal(series.dropped.subarray(0, 43_190).reduce((a, b) => a + b, 0), 0);
  assert.ok(at(series.dropped, 43_210) > 0);
  assert.ok(totals.maxWaitSeconds > 6 * 3600 - 10);
  assert.equal(totals.accepted + totals.dropped, totals.offered);
  assert.equal(totals.offered, 400 * 8 * 3600);
});

test('a capping period of a minute is a sliding window of seconds', () => {
  // 60 calls / 1 min, 2 events a second for 2 minutes, no retries: the first 30 seconds use the minute's 60
  // slots, then nothing passes until second 60, when second 0's calls leave the window.
  const { series, totals } = simulate({ eventsPerSecond: 2, durationSeconds: 120, capping: { maxCallsCount: 60, periodInMs: 60_000 }, retries: 0 });
  assert.equal(at(series.accepted, 29), 2);
  assert.equal(at(series.accepted, 30), 0);
  assert.equal(at(series.accepted, 60), 2);
  assert.equal(totals.accepted, 120);
  assert.equal(totals.failed, 120);
});

test('an audience is sent at up to 20,000/s; a unitary journey is read at 5,000/s at most', () => {
  const audience = simulate({ eventsPerSecond: 50_000, audience: 1_000_000 });
  assert.equal(audience.totals.offered, 1_000_000);
  assert.equal(audience.totals.endSeconds, 50);
  assert.match(audience.notes.join(' '), /20,000/);
  const unitary = simulate({ eventsPerSecond: 8000, durationSeconds: 10 });
  assert.equal(unitary.totals.offered, 50_000);
});

test('connections: a cap of connections at a given latency limits the calls a second carries', () => {
  const { series, notes } = simulate({ eventsPerSecond: 1000, durationSeconds: 5, capping: { maxCallsCount: 1000, periodInMs: 1000, maxHttpConnections: 50 }, latencyMs: 100, retries: 0 });
  assert.equal(at(series.accepted, 0), 500);
  assert.equal(at(series.connections, 0), 50);
  assert.match(notes.join(' '), /500 calls\/s/);
});

test('per-minute rows add the seconds up', () => {
  const { series, totals } = simulate({ eventsPerSecond: 5000, durationSeconds: 3600, throttling: { maxThroughput: 4000 } });
  const rows = rowsOf(series, 60);
  assert.equal(rows.length, 75);
  assert.equal(rows.reduce((n, r) => n + r.accepted, 0), totals.accepted);
  assert.equal(rows[0]!.queueLength, 60_000);
});

test('bad inputs are refused with what to give', () => {
  assert.throws(() => simulate({ eventsPerSecond: 0, durationSeconds: 1 }), /above 0/);
  assert.throws(() => simulate({ eventsPerSecond: 10 }), /duration/);
});
