// Removes secrets from any text before it is printed, logged or shown. Known secret values (a profile's
// client secret, a token just minted) can be registered so they are masked wherever they appear.

const MASK = '***';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // PEM blocks of any kind (keys, certificates' private halves, encrypted keys).
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, `-----PEM ${MASK}-----`],
  // Authorization header values and bare bearer tokens.
  [/(authorization\s*[:=]\s*)("?)[^\r\n"]+/gi, `$1$2${MASK}`],
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/g, `Bearer ${MASK}`],
  // Form fields and JSON properties that carry secrets.
  [/\b(client_secret|jwt_token|access_token|refresh_token|passphrase|private_key|client_secrets)(["']?\s*[:=]\s*["']?)([^&\s"',}\]]+)/gi, `$1$2${MASK}`],
  // Anything shaped like a signed JWT.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, MASK],
];

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
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Formats an error (with its cause chain) for logs, redacted. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause === undefined ? '' : ` (cause: ${describeError(error.cause)})`;
    return redact(`${error.message}${cause}`);
  }
  return redact(String(error));
}
