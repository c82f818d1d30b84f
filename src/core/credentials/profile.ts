// A credential profile: everything needed to mint tokens for one Developer Console credential, minus the
// secrets, which live behind the SecretStore port under the keys below.

export type ProfileKind = 'jwt' | 'oauth-s2s';
export type ImsEnvironment = 'prod' | 'stage';

export const IMS_HOSTS: Record<ImsEnvironment, string> = {
  prod: 'https://ims-na1.adobelogin.com',
  stage: 'https://ims-na1-stg1.adobelogin.com',
};

export interface CertificateSummary {
  subject: string;
  /** ISO 8601. */
  validFrom: string;
  /** ISO 8601. */
  validTo: string;
  /** SHA-256 fingerprint, colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint256: string;
}

export interface Profile {
  /** Stable id (a random UUID), used in secret keys; never shown as the name. */
  id: string;
  /** What the user calls it; unique among profiles. */
  name: string;
  kind: ProfileKind;
  clientId: string;
  /** IMS org id, `…@AdobeOrg`. */
  orgId: string;
  /** `…@techacct.adobe.com`. */
  technicalAccountId: string;
  technicalAccountEmail?: string;
  /** JWT: metascopes (short names or full URLs). */
  metaScopes?: string[];
  /** OAuth Server-to-Server: scopes. */
  scopes?: string[];
  environment: ImsEnvironment;
  /** Base URL of IMS, e.g. `https://ims-na1.adobelogin.com` (configurable for the emulator). */
  imsHost: string;
  /** Experience Platform sandbox name, lower-case, e.g. `prod`. */
  sandbox: string;
  certificate?: CertificateSummary;
  /** Where it came from, for display: e.g. the workspace JSON's project and workspace titles. */
  source?: string;
}

export type SecretKind = 'privateKey' | 'passphrase' | 'clientSecret' | 'token';

/** The SecretStore key under which a profile's secret of one kind is kept. */
export function secretKey(profileId: string, kind: SecretKind): string {
  return `aioRequests.profile.${profileId}.${kind}`;
}

/** Where profiles (without secrets) are kept: globalState in VS Code, memory in the CLI. */
export interface ProfileRepository {
  list(): Promise<Profile[]>;
  get(id: string): Promise<Profile | undefined>;
  findByName(name: string): Promise<Profile | undefined>;
  save(profile: Profile): Promise<void>;
  remove(id: string): Promise<void>;
  /** The active profile's id, if any. */
  getActiveId(): Promise<string | undefined>;
  setActiveId(id: string | undefined): Promise<void>;
}
