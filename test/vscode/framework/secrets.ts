import { appendFileSync, existsSync, readFileSync } from 'node:fs';

// In-host side of the after-run leak scan: a suite registers every secret it creates (key PEMs, client
// secrets, passphrases, tokens); once the session's code-server has stopped, the harness looks for each one
// in every file the session left on disk (harness/secret-scan.ts).

/** Registers a secret for the leak scan that runs after the session. Call it as soon as the secret exists. */
export function registerSecretForScan(value: string): void {
  const file = process.env.AIO_TEST_SECRETS_FILE;
  if (!file) throw new Error('AIO_TEST_SECRETS_FILE is not set: run the suites through the harness');
  appendFileSync(file, `${JSON.stringify(value)}\n`, { mode: 0o600 });
}

/** The secrets registered so far in this session (in-host: the file the harness named). */
export function registeredSecrets(file = process.env.AIO_TEST_SECRETS_FILE): string[] {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as string);
}

/**
 * What in `text` looks like a leak: a registered secret (a PEM key by any of its body lines) or anything
 * shaped like a signed JWT. Findings are described by position and length, never by value.
 */
export function leaksIn(text: string): string[] {
  const found: string[] = [];
  registeredSecrets().forEach((secret, i) => {
    const parts = secret.includes('-----BEGIN') ? secret.split(/\r?\n/).filter((l) => l.length >= 40 && !l.startsWith('-----')) : [secret];
    if (parts.some((p) => text.includes(p))) found.push(`registered secret #${i + 1} (${secret.length} characters)`);
  });
  if (/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/.test(text)) found.push('a JWT-shaped token');
  return found;
}
