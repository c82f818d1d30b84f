import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './paths';
import { registeredSecrets } from '../framework/secrets';

// The after-run leak scan (security.md promise 1). Suites (framework/secrets.ts) and scenarios
// (registerSecretForScan below) register the secrets they create; once a session's code-server has stopped,
// so that storage and logs are flushed, every file the session left is searched for each secret.

const scenarioSecrets: string[] = [];
const MIN_NEEDLE = 16;

/** Registers a secret a scenario created (or read, like a copied token) for the scan after the session. */
export function registerSecretForScan(value: string): void {
  scenarioSecrets.push(value);
}

/** The secrets registered so far by this session: the in-host ones from `secretsFile`, then the scenarios'. Clears the scenarios' list. */
export function takeRegisteredSecrets(secretsFile: string): string[] {
  return [...registeredSecrets(secretsFile), ...scenarioSecrets.splice(0)];
}

/**
 * What to look for: each secret in UTF-8 and UTF-16LE. A PEM key also by each body line, its whole base64
 * body on one line and its DER bytes; a JWT also by its signature alone.
 */
export function needlesFor(secret: string): Buffer[] {
  const texts = new Set<string>();
  const binary: Buffer[] = [];
  const pem = /-----BEGIN [A-Z ]+-----([^-]+)-----END [A-Z ]+-----/.exec(secret);
  if (pem) {
    const lines = pem[1]!.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length >= MIN_NEEDLE);
    lines.forEach((l) => texts.add(l));
    const body = lines.join('');
    texts.add(body);
    binary.push(Buffer.from(body, 'base64'));
  } else {
    texts.add(secret);
    const jwt = /^eyJ[\w-]+\.[\w-]+\.([\w-]+)$/.exec(secret);
    if (jwt) texts.add(jwt[1]!);
  }
  const needles = [...texts].filter((t) => t.length >= MIN_NEEDLE).flatMap((t) => [Buffer.from(t, 'utf8'), Buffer.from(t, 'utf16le')]);
  return [...needles, ...binary];
}

function filesUnder(path: string, out: string[] = []): string[] {
  let info;
  try {
    info = statSync(path);
  } catch {
    return out;
  }
  if (info.isFile()) out.push(path);
  else if (info.isDirectory()) for (const name of readdirSync(path)) filesUnder(join(path, name), out);
  return out;
}

export interface ScanResult {
  readonly scanned: number;
  /** Files holding a registered secret (repository-relative); the secret itself is never named. */
  readonly leaks: readonly string[];
}

/** Searches every file under `roots` (files or folders) for every needle of every secret. */
export function scanForSecrets(roots: readonly string[], secrets: readonly string[]): ScanResult {
  const needles = secrets.flatMap(needlesFor);
  const leaks: string[] = [];
  let scanned = 0;
  for (const file of [...new Set(roots.flatMap((root) => filesUnder(root)))]) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      continue;
    }
    scanned++;
    if (needles.some((n) => content.includes(n))) leaks.push(relative(REPO_ROOT, file));
  }
  return { scanned, leaks };
}
