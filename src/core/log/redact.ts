// Removes secrets from any text before it is printed, logged or shown. Known secret values (a profile's
// client secret, a token just minted) can be registered so they are masked wherever they appear.

const MASK = '***';

// Key names whose values are secret: snake, kebab, camel and percent-encoded (`client%5Fsecret`) spellings.
// `x-api-key` is the public client id and stays readable.
const SEP = '(?:_|-|%5f)?';
const SECRET_KEY = `(?:(?:[a-z0-9]+${SEP})?secrets?|(?:access|refresh|id|jwt|auth|session)${SEP}tokens?|passphrase|passw(?:or)?d|private${SEP}key)`;

/** `key` `:`/`=` value, the key possibly quoted (`"k"`, `\"k\"` in escaped JSON); the value quoted, an array or bare. */
const KEY_VALUE = new RegExp(
  `((?<![a-z0-9])${SECRET_KEY}\\\\?["']?\\s*[:=]\\s*)` +
    `(\\\\"(?:[^\\\\]|\\\\(?!"))*\\\\"|"(?:[^"\\\\]|\\\\.)*"|'[^']*'|\\[[^\\]]*\\]|[^&\\s"',;}\\]]+)`,
  'gi',
);

function maskValue(value: string): string {
  if (value.startsWith('\\"')) return `\\"${MASK}\\"`;
  if (value.startsWith('"')) return `"${MASK}"`;
  if (value.startsWith("'")) return `'${MASK}'`;
  if (value.startsWith('[')) return `[${MASK}]`;
  return MASK;
}

/** Words after "bearer" in ordinary prose, not tokens. */
const NOT_A_TOKEN = '(?:tokens?|auth|authentication|authorization|header|scheme|is|the|a|an|and|or|with)\\b';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // PEM blocks of any kind (keys, certificates' private halves, encrypted keys).
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, `-----PEM ${MASK}-----`],
  // Authorization header values, also as (escaped) JSON properties.
  [/(\b(?:proxy-)?authorization\\?["']?\s*[:=]\s*)(\\?["']?)[^\r\n"'\\]+/gi, `$1$2${MASK}`],
  [/(\bx-auth-token\\?["']?\s*[:=]\s*)(\\?["']?)[^\r\n"'\\]+/gi, `$1$2${MASK}`],
  // Bare bearer tokens in any case; the token runs to the next space or quote (`%2F`, `,` included).
  [new RegExp(`\\b(bearer)\\s+(?!${NOT_A_TOKEN})[^\\s"'\\\\]+`, 'gi'), `$1 ${MASK}`],
  // A multipart field named like a secret: its value after the part's blank line, up to the next boundary.
  [new RegExp(`(name=\\\\?["']?${SECRET_KEY}\\\\?["']?[^\\r\\n]*\\r?\\n(?:[^\\r\\n]+\\r?\\n)*\\r?\\n)[\\s\\S]*?(?=\\r?\\n--|$)`, 'gi'), `$1${MASK}`],
  // Anything shaped like a signed JWT.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, MASK],
];

// Every pattern above needs one of these words (case aside): text with none of them, most URLs and headers,
// skips the eight replaces.
const MAY_HOLD_SECRET = /secret|token|passphrase|passw|private|authorization|bearer|eyj|-----begin/i;

const knownSecrets = new Set<string>();

/** Registers a value that must never be printed (ignored when too short to be a meaningful secret). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) knownSecrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  if (!MAY_HOLD_SECRET.test(out)) return out;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  out = out.replace(KEY_VALUE, (_, key: string, value: string) => key + maskValue(value));
  return out;
}

/** A URL (or URL template) for display: the password of `user:password@` masked, then `redact`. */
export function redactUrl(url: string): string {
  // No `@`, no `user:password@` to mask: skip parsing the URL.
  if (!url.includes('@')) return redact(url);
  let shown = url;
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = MASK;
      shown = parsed.href;
    }
  } catch {
    // Not a URL (a template with `{{…}}`): mask whatever sits between `//user:` and `@`.
    shown = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:)[^/@\s]*@/i, `$1${MASK}@`);
  }
  return redact(shown);
}

/** Formats an error (with its cause chain) for logs, redacted. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause === undefined ? '' : ` (cause: ${describeError(error.cause)})`;
    return redact(`${error.message}${cause}`);
  }
  return redact(String(error));
}
