import type { KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

// The one jose call the extension makes, in a module of its own so that the signer can load it on first use
// while the bundler still drops the rest of jose.

export function signRs256(claims: JWTPayload, key: KeyObject): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);
}
