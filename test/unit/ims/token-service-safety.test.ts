import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenService } from '../../../src/core/ims/token-service';
import type { ImsTokenClient, MintedToken } from '../../../src/core/ims/ims-client';
import { AioError } from '../../../src/core/errors';
import { secretKey, type Profile } from '../../../src/core/credentials/profile';
import { MemorySecretStore } from '../../../src/core/ports';

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
