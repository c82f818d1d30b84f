// The secrets one run knows (client secrets, private-key lines, passphrases, access tokens), by name, so the
// runner can refuse to write any of them to a host outside the auth allow-list, whatever path a value took.

import { brotliDecompressSync, constants as zlibConstants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { registerSecret } from './log/redact';

/** The names a user writes after `# @allow-secret`. */
export const SECRET_NAMES = ['clientSecret', 'accessToken', 'privateKey', 'passphrase'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Where the run's secrets are reported: credential loading and the token service feed it, the runner reads it. */
export interface SecretRegistry {
  /**
   * Adds `value` under `name`; `description` says which secret it is in a message, e.g. `the client secret of
   * profile "cli"`, never the value. A PEM private key is split into its body lines.
   */
  add(name: SecretName, value: string | undefined, description: string): void;
}

export interface SecretHit {
  name: SecretName;
  description: string;
  /** `the URL`, `header X-Foo`, `the body` or `the body (gzip-compressed)`. */
  where: string;
}

/** A compressed body too large to check once decompressed: it is not sent off the allow-list unchecked. */
export interface UncheckedBody {
  unchecked: string;
}

/** The most a compressed body is decompressed to for the check (a small body can decompress to gigabytes). */
export const MAX_DECOMPRESSED_CHECK = 16 * 1024 * 1024;

/**
 * The body decompressed, when it is compressed: by its `Content-Encoding` (gzip, deflate, br), or gzip by its
 * first bytes (a `.gz` file sent as is). Undefined when it is not compressed or does not decompress (the receiver
 * could not read it either); `tooLarge` past MAX_DECOMPRESSED_CHECK.
 */
function decompressed(body: Uint8Array, encoding: string | undefined): { text: string; how: string } | { tooLarge: string } | undefined {
  // Codings apply in the order listed (`gzip, br`: gzip first), so they are undone last to first.
  const listed = (encoding ?? '').split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity').map((c) => (c === 'x-gzip' ? 'gzip' : c));
  if (listed.length === 0 && body.length > 2 && body[0] === 0x1f && body[1] === 0x8b) listed.push('gzip');
  if (listed.length === 0) return undefined;
  const how = listed.join(', ');
  let bytes: Uint8Array = body;
  for (const coding of [...listed].reverse()) {
    const next = decompressOnce(bytes, coding);
    if (next === undefined) return undefined;
    if (next === 'too large') return { tooLarge: how };
    bytes = next;
  }
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), how };
}

/** One coding undone; undefined when it is none we read or the bytes are not of it. A cut-off stream gives what it holds. */
function decompressOnce(body: Uint8Array, coding: string): Buffer | 'too large' | undefined {
  // Z_SYNC_FLUSH: a stream cut short (no trailer) still gives what it holds, as a streaming receiver would read it.
  const options = { maxOutputLength: MAX_DECOMPRESSED_CHECK, finishFlush: zlibConstants.Z_SYNC_FLUSH };
  const attempts: Array<() => Buffer> =
    coding === 'gzip' ? [() => gunzipSync(body, options)]
      : coding === 'deflate' ? [() => inflateSync(body, options), () => inflateRawSync(body, options)]
        : coding === 'br' ? [() => brotliDecompressSync(body, { maxOutputLength: MAX_DECOMPRESSED_CHECK, finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH })]
          : [];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'too large';
    }
  }
  return undefined;
}

interface Needle {
  text: string;
  name: SecretName;
  description: string;
  /** `text` and the base64 cores of its UTF-8 and UTF-16 bytes (see base64Cores): any of them in a reading is a hit. */
  forms: string[];
}

/**
 * What every base64 encoding of `bytes` holds, wherever the bytes sit in the encoded data: base64 turns each aligned
 * group of 3 bytes into 4 characters on its own, so the whole groups of `bytes` after 0, 1 or 2 leading bytes are
 * encoded the same in any surrounding. Standard and URL-safe alphabets; cores under 8 characters are left out.
 * Looking for these in the text finds a base64-encoded secret without decoding anything.
 */
function base64Cores(bytes: Buffer): string[] {
  const out = new Set<string>();
  for (let skip = 0; skip < 3; skip++) {
    const usable = bytes.length - skip;
    const whole = usable - (usable % 3);
    if (whole < 6) continue;
    const core = bytes.subarray(skip, skip + whole).toString('base64');
    out.add(core);
    out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out];
}

function needle(text: string, name: SecretName, description: string): Needle {
  return { text, name, description, forms: [text, ...base64Cores(Buffer.from(text, 'utf8')), ...base64Cores(Buffer.from(text, 'utf16le'))] };
}

/** Shorter values match ordinary text too often to be told apart from a secret. */
const MIN_LENGTH = 8;

function isSecretName(value: string): value is SecretName {
  return (SECRET_NAMES as readonly string[]).includes(value);
}

/** Parses a `# @allow-secret` value; undefined when it is not one of SECRET_NAMES. */
export function secretName(value: string): SecretName | undefined {
  const trimmed = value.trim();
  return isSecretName(trimmed) ? trimmed : undefined;
}

/** Percent-decodes what can be decoded and leaves the rest as it is (a lone `%` does not make it fail). */
function percentDecoded(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Undoes JSON string escapes (`\"`, `\\`, `\/`, `\n`, `\uXXXX`) without requiring valid JSON. */
function jsonUnescaped(text: string): string {
  return text.replace(/\\(?:u([0-9a-fA-F]{4})|(.))/g, (_, hex: string | undefined, ch: string | undefined) => {
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    switch (ch) {
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'b': return '\b';
      case 'f': return '\f';
      default: return ch ?? '';
    }
  });
}

/**
 * The text plus its percent-decoded, JSON-unescaped and UTF-16-read readings, where they differ (base64 is found in
 * each of them by the needles' base64 cores, not by decoding).
 */
function readings(text: string): string[] {
  const out = [text];
  if (text.includes('%')) out.push(percentDecoded(text));
  if (text.includes('\\')) {
    const once = jsonUnescaped(text);
    out.push(once);
    // JSON inside a JSON string is escaped twice.
    if (once.includes('\\')) out.push(jsonUnescaped(once));
  }
  if (text.includes('%') && text.includes('\\')) out.push(jsonUnescaped(percentDecoded(text)));
  // UTF-16 (either byte order) of a secret, read byte by byte: its characters with a NUL between each.
  if (text.includes('\u0000')) out.push(text.split('\u0000').join(''));
  return out;
}

/** The lines of a PEM private key that carry key material (base64 body lines, not the armour or headers). */
function pemBodyLines(pem: string): string[] {
  return pem
    .replace(/\\n/g, '\n')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && /^[A-Za-z0-9+/=]+$/.test(line));
}

/** The run's known secrets; `find` looks for any of them in what is about to be sent. */
export class KnownSecrets implements SecretRegistry {
  private readonly needles = new Map<string, Needle>();
  private list: Needle[] = [];

  get size(): number {
    return this.needles.size;
  }

  add(name: SecretName, value: string | undefined, description: string): void {
    if (!value) return;
    const parts = name === 'privateKey' && value.includes('-----BEGIN') ? pemBodyLines(value) : [value.trim()];
    const before = this.needles.size;
    for (const text of parts) {
      if (text.length < MIN_LENGTH || this.needles.has(text)) continue;
      this.needles.set(text, needle(text, name, description));
      // A refused request is still shown: the secret in it is masked there like everywhere else.
      registerSecret(text);
      registerSecret(encodeURIComponent(text));
      // Form encoding writes spaces as `+`.
      if (text.includes(' ')) this.needles.set(text.replace(/ /g, '+'), needle(text.replace(/ /g, '+'), name, description));
    }
    if (this.needles.size === before) return;
    this.list = [...this.needles.values()];
  }

  /**
   * The first known secret found in the URL, a header value or the body, in plain, percent-encoded, base64,
   * JSON-escaped or UTF-16 form, in a compressed body also decompressed; secrets named in `allowed` are not looked
   * for. UncheckedBody when a compressed body is too large to check (see `find` for the hit alone).
   */
  check(url: string, headers: ReadonlyArray<[string, string]> | readonly string[], body: Uint8Array | string | undefined, allowed?: ReadonlySet<string>): SecretHit | UncheckedBody | undefined {
    if (this.list.length === 0) return undefined;
    const needles = allowed && allowed.size > 0 ? this.list.filter((n) => !allowed.has(n.name)) : this.list;
    if (needles.length === 0) return undefined;
    const parts: Array<[where: string, text: string]> = [['the URL', url]];
    let encoding: string | undefined;
    const header = (name: string, value: string): void => {
      parts.push([`header ${name}`, value]);
      if (name.toLowerCase() === 'content-encoding') encoding = value.trim().toLowerCase();
    };
    if (headers.length > 0 && typeof headers[0] === 'string') {
      const flat = headers as readonly string[];
      for (let i = 0; i + 1 < flat.length; i += 2) header(flat[i]!, flat[i + 1]!);
    } else {
      for (const [name, value] of headers as ReadonlyArray<[string, string]>) header(name, value);
    }
    // A compressed body's own bytes are searched as they are (a stored block, a name in the gzip header); its
    // readings come from the decompressed text (decoding the compressed bytes' stray `%` and `\\` reads nothing).
    let compressed: string | undefined;
    if (body !== undefined) {
      const bytes = typeof body === 'string' ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const text = bytes ? bytes.toString('latin1') : (body as string);
      const inflated = bytes && decompressed(bytes, encoding);
      if (inflated && 'tooLarge' in inflated) return { unchecked: `the body is ${inflated.tooLarge}-compressed and over ${MAX_DECOMPRESSED_CHECK / (1024 * 1024)} MB decompressed, too large to check for secrets` };
      if (inflated) {
        compressed = text;
        parts.push([`the body (${inflated.how}-compressed)`, inflated.text]);
      } else {
        parts.push(['the body', text]);
      }
    }
    // One pass over everything joined (no needle holds a line break); the part is looked up only on a hit.
    const all = readings(parts.map((p) => p[1]).join('\n'));
    if (compressed !== undefined) all.push(compressed);
    const hit = firstHit(all, needles);
    if (!hit) return undefined;
    for (const [where, text] of parts) {
      if (firstHit(readings(text), [hit])) return { name: hit.name, description: hit.description, where };
    }
    if (compressed !== undefined && firstHit([compressed], [hit])) return { name: hit.name, description: hit.description, where: 'the body' };
    return { name: hit.name, description: hit.description, where: 'the request' };
  }

  /** `check`'s hit: the first known secret found (a compressed body too large to check gives none here). */
  find(url: string, headers: ReadonlyArray<[string, string]> | readonly string[], body: Uint8Array | string | undefined, allowed?: ReadonlySet<string>): SecretHit | undefined {
    const result = this.check(url, headers, body, allowed);
    return isUnchecked(result) ? undefined : result;
  }
}

export function isUnchecked(result: SecretHit | UncheckedBody | undefined): result is UncheckedBody {
  return result !== undefined && 'unchecked' in result;
}

function firstHit(texts: readonly string[], needles: readonly Needle[]): Needle | undefined {
  for (const n of needles) {
    for (const text of texts) {
      for (const form of n.forms) if (text.length >= form.length && text.includes(form)) return n;
    }
  }
  return undefined;
}

/** `the client secret of profile "cli"` and the like, for messages. */
export function describeSecret(name: SecretName, profileName: string, how?: 'minted' | 'cached'): string {
  switch (name) {
    case 'clientSecret':
      return `the client secret of profile "${profileName}"`;
    case 'privateKey':
      return `the private key of profile "${profileName}"`;
    case 'passphrase':
      return `the passphrase of profile "${profileName}"'s private key`;
    case 'accessToken':
      return how === 'cached' ? `an access token cached for profile "${profileName}"` : `an access token minted in this run for profile "${profileName}"`;
  }
}
