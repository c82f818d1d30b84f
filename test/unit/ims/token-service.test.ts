import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenService } from '../../../src/core/ims/token-service';
import { ImsRequestAuthenticator } from '../../../src/core/ims/authenticator';
import { AioError } from '../../../src/core/errors';
import { secretKey, type Profile, type ProfileRepository } from '../../../src/core/credentials/profile';
import { generateCredentialPair } from '../../support/credentials-fixtures';
import { FakeClock, startImsWorld } from './ims-fixture';

const MIN = 60_000;

test('50 simultaneous callers cause exactly one IMS call and all get its token', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  world.emulator.inject({ match: 'POST /ims/exchange/jwt', kind: 'delay', delayMs: 100 });
  const service = new TokenService({ secrets: world.secrets });
  const tokens = await Promise.all(Array.from({ length: 50 }, () => service.getToken(world.jwtProfile)));
  assert.equal(world.emulator.count('POST /ims/exchange/jwt'), 1);
  assert.equal(new Set(tokens.map((x) => x.accessToken)).size, 1);
  await service.getToken(world.jwtProfile);
  assert.equal(world.emulator.count('POST /ims/exchange/jwt'), 1, 'a cached token is reused');
});

test('a failure is reported once to every waiter, and the next call retries (no loop)', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  world.emulator.inject({ match: 'POST /ims/token/v3', kind: 'status', status: 500 });
  const service = new TokenService({ secrets: world.secrets });
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => service.getToken(world.s2sProfile)));
  assert.ok(results.every((r) => r.status === 'rejected'));
  const reasons = new Set(results.map((r) => (r as PromiseRejectedResult).reason));
  assert.equal(reasons.size, 1, 'every waiter got the one error');
  assert.ok([...reasons][0] instanceof AioError);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(world.emulator.count('POST /ims/token/v3'), 1, 'nothing retried on its own');
  const token = await service.getToken(world.s2sProfile);
  assert.ok(token.accessToken);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2);
});

test('refresh margin: reused until 10 minutes before expiry, then minted anew', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const clock = new FakeClock();
  const service = new TokenService({ secrets: world.secrets, clock });
  const first = await service.getToken(world.s2sProfile);
  clock.value = first.expiresAt - 11 * MIN;
  assert.equal((await service.getToken(world.s2sProfile)).accessToken, first.accessToken);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 1);
  clock.value = first.expiresAt - 9 * MIN;
  const second = await service.getToken(world.s2sProfile);
  assert.notEqual(second.accessToken, first.accessToken);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2);
});

test('a short lifetime is refreshed at 90 %', async (t) => {
  const world = await startImsWorld({ s2s: { tokenLifetimeSeconds: 600 } });
  t.after(() => world.stop());
  const clock = new FakeClock();
  const service = new TokenService({ secrets: world.secrets, clock });
  const first = await service.getToken(world.s2sProfile);
  const lifetime = first.expiresAt - first.createdAt;
  assert.ok(lifetime <= 600_000 && lifetime > 590_000);
  clock.value = first.createdAt + lifetime * 0.89;
  assert.equal((await service.getToken(world.s2sProfile)).accessToken, first.accessToken);
  clock.value = first.createdAt + lifetime * 0.91;
  assert.notEqual((await service.getToken(world.s2sProfile)).accessToken, first.accessToken);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2);
});

test('a persisted token is reused by a new service (window reload) without an IMS call', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const first = await new TokenService({ secrets: world.secrets }).getToken(world.jwtProfile);
  assert.ok(world.secrets.values.has(secretKey(world.jwtProfile.id, 'token')));
  const reloaded = new TokenService({ secrets: world.secrets });
  assert.equal((await reloaded.peek(world.jwtProfile))?.accessToken, first.accessToken);
  assert.equal((await reloaded.getToken(world.jwtProfile)).accessToken, first.accessToken);
  assert.equal(world.emulator.count('POST /ims/exchange/jwt'), 1);
});

test('a persisted token minted for other credentials is not reused after a reload', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const first = await new TokenService({ secrets: world.secrets }).getToken(world.jwtProfile);
  // The key was replaced (re-import) by another process while no window was open.
  const other = await generateCredentialPair();
  world.emulator.registerClient({ ...world.jwtClient, certificates: [other.cert.pem] });
  await world.secrets.store(secretKey(world.jwtProfile.id, 'privateKey'), other.key.privateKeyPem);
  const reloaded = new TokenService({ secrets: world.secrets });
  assert.equal(await reloaded.peek(world.jwtProfile), undefined);
  assert.notEqual((await reloaded.getToken(world.jwtProfile)).accessToken, first.accessToken);
  assert.equal(world.emulator.count('POST /ims/exchange/jwt'), 2);
});

test('changed secrets (SecretStorage.onDidChange) and "Clear Cached Token" drop the token', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const service = new TokenService({ secrets: world.secrets });
  const changes: string[] = [];
  service.onDidChange((id) => changes.push(id));
  const first = await service.getToken(world.s2sProfile);
  service.handleSecretChange(secretKey(world.s2sProfile.id, 'clientSecret'));
  await new Promise((r) => setImmediate(r));
  assert.equal(world.secrets.values.has(secretKey(world.s2sProfile.id, 'token')), false);
  const second = await service.getToken(world.s2sProfile);
  assert.notEqual(second.accessToken, first.accessToken);
  await service.invalidate(world.s2sProfile.id);
  assert.equal(await service.peek(world.s2sProfile), undefined);
  await service.getToken(world.s2sProfile);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 3);
  assert.ok(changes.filter((id) => id === world.s2sProfile.id).length >= 4);
});

test('a changed profile (other scopes) never reuses the cached token', async (t) => {
  const world = await startImsWorld({ s2s: { scopes: ['openid', 'AdobeID', 'read_organizations', 'extra'] } });
  t.after(() => world.stop());
  const service = new TokenService({ secrets: world.secrets });
  const first = await service.getToken(world.s2sProfile);
  const widened: Profile = { ...world.s2sProfile, scopes: [...world.s2sProfile.scopes!, 'extra'] };
  assert.notEqual((await service.getToken(widened)).accessToken, first.accessToken);
});

test('a failed early refresh keeps the still-valid token in use, and says so once in the log', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const clock = new FakeClock();
  const warnings: string[] = [];
  const logger = { trace() {}, debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) };
  const service = new TokenService({ secrets: world.secrets, clock, logger });
  const first = await service.getToken(world.s2sProfile);
  clock.value = first.expiresAt - 5 * MIN;
  world.emulator.inject({ match: 'POST /ims/token/v3', kind: 'status', status: 503, times: 0 });
  assert.equal((await service.getToken(world.s2sProfile)).accessToken, first.accessToken);
  assert.equal((await service.getToken(world.s2sProfile)).accessToken, first.accessToken);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2, 'the second call is inside the quiet period');
  assert.equal(warnings.length, 1);
  clock.value = first.expiresAt;
  await assert.rejects(service.getToken(world.s2sProfile), (e) => e instanceof AioError && e.code === 'ims-server');
});

class MemoryProfiles implements ProfileRepository {
  constructor(private readonly profiles: Profile[], private active?: string) {}
  async list() { return this.profiles; }
  async get(id: string) { return this.profiles.find((p) => p.id === id); }
  async findByName(name: string) { return this.profiles.find((p) => p.name === name); }
  async save() {}
  async remove() {}
  async getActiveId() { return this.active; }
  async setActiveId(id: string | undefined) { this.active = id; }
}

test('the request authenticator: Adobe headers, sandbox on request, one refresh for concurrent 401s', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const service = new TokenService({ secrets: world.secrets });
  const auth = new ImsRequestAuthenticator(new MemoryProfiles([world.jwtProfile, { ...world.s2sProfile, sandbox: 'Dev' }], world.jwtProfile.id), service);
  const active = await auth.authenticate(undefined);
  assert.deepEqual(Object.keys(active.headers).sort(), ['Authorization', 'x-api-key', 'x-gw-ims-org-id']);
  assert.equal(active.headers['x-api-key'], world.jwtProfile.clientId);
  assert.equal(active.headers['x-gw-ims-org-id'], world.jwtProfile.orgId);
  assert.match(active.headers.Authorization!, /^Bearer eyJ/);
  const named = await auth.authenticate('s2s', { includeSandbox: true });
  assert.equal(named.headers['x-sandbox-name'], 'dev');
  assert.equal((await auth.authenticate('s2s', { includeSandbox: true, sandbox: 'qa' })).headers['x-sandbox-name'], 'qa');

  const refused = named.variables.accessToken;
  const retried = await Promise.all(Array.from({ length: 10 }, () => auth.authenticate('s2s', { forceRefresh: true, rejectedToken: refused })));
  assert.equal(new Set(retried.map((r) => r.variables.accessToken)).size, 1);
  assert.notEqual(retried[0]!.variables.accessToken, refused);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2);

  await assert.rejects(auth.authenticate('nope'), (e) => e instanceof AioError && /No credential profile is named "nope".*"jwt", "s2s"/.test(e.message));
  const none = new ImsRequestAuthenticator(new MemoryProfiles([]), service);
  await assert.rejects(none.authenticate(undefined), (e) => e instanceof AioError && /Import Credentials/.test(e.message));
});

test('revalidate: a re-import in this window (new secret) or a removed profile drops the cached token', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const service = new TokenService({ secrets: world.secrets });
  const first = await service.getToken(world.s2sProfile);
  await service.getToken(world.jwtProfile);
  await service.revalidate([world.jwtProfile, world.s2sProfile]);
  assert.equal((await service.getToken(world.s2sProfile)).accessToken, first.accessToken, 'unchanged credentials keep their token');
  world.emulator.registerClient({ ...world.s2sClient, clientSecret: 'rotated-secret-777' });
  await world.secrets.store(secretKey(world.s2sProfile.id, 'clientSecret'), 'rotated-secret-777');
  await service.revalidate([world.s2sProfile]);
  assert.notEqual((await service.getToken(world.s2sProfile)).accessToken, first.accessToken);
  assert.equal(world.emulator.count('POST /ims/token/v3'), 2);
  await world.secrets.delete(secretKey(world.jwtProfile.id, 'token'));
  assert.equal(await service.peek(world.jwtProfile), undefined, 'the removed profile was dropped from memory');
});
