import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenService } from '../../../src/core/ims/token-service';
import type { ImsTokenClient, MintedToken } from '../../../src/core/ims/ims-client';
import { AioError } from '../../../src/core/errors';
import { secretKey, type Profile } from '../../../src/core/credentials/profile';
import { MemorySecretStore } from '../../../src/core/ports';
import { FakeClock, S2S_SECRET, startImsWorld } from './ims-fixture';

// Token-service cases from security.md that need a hand-driven IMS: cancellation, permanent errors, 401s.

const profile: Profile = {
  id: 'p-1',
  name: 'batch',
  kind: 'oauth-s2s',
  clientId: 'client-1',
  orgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg',
  technicalAccountId: '6657031C5C095BB40A495C83@techacct.adobe.com',
  environment: 'prod',
  imsHost: 'https://ims.invalid',
  sandbox: 'prod',
  scopes: ['openid'],
};

/** An IMS whose every answer the test decides; counts the calls. */
class FakeIms implements ImsTokenClient {
  calls = 0;
  answer: () => Promise<MintedToken> = async () => ({ accessToken: `token-${this.calls}`, tokenType: 'bearer', expiresIn: 86_400, unit: 's' });
  exchangeJwt(): Promise<MintedToken> {
    this.calls++;
    return this.answer();
  }
  clientCredentials(): Promise<MintedToken> {
    this.calls++;
    return this.answer();
  }
}

async function world() {
  const secrets = new MemorySecretStore();
  await secrets.store(secretKey(profile.id, 'clientSecret'), 'p8e-safety-secret-1');
  const ims = new FakeIms();
  return { secrets, ims, service: new TokenService({ secrets, ims }) };
}

function watchUnhandled(t: { after(fn: () => void): void }): unknown[] {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.after(() => process.off('unhandledRejection', onUnhandled));
  return seen;
}

const settle = () => new Promise((r) => setTimeout(r, 30));

test('an already-cancelled token request never calls IMS and leaves no unhandled rejection behind', async (t) => {
  const seen = watchUnhandled(t);
  const { ims, service } = await world();
  ims.answer = () => new Promise((_, reject) => setTimeout(() => reject(new AioError('ims-server', 'IMS failed with HTTP 500.')), 10));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(service.getToken(profile, { signal: controller.signal }), (e) => e instanceof AioError && e.code === 'aborted');
  await settle();
  assert.equal(ims.calls, 0, 'a cancelled caller starts no IMS call');
  assert.deepEqual(seen, []);
});

test('a caller cancelling while the shared IMS call runs leaves no unhandled rejection when that call fails', async (t) => {
  const seen = watchUnhandled(t);
  const { ims, service } = await world();
  ims.answer = () => new Promise((_, reject) => setTimeout(() => reject(new AioError('ims-server', 'IMS failed with HTTP 500.')), 10));
  const controller = new AbortController();
  const waiting = service.getToken(profile, { signal: controller.signal });
  controller.abort();
  await assert.rejects(waiting, (e) => e instanceof AioError && e.code === 'aborted');
  await settle();
  assert.equal(ims.calls <= 1, true);
  assert.deepEqual(seen, []);
});

test('a permanent IMS refusal (401 invalid_client) is not asked again for every request of a batch; a new secret is', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const clock = new FakeClock();
  const service = new TokenService({ secrets: world.secrets, clock });
  await world.secrets.store(secretKey(world.s2sProfile.id, 'clientSecret'), 'p8e-rotated-away-secret');
  const errors: unknown[] = [];
  for (let i = 0; i < 20; i++) errors.push(await service.getToken(world.s2sProfile).catch((e: unknown) => e));
  assert.ok(errors.every((e) => e instanceof AioError && e.code === 'ims-invalid-secret'), 'each request gets the actionable message');
  assert.equal(world.emulator.count('POST /ims/token/v3'), 1, 'one IMS call for the whole batch');

  // A minute later IMS is asked again (the Console may have been fixed meanwhile).
  clock.advance(61_000);
  await assert.rejects(service.getToken(world.s2sProfile), (e) => e instanceof AioError && e.code === 'ims-invalid-secret');
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2);

  // A re-import with the right secret is tried at once.
  await world.secrets.store(secretKey(world.s2sProfile.id, 'clientSecret'), S2S_SECRET);
  assert.ok((await service.getToken(world.s2sProfile)).accessToken);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 3);
});

test('"Clear Cached Token" and a forced refresh ask IMS again despite a remembered refusal; a 500 is retried on the next call', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const service = new TokenService({ secrets: world.secrets });
  await world.secrets.store(secretKey(world.s2sProfile.id, 'clientSecret'), 'p8e-rotated-away-secret');
  await assert.rejects(service.getToken(world.s2sProfile));
  await assert.rejects(service.getToken(world.s2sProfile));
  assert.equal(world.emulator.count('POST /ims/token/v3'), 1);
  await assert.rejects(service.getToken(world.s2sProfile, { forceRefresh: true }));
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2);
  await service.invalidate(world.s2sProfile.id);
  await assert.rejects(service.getToken(world.s2sProfile));
  assert.equal(world.emulator.count('POST /ims/token/v3'), 3);

  await world.secrets.store(secretKey(world.s2sProfile.id, 'clientSecret'), S2S_SECRET);
  world.emulator.inject({ match: 'POST /ims/token/v3', kind: 'status', status: 500, times: 2 });
  await assert.rejects(service.getToken(world.s2sProfile), (e) => e instanceof AioError && e.code === 'ims-server');
  await assert.rejects(service.getToken(world.s2sProfile), (e) => e instanceof AioError && e.code === 'ims-server');
  assert.ok((await service.getToken(world.s2sProfile)).accessToken);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 6, 'a server error is not remembered');
});

test('401s arriving while a non-forced lookup is running never get the refused token back, and cause one IMS call', async () => {
  const { secrets, ims, service } = await world();
  const refused = (await service.getToken(profile)).accessToken;
  assert.equal(ims.calls, 1);
  // After a window reload the refused token is still in the secret store; the first request reads it while
  // its 401 retries ask for a new one.
  const reloaded = new TokenService({ secrets, ims });
  const [plain, ...retried] = await Promise.all([
    reloaded.getToken(profile),
    ...Array.from({ length: 5 }, () => reloaded.getToken(profile, { forceRefresh: true, rejectedToken: refused })),
  ]);
  assert.equal(plain!.accessToken, refused);
  assert.ok(retried.every((x) => x.accessToken !== refused), 'no retry gets the refused token');
  assert.equal(new Set(retried.map((x) => x.accessToken)).size, 1);
  assert.equal(ims.calls, 2, 'one IMS call for all the retries');
  assert.equal((await reloaded.getToken(profile)).accessToken, retried[0]!.accessToken);
});
