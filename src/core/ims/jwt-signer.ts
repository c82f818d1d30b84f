import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { AioError } from '../errors';

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
 * Turns a PEM private key into a KeyObject: node reads PKCS#8, PKCS#1 and encrypted keys, which jose's own
 * importer does not. Errors say whether a passphrase is needed or wrong, never the key.
 */
export function loadPrivateKey(pem: string, passphrase?: string): KeyObject {
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
  if (encrypted && !passphrase) {
    throw new AioError('key-passphrase-needed', 'The private key is encrypted: enter its passphrase (re-import the credentials, or set AIO_PASSPHRASE for the CLI).');
  }
  try {
    const key = createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    if (key.asymmetricKeyType !== 'rsa') {
      throw new AioError('key-not-rsa', `The private key is ${key.asymmetricKeyType ?? 'not RSA'}; Adobe signs service-account JWTs with RSA keys. Import the private.key from the Developer Console's config.zip.`);
    }
    return key;
  } catch (error) {
    if (error instanceof AioError) throw error;
    if (encrypted) {
      throw new AioError('key-wrong-passphrase', 'Wrong passphrase for the private key: re-enter it (re-import the credentials, or check AIO_PASSPHRASE).');
    }
    throw new AioError('key-unreadable', 'The stored private key cannot be read as a PEM RSA key: re-import the config.zip for this profile.');
  }
}

/** Signs the service-account assertion with RS256. */
export async function signServiceAccountJwt(input: JwtClaimsInput, key: KeyObject, nowMs: number): Promise<string> {
  return new SignJWT(buildJwtClaims(input, nowMs)).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);
}
