import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Sessions are code-server runs. `trusted` (workspace trust off, as in VS Code's own test setup) runs
 * `suites/*.suite.ts` and `scenarios/*.scenario.ts`; `untrusted` (trust on, folder not trusted: Restricted
 * Mode) runs the files of the `untrusted/` subfolders; `plain-folder` (trust off, the fixture folder without
 * its .http files, credentials pre-imported at activation) those of `plain-folder/`. Files run in name
 * order, `activation.*` first.
 */
export interface SessionSpec {
  readonly name: 'trusted' | 'untrusted' | 'plain-folder';
  readonly workspaceTrust: boolean;
  /** The folder holds the fixture's .http files (they activate the extension at start-up). */
  readonly httpFiles: boolean;
  /** AIO_REQUESTS_PREIMPORT names credential files registered with the emulator. */
  readonly preImport: boolean;
  readonly suites: readonly { readonly name: string; readonly source: string }[];
  readonly scenarios: readonly string[];
}

const ROOT = join(__dirname, '..');

// AIO_VSCODE_ONLY=a,b runs only the files whose names contain one of the parts (while working on them).
const ONLY = (process.env.AIO_VSCODE_ONLY ?? '').split(',').filter(Boolean);

function list(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix) && (ONLY.length === 0 || ONLY.some((part) => f.includes(part))))
    // The activation suite checks the window before anything activated the extension: it goes first.
    .sort((a, b) => Number(b.startsWith('activation.')) - Number(a.startsWith('activation.')) || a.localeCompare(b))
    .map((f) => join(dir, f));
}

export function discoverSessions(): SessionSpec[] {
  const session = (name: SessionSpec['name'], workspaceTrust: boolean, sub: string, plain = false): SessionSpec => ({
    name,
    workspaceTrust,
    httpFiles: !plain,
    preImport: plain,
    suites: list(join(ROOT, 'suites', sub), '.suite.ts').map((source) => ({ name: basename(source, '.suite.ts'), source })),
    scenarios: list(join(ROOT, 'scenarios', sub), '.scenario.ts'),
  });
  return [session('trusted', false, ''), session('untrusted', true, 'untrusted'), session('plain-folder', false, 'plain-folder', true)];
}
