// The secrets one run knows (client secrets, private-key lines, passphrases, access tokens), by name, so the
// runner can refuse to write any of them to a host outside the auth allow-list, whatever path a value took.

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
  /** `the URL`, `header X-Foo` or `the body`. */
  where: string;
}

interface Needle {
  text: string;
  name: SecretName;
  description: string;
}

/** Shorter values match ordinary text too often to be told apart from a secret. */
const MIN_LENGTH = 8;
/** Base64 runs are decoded and searched as well (those too short to hold the shortest secret are skipped). */
const BASE64_RUN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;

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

/** The text plus its percent-decoded, JSON-unescaped and base64-decoded readings, where they differ. */
function readings(text: string, minRun: number): string[] {
  const out = [text];
  if (text.includes('%')) out.push(percentDecoded(text));
  if (text.includes('\\')) {
    const once = jsonUnescaped(text);
    out.push(once);
    // JSON inside a JSON string is escaped twice.
    if (once.includes('\\')) out.push(jsonUnescaped(once));
  }
  if (text.includes('%') && text.includes('\\')) out.push(jsonUnescaped(percentDecoded(text)));
  const plain = out.length;
  for (let i = 0; i < plain; i++) {
    const runs = out[i]!.match(BASE64_RUN);
    if (!runs) continue;
    for (const run of runs) {
      if (run.length < minRun) continue;
      // A run may start a character or three before the encoded data: try each alignment.
      for (let shift = 0; shift < 4 && run.length - shift >= minRun; shift++) out.push(Buffer.from(run.slice(shift), 'base64').toString('latin1'));
    }
  }
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
  /** The shortest base64 run that can decode to the shortest needle. */
  private minRun = Infinity;

  get size(): number {
    return this.needles.size;
  }

  add(name: SecretName, value: string | undefined, description: string): void {
    if (!value) return;
    const parts = name === 'privateKey' && value.includes('-----BEGIN') ? pemBodyLines(value) : [value.trim()];
    const before = this.needles.size;
    for (const text of parts) {
      if (text.length < MIN_LENGTH || this.needles.has(text)) continue;
      this.needles.set(text, { text, name, description });
      // A refused request is still shown: the secret in it is masked there like everywhere else.
      registerSecret(text);
      registerSecret(encodeURIComponent(text));
      // Form encoding writes spaces as `+`.
      if (text.includes(' ')) this.needles.set(text.replace(/ /g, '+'), { text: text.replace(/ /g, '+'), name, description });
    }
    if (this.needles.size === before) return;
    this.list = [...this.needles.values()];
    this.minRun = Math.ceil((Math.min(...this.list.map((n) => n.text.length)) * 4) / 3);
  }

  /**
   * The first known secret found in the URL, a header value or the body, in plain, percent-encoded, base64
   * or JSON-escaped form; secrets named in `allowed` are not looked for.
   */
  find(url: string, headers: ReadonlyArray<[string, string]> | readonly string[], body: Uint8Array | string | undefined, allowed?: ReadonlySet<string>): SecretHit | undefined {
    if (this.list.length === 0) return undefined;
    const needles = allowed && allowed.size > 0 ? this.list.filter((n) => !allowed.has(n.name)) : this.list;
    if (needles.length === 0) return undefined;
    const parts: Array<[where: string, text: string]> = [['the URL', url]];
    if (headers.length > 0 && typeof headers[0] === 'string') {
      const flat = headers as readonly string[];
      for (let i = 0; i + 1 < flat.length; i += 2) parts.push([`header ${flat[i]}`, flat[i + 1]!]);
    } else {
      for (const [name, value] of headers as ReadonlyArray<[string, string]>) parts.push([`header ${name}`, value]);
    }
    if (body !== undefined) parts.push(['the body', typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1')]);
    // One pass over everything joined (no needle holds a line break); the part is looked up only on a hit.
    const all = readings(parts.map((p) => p[1]).join('\n'), this.minRun);
    const hit = firstHit(all, needles);
    if (!hit) return undefined;
    for (const [where, text] of parts) {
      if (firstHit(readings(text, this.minRun), [hit])) return { name: hit.name, description: hit.description, where };
    }
    return { name: hit.name, description: hit.description, where: 'the request' };
  }
}

function firstHit(texts: readonly string[], needles: readonly Needle[]): Needle | undefined {
  for (const needle of needles) {
    for (const text of texts) if (text.length >= needle.text.length && text.includes(needle.text)) return needle;
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
