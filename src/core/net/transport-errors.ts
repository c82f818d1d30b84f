// One reading of what went wrong below HTTP (connect, proxy, DNS, TLS, deadlines), shared by the `.http` runner
// and the IMS client so both tell the same cause apart the same way; each words it for its own reader.
import { refusingProxy, type proxyConfig } from './proxy-config';

export type TransportCause =
  | { kind: 'connect-timeout' }
  | { kind: 'headers-timeout' }
  | { kind: 'body-timeout' }
  | { kind: 'invalid-request' }
  | { kind: 'aborted' }
  /** The proxy, not the target, refused the connection. */
  | { kind: 'proxy-refused'; proxy: string }
  | { kind: 'refused' }
  | { kind: 'dns' }
  | { kind: 'reset' }
  /** `viaProxy`: the proxy the request went through, whose own certificate may be the one refused. */
  | { kind: 'tls'; code: string; viaProxy?: string }
  | { kind: 'other'; code?: string };

/** The first error code along the cause chain (undici wraps socket errors; its generic UND_ERR_SOCKET says nothing). */
export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
  }
  return undefined;
}

/** What a failed undici request ran into; `proxy` is the pool's proxy configuration, if any. */
export function transportCause(error: unknown, url: URL, proxy: ReturnType<typeof proxyConfig>): TransportCause {
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { kind: 'connect-timeout' };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { kind: 'headers-timeout' };
    case 'UND_ERR_BODY_TIMEOUT':
      return { kind: 'body-timeout' };
    case 'UND_ERR_INVALID_ARG':
    case 'UND_ERR_NOT_SUPPORTED':
    case 'ERR_INVALID_CHAR':
    case 'ERR_INVALID_HTTP_TOKEN':
      return { kind: 'invalid-request' };
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return { kind: 'aborted' };
    case 'ECONNREFUSED': {
      const refusing = refusingProxy(error, url, proxy);
      return refusing ? { kind: 'proxy-refused', proxy: refusing } : { kind: 'refused' };
    }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'dns' };
    case 'ECONNRESET':
    case 'UND_ERR_CLOSED':
      return { kind: 'reset' };
    default:
      if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
        const viaProxy = proxy && (url.protocol === 'https:' ? proxy.httpsProxy : proxy.httpProxy);
        return { kind: 'tls', code, ...(viaProxy ? { viaProxy } : {}) };
      }
      return { kind: 'other', code };
  }
}
