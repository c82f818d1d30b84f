import { randomUUID } from 'node:crypto';
import { IMS_HOSTS, secretKey, type Profile } from '../../../src/core/credentials/profile';
import { MemorySecretStore, type Clock } from '../../../src/core/ports';
import { startEmulator, type Emulator, type RegisteredClient } from '../../emulator/index';
import { generateCredentialPair, type KeyPairOptions } from '../../support/credentials-fixtures';

// Shared set-up for the IMS tests: an emulator with one JWT and one OAuth S2S client, matching profiles and
// their secrets in a memory store, and a clock the test moves by hand.

export class FakeClock implements Clock {
  constructor(public value = Date.now()) {}
  now(): number {
    return this.value;
  }
  advance(ms: number): void {
    this.value += ms;
  }
}

export interface ImsWorld {
  emulator: Emulator;
  secrets: MemorySecretStore;
  jwtProfile: Profile;
  s2sProfile: Profile;
  jwtClient: RegisteredClient;
  s2sClient: RegisteredClient;
  privateKeyPem: string;
  certificatePem: string;
  stop(): Promise<void>;
}

export const ORG = '0A1B2C3D4E5F60718293A4B5@AdobeOrg';
export const TECH = '6657031C5C095BB40A495C83@techacct.adobe.com';
export const JWT_SECRET = 'p8e-test-jwt-secret-123456';
export const S2S_SECRET = 'p8e-test-s2s-secret-654321';

export async function startImsWorld(options: { key?: KeyPairOptions; jwt?: Partial<RegisteredClient>; s2s?: Partial<RegisteredClient> } = {}): Promise<ImsWorld> {
  const emulator = await startEmulator();
  const pair = await generateCredentialPair(options.key ?? {});
  const jwtClient: RegisteredClient = {
    clientId: `jwt-${randomUUID().slice(0, 8)}`,
    clientSecret: JWT_SECRET,
    orgId: ORG,
    technicalAccountId: TECH,
    certificates: [pair.cert.pem],
    metaScopes: ['ent_dataservices_sdk', 'ent_campaign_sdk'],
    ...options.jwt,
  };
  const s2sClient: RegisteredClient = {
    clientId: `s2s-${randomUUID().slice(0, 8)}`,
    clientSecret: S2S_SECRET,
    orgId: ORG,
    technicalAccountId: TECH,
    scopes: ['openid', 'AdobeID', 'read_organizations'],
    ...options.s2s,
  };
  emulator.registerClient(jwtClient);
  emulator.registerClient(s2sClient);
  const base = { orgId: ORG, technicalAccountId: TECH, environment: 'prod' as const, imsHost: emulator.url, sandbox: 'prod' };
  const jwtProfile: Profile = { ...base, id: randomUUID(), name: 'jwt', kind: 'jwt', clientId: jwtClient.clientId, metaScopes: ['ent_dataservices_sdk', 'ent_campaign_sdk'] };
  const s2sProfile: Profile = { ...base, id: randomUUID(), name: 's2s', kind: 'oauth-s2s', clientId: s2sClient.clientId, scopes: ['openid', 'AdobeID', 'read_organizations'] };
  const secrets = new MemorySecretStore();
  await secrets.store(secretKey(jwtProfile.id, 'privateKey'), pair.key.privateKeyPem);
  if (pair.key.passphrase) await secrets.store(secretKey(jwtProfile.id, 'passphrase'), pair.key.passphrase);
  await secrets.store(secretKey(jwtProfile.id, 'clientSecret'), JWT_SECRET);
  await secrets.store(secretKey(s2sProfile.id, 'clientSecret'), S2S_SECRET);
  return {
    emulator,
    secrets,
    jwtProfile,
    s2sProfile,
    jwtClient,
    s2sClient,
    privateKeyPem: pair.key.privateKeyPem,
    certificatePem: pair.cert.pem,
    stop: () => emulator.stop(),
  };
}

export { IMS_HOSTS };
