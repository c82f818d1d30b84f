import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FALLBACK_LIFETIME_MS, isAlive, isFresh, refreshAt, resolveLifetime } from '../../../src/core/ims/token-expiry';
import { TokenService } from '../../../src/core/ims/token-service';
import { describeTokenStatus } from '../../../src/core/ims/token-status';
import { FakeClock, startImsWorld } from './ims-fixture';

const NOW = 1_750_000_000_000;
const DAY = 24 * 3600_000;

/** A JWT-shaped token with the given payload (signature irrelevant: the client only decodes). */
function tokenWith(payload: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(payload)}.c2lnbmF0dXJl`;
}

const opaque = 'opaque-token-without-claims';

test('the answer\'s expires_in: milliseconds for the JWT exchange, seconds for v3', () => {
  assert.equal(resolveLifetime(opaque, 86_399_992, 'ms', NOW).expiresAt, NOW + 86_399_992);
  assert.equal(resolveLifetime(opaque, 86_399, 's', NOW).expiresAt, NOW + 86_399_000);
  assert.equal(resolveLifetime(opaque, '86399', 's', NOW).expiresAt, NOW + 86_399_000);
});

test('the token\'s own created_at + expires_in (strings, as Adobe sends them) wins when it is earlier', () => {
  const token = tokenWith({ created_at: String(NOW - 3600_000), expires_in: String(DAY) });
  const lifetime = resolveLifetime(token, 86_399, 's', NOW);
  assert.equal(lifetime.expiresAt, NOW - 3600_000 + DAY);
  assert.equal(lifetime.createdAt, NOW - 3600_000);
  assert.equal(lifetime.source, 'both');
});

const edgeCases: Array<[string, unknown]> = [
  ['missing', undefined],
  ['null', null],
  ['zero', 0],
  ['negative', -5],
  ['a non-numeric string', 'tomorrow'],
  ['an empty string', ''],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['absurdly large', 1e15],
  ['an object', { value: 1 }],
];

for (const [name, value] of edgeCases) {
  test(`expires_in ${name}: a finite expiry, never later than the token's own claims, never NaN`, () => {
    for (const unit of ['ms', 's'] as const) {
      const withClaims = resolveLifetime(tokenWith({ created_at: NOW, expires_in: DAY }), value, unit, NOW);
      assert.equal(withClaims.expiresAt, NOW + DAY);
      const without = resolveLifetime(opaque, value, unit, NOW);
      assert.ok(Number.isFinite(without.expiresAt));
      assert.equal(without.expiresAt, NOW + FALLBACK_LIFETIME_MS);
      assert.equal(without.source, 'fallback');
      const badClaims = resolveLifetime(tokenWith({ created_at: 'x', expires_in: value }), value, unit, NOW);
      assert.ok(Number.isFinite(badClaims.expiresAt) && badClaims.expiresAt <= NOW + FALLBACK_LIFETIME_MS);
    }
  });
}

test('a token whose claims say it is already dead is not fresh', () => {
  const token = tokenWith({ created_at: NOW - 2 * DAY, expires_in: DAY });
  const lifetime = resolveLifetime(token, 86_399, 's', NOW);
  assert.ok(lifetime.expiresAt <= NOW);
  assert.equal(isFresh(lifetime, NOW), false);
  assert.equal(isAlive(lifetime, NOW), false);
  assert.equal(describeTokenStatus(lifetime, NOW).label, 'expired');
});

test('refresh 10 minutes before expiry, or at 90 % of a shorter lifetime', () => {
  assert.equal(refreshAt({ createdAt: NOW, expiresAt: NOW + DAY }), NOW + DAY - 600_000);
  assert.equal(refreshAt({ createdAt: NOW, expiresAt: NOW + 600_000 }), NOW + 540_000);
  assert.equal(refreshAt({ createdAt: NOW, expiresAt: NOW + 60_000 }), NOW + 54_000);
});

test('the token row: valid until [date] hh:mm (in N h), expired, no token', () => {
  const status = describeTokenStatus({ expiresAt: NOW + 23 * 3600_000 + 5 * 60_000 }, NOW);
  // The date appears when the expiry is not today (see token-row.test.ts), which depends on the local time zone.
  assert.match(status.label, /^valid until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d \(in 23 h\)$/);
  assert.match(describeTokenStatus({ expiresAt: NOW + 3 * DAY }, NOW).label, /^valid until \d{4}-\d\d-\d\d \d\d:\d\d \(in 72 h\)$/);
  assert.ok(status.nextChangeAt! > NOW);
  assert.match(describeTokenStatus({ expiresAt: NOW + 45 * 60_000 }, NOW).label, /\(in 45 min\)$/);
  assert.equal(describeTokenStatus({ expiresAt: NOW - 1 }, NOW).label, 'expired');
  assert.equal(describeTokenStatus(undefined, NOW).label, 'no token');
});

for (const [name, value] of edgeCases) {
  test(`end to end, IMS answering expires_in ${name}: the cached token expires as its claims say, and a dead token is never handed out`, async (t) => {
    const world = await startImsWorld();
    t.after(() => world.stop());
    const clock = new FakeClock();
    const service = new TokenService({ secrets: world.secrets, clock });
    const token = tokenWith({ created_at: String(clock.now()), expires_in: String(3600_000), client_id: world.s2sClient.clientId });
    world.emulator.inject({ match: 'POST /ims/token/v3', kind: 'status', status: 200, body: { access_token: token, token_type: 'bearer', expires_in: value } });
    const first = await service.getToken(world.s2sProfile);
    assert.equal(first.expiresAt, clock.now() + 3600_000);
    clock.advance(3600_000);
    const second = await service.getToken(world.s2sProfile);
    assert.notEqual(second.accessToken, first.accessToken);
    assert.ok(second.expiresAt > clock.now());
    assert.equal(world.emulator.count('POST /ims/token/v3'), 2);
  });
}
