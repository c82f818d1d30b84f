// One send as the editor shows it and the history keeps it: built from the runner's RequestResult with every
// credential masked (request headers, response headers, cookies, and secrets an API echoes in its body).
import { randomUUID } from 'node:crypto';
import { redact, redactUrl } from '../log/redact';
import type { ConnectionTimings, RedirectHop, RequestResult } from './types';

export type BodyKind = 'empty' | 'json' | 'xml' | 'html' | 'text' | 'image' | 'binary';

/** A body: `text` for textual kinds (already redacted), `bytes` for images and other binary; neither when not kept. */
export interface ExchangeBody {
  kind: BodyKind;
  /** Media type without parameters, lower case (`application/json`); empty when the server sent none. */
  mime: string;
  size: number;
  /** Redacted, unless `unredacted` says the redaction was put off (read it through `bodyText`). */
  text?: string;
  bytes?: Uint8Array;
  /** Set on bodies too big to show: redacting 30 MB takes over a second, so it waits until someone opens or saves it. */
  unredacted?: true;
}

/** Bodies over this size are redacted when first read, not when the response arrives. */
export const EAGER_REDACT_BYTES = 5 * 1024 * 1024;

/** A text body, redacted (the deferred redaction of a big body runs here, once). */
export function bodyText(body: ExchangeBody): string | undefined {
  if (body.unredacted && body.text !== undefined) {
    body.text = redact(body.text);
    delete body.unredacted;
  }
  return body.text;
}

export interface Exchange {
  id: string;
  /** Epoch milliseconds of the send. */
  at: number;
  /** `# @name` of the request, when it has one. */
  name?: string;
  request: { method: string; url: string; headers: Array<[string, string]>; body?: string };
  /** The profile whose token the request carried, and that token's expiry; never the token. */
  auth?: { profileId?: string; expiresAt?: number };
  response?: {
    status: number;
    statusText: string;
    /** `HTTP/1.1` or `HTTP/2`: the runner does not report it, the caller passes what the request asked for. */
    protocol: string;
    url: string;
    headers: Array<[string, string]>;
    timings: { firstByteMs: number; totalMs: number; waitedMs?: number; connection?: ConnectionTimings };
    /** Every hop of a redirect chain, the final one included; absent when none was followed. */
    redirects?: RedirectHop[];
    body: ExchangeBody;
  };
  error?: { kind: string; message: string };
}

export interface ExchangeContext {
  id?: string;
  at?: number;
  name?: string;
  /** What the request line asked for; `HTTP/1.1` otherwise. */
  protocol?: string;
  auth?: { profileId?: string; expiresAt?: number };
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/x-icon', 'image/vnd.microsoft.icon', 'image/avif']);
const TEXT_TYPES = /^(text\/|application\/(javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|toml|csv|x-ndjson|problem\+json))/;

/** The media type of a Content-Type value: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Text when the bytes are UTF-8 without control characters other than whitespace; else undefined. */
function asText(bytes: Uint8Array): string | undefined {
  try {
    const text = strictUtf8.decode(bytes);
    // eslint-disable-next-line no-control-regex -- looking for binary control bytes on purpose
    return /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text.slice(0, 4096)) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** How a body is shown, from its Content-Type and, without one, from its bytes. SVG stays text: it can carry script. */
export function classifyBody(contentType: string | undefined, bytes: Uint8Array): BodyKind {
  if (bytes.byteLength === 0) return 'empty';
  const mime = mediaType(contentType);
  if (mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json') return 'json';
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime.endsWith('/xml') || mime.endsWith('+xml')) return 'xml';
  if (IMAGE_TYPES.has(mime)) return 'image';
  if (TEXT_TYPES.test(mime)) return 'text';
  // No or an unknown type: look at the bytes.
  const text = asText(bytes.subarray(0, 65_536));
  if (text === undefined) return 'binary';
  const start = text.trimStart()[0];
  if (mime === '' && (start === '{' || start === '[')) return 'json';
  return mime === '' || mime === 'application/octet-stream' ? 'text' : mime.startsWith('application/') ? 'binary' : 'text';
}

const SECRET_HEADER = /secret|token|password|api-key-secret|^cookie$|^set-cookie$|authorization$/i;

/** A response or request header for display: cookies keep their names, credentials are masked. */
export function maskHeader(name: string, value: string): [string, string] {
  const lower = name.toLowerCase();
  if (lower === 'set-cookie') return [name, value.replace(/^([^=;]*)=[^;]*/, '$1=***')];
  if (lower === 'cookie') return [name, value.split(';').map((c) => c.replace(/^(\s*[^=]*)=.*$/, '$1=***')).join(';')];
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    // Already masked by the runner (`Bearer ***`); keep only the scheme in any case.
    const scheme = /^\s*(\S+)\s+\S/.exec(value);
    return [name, scheme ? `${scheme[1]} ***` : '***'];
  }
  if (SECRET_HEADER.test(lower)) return [name, '***'];
  return [name, redact(value)];
}

/** Builds the display-safe exchange of one send. */
export function buildExchange(result: RequestResult, context: ExchangeContext = {}): Exchange {
  const rq = result.request;
  const exchange: Exchange = {
    id: context.id ?? randomUUID(),
    at: context.at ?? Date.now(),
    ...(context.name ? { name: context.name } : {}),
    request: {
      method: rq.method,
      url: redactUrl(rq.url),
      headers: rq.headers.map(([n, v]) => maskHeader(n, v)),
      ...(rq.body !== undefined ? { body: redact(rq.body) } : {}),
    },
    ...(context.auth ? { auth: { ...context.auth } } : {}),
  };
  if (result.error) exchange.error = { kind: result.error.kind, message: redact(result.error.message) };
  const rs = result.response;
  if (rs) {
    const contentType = rs.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
    const kind = classifyBody(contentType, rs.body);
    const body: ExchangeBody = { kind, mime: mediaType(contentType), size: rs.body.byteLength };
    if (kind === 'image' || kind === 'binary') body.bytes = rs.body;
    else if (kind !== 'empty' && rs.body.byteLength > EAGER_REDACT_BYTES) Object.assign(body, { text: lenientUtf8.decode(rs.body), unredacted: true });
    else if (kind !== 'empty') body.text = redact(lenientUtf8.decode(rs.body));
    exchange.response = {
      status: rs.status,
      statusText: rs.statusText,
      protocol: context.protocol ?? 'HTTP/1.1',
      url: redactUrl(rs.url),
      headers: rs.headers.map(([n, v]) => maskHeader(n, v)),
      timings: { ...rs.timings, ...(rs.timings.connection ? { connection: { ...rs.timings.connection } } : {}) },
      ...(rs.redirects ? { redirects: displayHops(rs.redirects) } : {}),
      body,
    };
  }
  return exchange;
}

/** Redirect hops for display: URLs and Location values redacted (a Location may carry a code or a token). */
export function displayHops(hops: readonly RedirectHop[]): RedirectHop[] {
  return hops.map((hop) => ({
    method: hop.method,
    url: redactUrl(hop.url),
    status: hop.status,
    ...(hop.location !== undefined ? { location: redactUrl(hop.location) } : {}),
    ms: hop.ms,
    ...(hop.connection ? { connection: { ...hop.connection } } : {}),
  }));
}

/** A hex dump of the first `limit` bytes: offset, 16 bytes in hex, the printable ASCII. */
export function hexSummary(bytes: Uint8Array, limit = 512): string {
  const lines: string[] = [];
  const end = Math.min(bytes.byteLength, limit);
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.byteLength > end) lines.push(`… ${bytes.byteLength - end} more bytes`);
  return lines.join('\n');
}

const EXTENSIONS: Record<string, string> = {
  json: 'json', xml: 'xml', html: 'html', text: 'txt', empty: 'txt', binary: 'bin',
};
const MIME_EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/bmp': 'bmp', 'image/avif': 'avif',
  'image/x-icon': 'ico', 'image/vnd.microsoft.icon': 'ico', 'application/pdf': 'pdf', 'application/zip': 'zip', 'text/csv': 'csv',
  'application/yaml': 'yaml', 'text/plain': 'txt', 'image/svg+xml': 'svg', 'application/javascript': 'js',
};

/** The file name to offer when saving a body: Content-Disposition's filename (path parts dropped), else `response.<ext>`. */
export function bodyFileName(headers: ReadonlyArray<[string, string]>, body: Pick<ExchangeBody, 'kind' | 'mime'>): string {
  const disposition = headers.find(([n]) => n.toLowerCase() === 'content-disposition')?.[1] ?? '';
  let name: string | undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      name = decodeURIComponent(star[1]!.trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/.exec(disposition)?.[1];
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  const safe = name?.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f<>:"|?*]/g, '_').replace(/^\.+/, '').trim();
  if (safe) return safe.slice(0, 120);
  return `response.${MIME_EXTENSIONS[body.mime] ?? EXTENSIONS[body.kind] ?? 'bin'}`;
}

/** POSIX-shell single quoting. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The request as a cURL command. The Authorization value stays masked unless `accessToken` is given (the
 * user chose "with token"); other masked headers stay masked. A body the runner could not show is left out with a note.
 */
export function curlFor(request: Exchange['request'], accessToken?: string): string {
  const lines = [`curl -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    const shown = lower === 'authorization' && accessToken ? `Bearer ${accessToken}` : lower === 'authorization' ? value.replace(/\s.*$/, ' ***') : value;
    lines.push(`  -H ${shellQuote(`${name}: ${shown}`)}`);
  }
  if (request.body !== undefined) {
    if (/^‹\d+ bytes›$/.test(request.body)) lines.push(`  --data-binary @body.bin  # the ${request.body.slice(1, -1)} body is not shown; save it to body.bin`);
    else lines.push(`  --data-raw ${shellQuote(request.body)}`);
  }
  return lines.join(' \\\n');
}
