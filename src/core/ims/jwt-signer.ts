import type { KeyObject } from 'node:crypto';
import { AioError } from '../errors';
import { loadPrivateKey } from '../credentials/private-key';
import type * as Jws from './jws';

/** What a service-account (JWT) assertion says about the credential. */
export interface JwtClaimsInput {
  imsHost: string;
  clientId: string;
  orgId: string;
  technicalAccountId: string;
  metaScopes: readonly string[];
}

/** Adobe's own libraries give the assertion five minutes; IMS only needs it for the exchange. */
export const JWT_LIFETIME_SECONDS = 300;

/** The claims IMS expects in a service-account JWT (adobe-apis.md §2.1). */
export function buildJwtClaims(input: JwtClaimsInput, nowMs: number): Record<string, string | number | boolean> {
  const host = input.imsHost.replace(/\/+$/, '');
  const nowSeconds = Math.floor(nowMs / 1000);
  const claims: Record<string, string | number | boolean> = {
    exp: nowSeconds + JWT_LIFETIME_SECONDS,
    iat: nowSeconds,
    iss: input.orgId,
    sub: input.technicalAccountId,
    aud: `${host}/c/${input.clientId}`,
  };
  for (const raw of input.metaScopes) {
    const metaScope = raw.trim();
    if (!metaScope) continue;
    // A metascope written as a full URL (as some workspace files do) is already the claim name.
    claims[/^https?:\/\//i.test(metaScope) ? metaScope : `${host}/s/${metaScope}`] = true;
  }
  return claims;
}

/**
 * The KeyObject to sign with, from a stored PEM key (PKCS#8, PKCS#1, encrypted: jose's own importer reads only
 * unencrypted PKCS#8). The key checks are the import's; the messages say what to do at token time.
 */
export function loadSigningKey(pem: string, passphrase?: string): KeyObject {
  try {
    return loadPrivateKey(pem, passphrase);
  } catch (error) {
    const code = error instanceof AioError ? error.code : undefined;
    if (code === 'passphrase-needed') {
      throw new AioError('key-passphrase-needed', 'The private key is encrypted: enter its passphrase (re-import the credentials, or set AIO_PASSPHRASE for the CLI).');
    }
    if (code === 'wrong-passphrase') {
      throw new AioError('key-wrong-passphrase', 'Wrong passphrase for the private key: re-enter it (re-import the credentials, or check AIO_PASSPHRASE).');
    }
    if (code === 'key-not-rsa') {
      throw new AioError('key-not-rsa', 'The private key is not an RSA key; Adobe signs service-account JWTs with RSA. Import the private.key from the Developer Console\'s config.zip.');
    }
    const detail = error instanceof AioError ? ` (${error.message})` : '';
    throw new AioError('key-unreadable', `The stored private key cannot be used for signing${detail}: re-import the config.zip for this profile.`);
  }
}

/** jose, loaded on the first signature (not at activation), then kept. */
let jws: Promise<typeof Jws> | undefined;

/** Signs the service-account assertion with RS256. */
export async function signServiceAccountJwt(input: JwtClaimsInput, key: KeyObject, nowMs: number): Promise<string> {
  const { signRs256 } = await (jws ??= import('./jws'));
  return signRs256(buildJwtClaims(input, nowMs), key);
}
