import type { ProfileDraft } from '../../src/core/credentials/index';

/** A valid JWT profile draft with the fake identifiers of adobe-apis.md's example workspace. */
export function sampleJwtDraft(overrides: Partial<ProfileDraft> = {}): ProfileDraft {
  return {
    name: 'Journey Ops',
    kind: 'jwt',
    clientId: 'a64f5f10849a410a97ffdac8ae1c0d2e',
    orgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg',
    technicalAccountId: '6657031C5C095BB40A495C83@techacct.adobe.com',
    metaScopes: ['ent_dataservices_sdk'],
    environment: 'prod',
    imsHost: 'https://ims-na1.adobelogin.com',
    sandbox: 'prod',
    ...overrides,
  };
}
