// The egress rule: a request to a host outside the auth allow-list is not written when its URL, headers or
// body carry a secret the run knows, unless that request names the secret with `# @allow-secret NAME`.
import { isUnchecked, type KnownSecrets } from '../known-secrets';
import type { AuthHostList } from './auth-hosts';
import type { RequestError } from '../http/types';

/** The refusal for this hop, or undefined when it may be sent. `headers` is undici's flat name/value list. */
export function egressRefusal(
  secrets: KnownSecrets | undefined,
  hosts: AuthHostList,
  url: URL,
  headers: readonly string[],
  body: Uint8Array | string | undefined,
  allowed: ReadonlySet<string> | undefined,
): RequestError | undefined {
  if (!secrets || secrets.size === 0 || hosts.allows(url)) return undefined;
  const hit = secrets.check(url.href, headers, body, allowed);
  if (!hit) return undefined;
  if (isUnchecked(hit)) {
    return {
      kind: 'egress',
      message: `Not sent: ${hit.unchecked} before it goes to ${url.host}, which is not on the auth allow-list. Send it uncompressed or smaller, or add ${url.host} to the allow-list (aioRequests.authHosts, or --auth-host) if it is an Adobe API gateway of yours.`,
    };
  }
  return {
    kind: 'egress',
    message:
      `Not sent: ${hit.where} carries ${hit.description}, and ${url.host} is not on the auth allow-list. ` +
      `If this one request must carry it, add \`# @allow-secret ${hit.name}\` above it; if ${url.host} is an Adobe API gateway of yours, add it to the allow-list (aioRequests.authHosts, or --auth-host).`,
  };
}
