import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryProfileRepository, ProfileService, secretKey } from '../../../src/core/credentials/index';
import { isAioError } from '../../../src/core/errors';
import { MemorySecretStore, type SecretStore } from '../../../src/core/ports';
import { generateKeyPair } from '../../support/credentials-fixtures';
import { sampleJwtDraft } from '../../support/sample-profile';

const key = generateKeyPair();

const jwtDraft = sampleJwtDraft;

function setup(secrets: SecretStore = new MemorySecretStore()) {
  let n = 0;
  const repo = new MemoryProfileRepository();
  return { repo, secrets, service: new ProfileService(repo, secrets, () => `id-${++n}`) };
}

test('create stores metadata in the repository and secrets in the store; first profile becomes active', async () => {
  const { repo, secrets, service } = setup();
  const profile = await service.create(jwtDraft(), { privateKey: key.privateKeyPem, clientSecret: 'p8e-secret' });
  assert.equal(profile.id, 'id-1');
  assert.equal(await repo.getActiveId(), 'id-1');
  assert.ok(!JSON.stringify(await repo.list()).includes('p8e-secret'));
  assert.equal(await secrets.get(secretKey('id-1', 'privateKey')), key.privateKeyPem);
  assert.equal(await secrets.get(secretKey('id-1', 'clientSecret')), 'p8e-secret');
  assert.deepEqual(await service.missingSecrets(profile), []);
});

test('validation names every bad field and stores nothing', async () => {
  const { repo, secrets, service } = setup();
  await assert.rejects(
    service.create(jwtDraft({ orgId: '12345', technicalAccountId: 'bob@example.com', sandbox: 'Prod Sandbox' }), { privateKey: key.privateKeyPem, clientSecret: 's' }),
    (error: Error) => /@AdobeOrg/.test(error.message) && /@techacct\.adobe\.com/.test(error.message) && /lower-case/.test(error.message),
  );
  await assert.rejects(service.create(jwtDraft(), { clientSecret: 'p8e-secret' }), /needs a private key/);
  await assert.rejects(service.create(jwtDraft(), { privateKey: generateKeyPair({ bits: 1024 }).privateKeyPem, clientSecret: 's' }), /1024 bits/);
  assert.deepEqual(await repo.list(), []);
  assert.equal((secrets as MemorySecretStore).values.size, 0);
});

test('a duplicate name is refused and the existing profile is untouched', async () => {
  const { repo, secrets, service } = setup();
  await service.create(jwtDraft(), { privateKey: key.privateKeyPem, clientSecret: 'first' });
  await assert.rejects(service.create(jwtDraft({ name: 'journey ops' }), { privateKey: key.privateKeyPem, clientSecret: 'second' }), (e: unknown) =>
    isAioError(e, 'profile-name-taken'),
  );
  assert.equal((await repo.list()).length, 1);
  assert.equal(await secrets.get(secretKey('id-1', 'clientSecret')), 'first');
});

test('a failing secret store rolls back: nothing half-written, the old profile keeps its secrets', async () => {
  const store = new MemorySecretStore();
  const { repo, service } = setup(store);
  const first = await service.create(jwtDraft(), { privateKey: key.privateKeyPem, clientSecret: 'first' });
  let writes = 0;
  const flaky: SecretStore = {
    get: (k) => store.get(k),
    delete: (k) => store.delete(k),
    store: async (k, v) => {
      if (++writes === 2) throw new Error('keyring unavailable');
      await store.store(k, v);
    },
  };
  const second = new ProfileService(repo, flaky, () => 'id-x');
  await assert.rejects(second.replace(first.id, jwtDraft({ name: 'Renamed' }), { privateKey: generateKeyPair().privateKeyPem, clientSecret: 'new' }), /keyring/);
  assert.equal((await repo.get(first.id))?.name, 'Journey Ops');
  assert.equal(await store.get(secretKey(first.id, 'privateKey')), key.privateKeyPem);
  assert.equal(await store.get(secretKey(first.id, 'clientSecret')), 'first');
});

test('rename, sandbox, replace key, remove (secrets deleted, next profile becomes active)', async () => {
  const { repo, secrets, service } = setup();
  const a = await service.create(jwtDraft(), { privateKey: key.privateKeyPem, clientSecret: 'sa' });
  const b = await service.create(
    jwtDraft({ name: 'S2S', kind: 'oauth-s2s', metaScopes: undefined, scopes: ['openid'] }),
    { clientSecret: 'sb' },
  );
  let changes = 0;
  service.onDidChange(() => changes++);
  assert.equal((await service.rename(a.id, '  Prod JWT ')).name, 'Prod JWT');
  await assert.rejects(service.rename(a.id, 's2s'), /already exists/);
  assert.equal((await service.setSandbox(a.id, 'dev-1')).sandbox, 'dev-1');
  await assert.rejects(service.setSandbox(a.id, 'DEV 1'), /lower-case/);
  const newKey = generateKeyPair({ format: 'encrypted-pkcs1', passphrase: 'pw' });
  await assert.rejects(service.replacePrivateKey(a.id, { privateKey: newKey.privateKeyPem }), /passphrase is needed/);
  await service.replacePrivateKey(a.id, { privateKey: newKey.privateKeyPem, passphrase: 'pw' });
  assert.equal(await secrets.get(secretKey(a.id, 'privateKey')), newKey.privateKeyPem);
  assert.equal(await secrets.get(secretKey(a.id, 'passphrase')), 'pw');
  await assert.rejects(service.replacePrivateKey(b.id, { privateKey: newKey.privateKeyPem, passphrase: 'pw' }), /has no private key/);
  await service.remove(a.id);
  assert.equal(await repo.getActiveId(), b.id);
  for (const kind of ['privateKey', 'passphrase', 'clientSecret'] as const) assert.equal(await secrets.get(secretKey(a.id, kind)), undefined);
  assert.equal(changes, 4);
});

test('a secret lost to a keyring reset is reported as "re-import", not a crash', async () => {
  const { secrets, service } = setup();
  const profile = await service.create(jwtDraft(), { privateKey: key.privateKeyPem, clientSecret: 'p8e-secret' });
  await secrets.delete(secretKey(profile.id, 'privateKey'));
  assert.deepEqual(await service.missingSecrets(profile), ['privateKey']);
  await assert.rejects(service.requireSecrets(profile), (e: unknown) => isAioError(e, 'secret-missing') && /private key of profile 'Journey Ops' is missing.*re-import/.test(e.message));
});

test('stored client secrets and passphrases are masked in anything redacted afterwards', async () => {
  const { redact } = await import('../../../src/core/log/redact');
  const { service } = setup();
  const encrypted = generateKeyPair({ format: 'encrypted-pkcs8', passphrase: 'hunter2-passphrase' });
  await service.create(jwtDraft({ name: 'Masked' }), { privateKey: encrypted.privateKeyPem, passphrase: 'hunter2-passphrase', clientSecret: 'p8e-mask-me-0001' });
  assert.equal(redact('secret p8e-mask-me-0001 and hunter2-passphrase'), 'secret *** and ***');
});

test('a repository failing to make the new profile active leaves neither the profile nor its secrets behind', async () => {
  const secrets = new MemorySecretStore();
  const repo = new (class extends MemoryProfileRepository {
    override async setActiveId(): Promise<void> {
      throw new Error('settings.json is read-only');
    }
  })();
  const service = new ProfileService(repo, secrets, () => 'id-1');
  await assert.rejects(service.create(jwtDraft(), { privateKey: key.privateKeyPem, clientSecret: 'p8e-secret' }), /settings\.json is read-only/);
  assert.deepEqual(await repo.list(), [], 'no profile without secrets');
  assert.equal(await secrets.get(secretKey('id-1', 'clientSecret')), undefined);
  assert.equal(await secrets.get(secretKey('id-1', 'privateKey')), undefined);
});
