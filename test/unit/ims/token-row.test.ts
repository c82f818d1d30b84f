import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTokenStatus } from '../../../src/core/ims/token-status';

const NOW = 1_750_000_000_000;

// The Profiles view redraws a token row at its `nextChangeAt`; following those wake-ups must keep the label
// current and turn it to "expired" exactly when the token dies, without the row ever going quiet before that.
test('following nextChangeAt, the token row counts down and says "expired" the moment the token dies', () => {
  const expiresAt = NOW + 3 * 3600_000 + 30_000;
  let now = NOW;
  const labels: string[] = [];
  let wakeUps = 0;
  for (;;) {
    const status = describeTokenStatus({ expiresAt }, now);
    labels.push(status.label);
    if (status.nextChangeAt === undefined) break;
    assert.ok(status.nextChangeAt > now, 'the next wake-up is in the future');
    assert.ok(status.nextChangeAt <= expiresAt, 'never sleeps past the expiry');
    now = status.nextChangeAt;
    assert.ok(++wakeUps < 20_000, 'a bounded number of redraws');
  }
  assert.equal(now, expiresAt, 'the last wake-up is the expiry itself');
  assert.equal(labels.at(-1), 'expired');
  assert.ok(labels.some((l) => /\(in 3 h\)$/.test(l)), 'starts in hours');
  assert.ok(labels.some((l) => /\(in 1 h \d+ min\)$/.test(l)), 'then hours and minutes');
  assert.ok(labels.some((l) => /\(in 30 min\)$/.test(l)), 'then minutes');
  assert.ok(labels.some((l) => /\(in \d+ s\)$/.test(l)), 'then seconds');
  // Every wake-up but the last shows a label for a live token.
  assert.ok(labels.slice(0, -1).every((l) => l.startsWith('valid until')));
});

test('the token row shows the date when the token expires on another day than today', () => {
  const at = (day: number, h: number, m: number): number => new Date(2026, 11, day, h, m).getTime();
  // At 13:18 a token valid for 23 h 59 min expires tomorrow at 13:17: the time alone would read as already past.
  assert.equal(describeTokenStatus({ expiresAt: at(2, 13, 17) }, at(1, 13, 18)).label, 'valid until 2026-12-02 13:17 (in 23 h)');
  // Later the same day: the time alone.
  assert.equal(describeTokenStatus({ expiresAt: at(1, 20, 0) }, at(1, 13, 18)).label, 'valid until 20:00 (in 6 h)');
  // Past midnight, two hours: another day, so the date is shown.
  assert.equal(describeTokenStatus({ expiresAt: at(2, 1, 0) }, at(1, 23, 0)).label, 'valid until 2026-12-02 01:00 (in 2 h)');
});
