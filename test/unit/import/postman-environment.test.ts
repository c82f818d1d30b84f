// The Console's Postman environment goes through the same import as the workspace JSON: one analysis, one
// draft, secrets to the secret store, the profile in the repository, and then a token from the emulated IMS.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFiles, draftFromAnalysis } from '../../../src/core/credentials/analyze-files';
import { MemoryProfileRepository, ProfileService } from '../../../src/core/credentials/index';
import type { ProfileDraft } from '../../../src/core/credentials/profile-validation';
import { MemorySecretStore } from '../../../src/core/ports';
import { TokenService } from '../../../src/core/ims/token-service';
import { ImsClient } from '../../../src/core/ims/ims-client';
import { startEmulator } from '../../emulator/index';
import { consolePostmanEnvironment } from '../../fixtures/import/postman-environment';

const SECRET = 'p8e-POSTMAN-ENV-SECRET-0123456789';

describe('Postman environment → credential profile', () => {
  it('becomes an OAuth S2S profile whose secret is only in the secret store, and mints a token', async (t) => {
    const analysis = await analyzeFiles([{ name: 'JourneyOps.postman_environment.json', bytes: Buffer.from(consolePostmanEnvironment()) }]);
    assert.deepEqual(analysis.problems, []);
    assert.match(analysis.files[0]!.detail, /^Postman environment, org 0A1B2C3D4E5F60718293A4B5@AdobeOrg/);
    const emulator = await startEmulator();
    t.after(() => emulator.stop());
    const { draft, secrets, missing } = draftFromAnalysis(analysis, { imsHost: emulator.url });
    assert.deepEqual(missing, []);
    const repo = new MemoryProfileRepository();
    const store = new MemorySecretStore();
    const profile = await new ProfileService(repo, store).create(draft as ProfileDraft, secrets);
    assert.equal(profile.kind, 'oauth-s2s');
    assert.equal(profile.clientId, 'f0e1d2c3b4a5968778695a4b3c2d1e0f');
    assert.deepEqual(profile.scopes, ['openid', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext']);
    assert.ok(!JSON.stringify(await repo.list()).includes(SECRET), 'the profile metadata holds no secret');
    assert.ok([...store.values.values()].includes(SECRET));
    emulator.registerClient({ clientId: profile.clientId, clientSecret: SECRET, orgId: profile.orgId, technicalAccountId: profile.technicalAccountId, scopes: profile.scopes! });
    const token = await new TokenService({ secrets: store, ims: new ImsClient() }).getToken(profile);
    assert.match(token.accessToken, /^ey/);
  });

  it('takes the IMS host from the environment when the caller does not set one', async () => {
    const analysis = await analyzeFiles([{ name: 'stage.json', bytes: Buffer.from(consolePostmanEnvironment({ IMS: 'ims-na1-stg1.adobelogin.com' })) }]);
    const { draft } = draftFromAnalysis(analysis);
    assert.equal(draft.imsHost, 'https://ims-na1-stg1.adobelogin.com');
    assert.equal(draft.environment, 'stage');
  });

  it('names every missing variable and stores nothing', async () => {
    const analysis = await analyzeFiles([{ name: 'partial.json', bytes: Buffer.from(consolePostmanEnvironment({ CLIENT_SECRET: undefined, SCOPES: undefined })) }]);
    assert.equal(analysis.acceptable, false);
    assert.match(analysis.problems[0]!.message, /partial\.json is missing variables: CLIENT_SECRET, SCOPES\. Download it again/);
  });
});
