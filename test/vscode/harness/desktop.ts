import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { startEmulator } from '../../emulator/index';
import type { RunResults } from '../runner-extension/plan';
import { cleanupAll, globalTimeout, onCleanup } from './cleanup';
import { QUIET_USER_SETTINGS, signalGroup, writeUserSettings } from './code-server';
import { compileDesktopEntry, compileSuite } from './compile';
import { discoverSessions } from './discover';
import { OUTPUT_DIR, REPO_ROOT } from './paths';
import { registerSecretForScan, scanForSecrets, takeRegisteredSecrets } from './secret-scan';
import { copyFixtureWorkspace } from './window';
import { prepareDemoCredentials } from '../../support/demo-credentials';

// `npm run test:desktop`: the same in-host suites, in a desktop VS Code that @vscode/test-electron downloads
// (AIO_VSCODE_VERSION: `stable` by default, e.g. `1.95.0` for the minimum engine). Needs internet for the first
// download and a display (on Linux without one: `xvfb-run -a npm run test:desktop`). UI scenarios are
// code-server only. Ends with one line `N passed, N failed`.

const DIR = join(OUTPUT_DIR, 'desktop');
const CACHE = join(OUTPUT_DIR, 'vscode-test-cache');
const VERSION = process.env.AIO_VSCODE_VERSION ?? 'stable';
const DOWNLOAD_HOST = 'https://update.code.visualstudio.com';

function fail(message: string): never {
  process.stderr.write(`test:desktop: ${message}\n`);
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

async function preflight(): Promise<void> {
  const cached = existsSync(CACHE) && readdirSync(CACHE).some((entry) => entry.startsWith('vscode-'));
  if (!cached) {
    try {
      await fetch(`${DOWNLOAD_HOST}/api/releases/stable`, { signal: AbortSignal.timeout(8_000) });
    } catch (error) {
      fail(
        `VS Code must be downloaded from ${DOWNLOAD_HOST} once, and this machine cannot reach it ` +
          `(${(error as Error).cause ?? (error as Error).message}). Offline, use \`npm run test:vscode\` (code-server from the npm registry).`,
      );
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    fail('no display: run it as `xvfb-run -a npm run test:desktop` (or use `npm run test:vscode`, which needs none)');
  }
}

async function main(): Promise<number> {
  globalTimeout(Number(process.env.AIO_VSCODE_TIMEOUT_MS ?? 20 * 60_000), () => process.stdout.write('0 passed, 1 failed\n'));
  await preflight();
  if (spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) fail('npm run build failed');
  rmSync(DIR, { recursive: true, force: true });
  const entry = join(DIR, 'entry.js');
  compileDesktopEntry(entry);
  const executable = await downloadAndUnzipVSCode({ version: VERSION, cachePath: CACHE });
  const emulator = await startEmulator();
  onCleanup(() => emulator.stop());

  let passed = 0;
  let failed = 0;
  for (const session of discoverSessions()) {
    if (session.suites.length === 0) continue;
    const sessionDir = join(DIR, session.name);
    const suites = session.suites.map((suite) => {
      const file = join(sessionDir, 'compiled', `${suite.name}.js`);
      compileSuite(suite.source, file);
      return { name: suite.name, file };
    });
    const workspaceDir = join(sessionDir, 'workspace');
    const userDataDir = join(sessionDir, 'user-data');
    const resultsFile = join(sessionDir, 'results.json');
    const secretsFile = join(sessionDir, 'secrets-to-scan.jsonl');
    copyFixtureWorkspace(workspaceDir, !session.httpFiles);
    const env: Record<string, string> = {};
    if (session.preImport) {
      const credentials = await prepareDemoCredentials({ emulator, env });
      onCleanup(() => rmSync(credentials.dir, { recursive: true, force: true }));
      credentials.secrets.forEach(registerSecretForScan);
    }
    mkdirSync(userDataDir, { recursive: true });
    writeUserSettings(userDataDir, QUIET_USER_SETTINGS);
    process.stdout.write(`\n▶ Session "${session.name}" in desktop VS Code ${VERSION}\n`);
    // Not test-electron's runTests: it always adds --disable-workspace-trust, and the untrusted session needs trust on.
    const code = await launch(executable, [
      workspaceDir,
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-updates',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir', userDataDir,
      '--extensions-dir', join(sessionDir, 'extensions'),
      '--disable-extensions',
      ...(session.workspaceTrust ? [] : ['--disable-workspace-trust']),
      `--extensionDevelopmentPath=${REPO_ROOT}`,
      `--extensionTestsPath=${entry}`,
    ], {
      AIO_TEST_SUITES: JSON.stringify(suites),
      AIO_TEST_RESULTS: resultsFile,
      AIO_EMULATOR_URL: emulator.url,
      AIO_TEST_WORKSPACE: workspaceDir,
      AIO_TEST_USER_DATA_DIR: userDataDir,
      AIO_TEST_SECRETS_FILE: secretsFile,
      ...env,
      // Nothing of the run lands in the user's ~/.config or ~/.local/share.
      XDG_CONFIG_HOME: join(sessionDir, 'xdg-config'),
      XDG_DATA_HOME: join(sessionDir, 'xdg-data'),
    });
    // A failing test exits non-zero too; the results file tells which. Without it, the run itself failed.
    if (!existsSync(resultsFile)) {
      process.stdout.write(`  ✗ [${session.name}] VS Code exited with ${code} before writing results\n`);
      failed++;
      continue;
    }
    const { results } = JSON.parse(readFileSync(resultsFile, 'utf8')) as RunResults;
    for (const r of results) {
      process.stdout.write(`  ${r.ok ? '✓' : '✗'} [${session.name}] ${r.suite} › ${r.name}\n${r.ok ? '' : `${r.error}\n`}`);
      if (r.ok) passed++;
      else failed++;
    }
    // VS Code has exited: its storage is flushed. Desktop SecretStorage lives in the OS keyring, not in these folders.
    const secrets = takeRegisteredSecrets(secretsFile);
    if (secrets.length > 0) {
      const { scanned, leaks } = scanForSecrets([userDataDir, join(sessionDir, 'extensions'), workspaceDir], secrets);
      const ok = scanned > 0 && leaks.length === 0;
      process.stdout.write(`  ${ok ? '✓' : '✗'} [${session.name}] no secret on disk after the run (${secrets.length} secrets, ${scanned} files)\n${leaks.join('\n')}${leaks.length ? '\n' : ''}`);
      if (ok) passed++;
      else failed++;
    }
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

/** Runs VS Code until it exits (the tests' `run()` ends it), in its own process group so that cleanup stops it all. */
function launch(executable: string, args: string[], env: Record<string, string>): Promise<number> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const child = spawn(executable, args, { env: childEnv, stdio: 'inherit', detached: true });
  const stop = onCleanup(() => signalGroup(child.pid!, 'SIGKILL'));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      void stop();
      resolve(code ?? 1);
    });
    child.once('error', () => resolve(1));
  });
}

main()
  .catch((error: unknown) => {
    process.stdout.write(`test:desktop: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n0 passed, 1 failed\n`);
    return 1;
  })
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  });
