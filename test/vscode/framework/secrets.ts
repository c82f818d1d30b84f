import { appendFileSync } from 'node:fs';

// In-host side of the after-run leak scan: a suite registers every secret it creates (key PEMs, client
// secrets, passphrases, tokens); once the session's code-server has stopped, the harness looks for each one
// in every file the session left on disk (harness/secret-scan.ts).

/** Registers a secret for the leak scan that runs after the session. Call it as soon as the secret exists. */
export function registerSecretForScan(value: string): void {
  const file = process.env.AIO_TEST_SECRETS_FILE;
  if (!file) throw new Error('AIO_TEST_SECRETS_FILE is not set: run the suites through the harness');
  appendFileSync(file, `${JSON.stringify(value)}\n`, { mode: 0o600 });
}
