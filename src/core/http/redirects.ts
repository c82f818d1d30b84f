// What to send after a 3xx: the next URL, the method (303, and 301/302 after POST, become GET) and the
// headers, minus credentials when the redirect leaves the origin.
import { redact } from '../log/redact';

export interface Hop {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  body?: Uint8Array | string;
}

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Headers that carry credentials: never forwarded to another origin. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-api-key',
  'x-gw-ims-org-id',
  'x-sandbox-name',
  'cookie',
  'proxy-authorization',
]);

const BODY_HEADERS: ReadonlySet<string> = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

/** The request to send next, or undefined when this response is final (not a redirect, or no usable Location). */
export function nextHop(status: number, location: string | undefined, hop: Hop): Hop | undefined {
  if (!REDIRECT_STATUSES.has(status) || !location) return undefined;
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const upper = hop.method.toUpperCase();
  const toGet = (status === 303 && upper !== 'HEAD') || ((status === 301 || status === 302) && upper === 'POST');
  const crossOrigin = url.origin !== hop.url.origin;
  const headers = hop.headers.filter(([name, value]) => {
    const lower = name.toLowerCase();
    if (lower === 'host') return !crossOrigin;
    if (crossOrigin && CREDENTIAL_HEADERS.has(lower)) return false;
    // Any other header carrying a secret (a token written into a custom header, say) stays with its origin too.
    if (crossOrigin && redact(value) !== value) return false;
    return !(toGet && BODY_HEADERS.has(lower));
  });
  return { method: toGet ? 'GET' : hop.method, url, headers, body: toGet ? undefined : hop.body };
}

/**
 * Why a 307/308 to another origin is not followed: it would re-send a body that carries a credential there.
 * `credentialIn` names the credential a body carries, if any. Undefined: follow it.
 */
export function bodyRedirectRefusal(status: number, hop: Hop, next: Hop, credentialIn: (body: Uint8Array | string) => string | undefined): string | undefined {
  if ((status !== 307 && status !== 308) || next.body === undefined || next.url.origin === hop.url.origin) return undefined;
  const what = credentialIn(next.body);
  if (!what) return undefined;
  return `Did not follow the ${status} redirect to ${next.url.host}: a ${status} re-sends the body, and the body carries ${what}. The ${status} response is shown as received.`;
}
