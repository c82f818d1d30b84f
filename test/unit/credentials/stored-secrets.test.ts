import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryProfileRepository, ProfileService } from '../../../src/core/credentials/index';
import { registerStoredSecrets } from '../../../src/core/credentials/stored-secrets';
import { KnownSecrets } from '../../../src/core/known-secrets';
import { MemorySecretStore } from '../../../src/core/ports';
import { secretKey } from '../../../src/core/credentials/profile';
import { sampleJwtDraft } from '../../support/sample-profile';

describe('registerStoredSecrets', () => {
  it('tells the registry each profile\'s client secret and stored token, by profile name', async () => {
    const profiles = new MemoryProfileRepository();
    const store = new MemorySecretStore();
    const profile = await new ProfileService(profiles, store).create(sampleJwtDraft({ kind: 'oauth-s2s', metaScopes: undefined, scopes: ['openid'] }), { clientSecret: 'p8e-stored-secret-1234' });
    await store.store(secretKey(profile.id, 'token'), JSON.stringify({ v: 1, accessToken: 'eyJstored.token.value', expiresAt: 1, createdAt: 0, credentialsHash: 'h' }));
    const known = new KnownSecrets();
    await registerStoredSecrets(known, profiles, store);
    assert.equal(known.find('https://elsewhere.example/', [], 'x=p8e-stored-secret-1234')?.description, 'the client secret of profile "Journey Ops"');
    assert.equal(known.find('https://elsewhere.example/?t=eyJstored.token.value', [], undefined)?.description, 'an access token cached for profile "Journey Ops"');
  });
});
