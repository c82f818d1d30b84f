import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startEmulator } from '../../emulator/index';
import type { RunResults } from '../runner-extension/plan';
import { cleanupAll, globalTimeout, onCleanup } from './cleanup';
import { compileSuite } from './compile';
import { discoverSessions, type SessionSpec } from './discover';
import { ensureHarness, packageExtension, type HarnessInstall } from './install';
import { OUTPUT_DIR } from './paths';
import { loadScenarios } from './scenario';
import { registerSecretForScan, scanForSecrets, takeRegisteredSecrets } from './secret-scan';
import { prepareDemoCredentials } from '../../support/demo-credentials';
import { startWindow, type PreparedWindow } from './window';
import { SCREENSHOT_DIR, Workbench, launchBrowser } from './workbench';

// `npm run test:vscode`: the in-host suites and the UI scenarios in a real VS Code (code-server) driven by
// headless Chromium. Ends with one line `N passed, N failed`; exits non-zero on any failure.

interface Outcome {
  readonly label: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const outcomes: Outcome[] = [];
const TIMEOUT_MS = Number(process.env.AIO_VSCODE_TIMEOUT_MS ?? 20 * 60_000);

function record(outcome: Outcome): void {
  outcomes.push(outcome);
  process.stdout.write(`  ${outcome.ok ? '✓' : '✗'} ${outcome.label}\n`);
  if (outcome.detail) process.stdout.write(`${outcome.detail.replace(/^/gm, '      ')}\n`);
}

function summary(): string {
  const failed = outcomes.filter((o) => !o.ok).length;
  return `${outcomes.length - failed} passed, ${failed} failed`;
}

async function main(): Promise<number> {
  globalTimeout(TIMEOUT_MS, () => {
    record({ label: 'harness: global timeout', ok: false, detail: `the run took longer than ${TIMEOUT_MS / 1000} s` });
    process.stdout.write(`${summary()}\n`);
  });

  let install: HarnessInstall;
  try {
    install = ensureHarness();
  } catch (error) {
    const message = (error as Error).message;
    if (process.env.CI === 'true') {
      record({ label: 'harness: set up code-server and Chromium', ok: false, detail: message });
      return finish();
    }
    process.stdout.write(`Skipping the real VS Code tests (set CI=true to make this a failure): ${message}\n0 passed, 0 failed\n`);
    return 0;
  }

  step('Packaging the extension (npm run package)');
  if (!packageExtension()) {
    record({ label: 'harness: npm run package', ok: false });
    return finish();
  }

  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  const sessions = discoverSessions();
  const emulator = await startEmulator();
  onCleanup(() => emulator.stop());
  step(`Emulator on ${emulator.url}`);
  const browser = await launchBrowser(install.chromium);
  onCleanup(() => browser.close());

  for (const session of sessions) {
    if (session.suites.length === 0 && session.scenarios.length === 0) continue;
    await runSession(install, browser, session, emulator.url);
  }
  return finish();
}

async function runSession(install: HarnessInstall, browser: Browser, session: SessionSpec, emulatorUrl: string): Promise<void> {
  step(`Session "${session.name}" (workspace trust ${session.workspaceTrust ? 'on, folder untrusted' : 'off'})`);
  const compiled = session.suites.map((suite) => {
    const file = join(OUTPUT_DIR, 'compiled', session.name, `${suite.name}.js`);
    compileSuite(suite.source, file);
    return { name: suite.name, file };
  });
  const scenarios = loadScenarios(session.scenarios);
  const env: Record<string, string> = {};
  const settings: Record<string, unknown> = {};
  if (session.preImport) {
    // As in the demo: the emulator's host receives Adobe headers and serves the Journey APIs.
    settings['aioRequests.journeyBaseUrl'] = `${emulatorUrl}/journey/orchestration`;
    const credentials = await prepareDemoCredentials({ emulator: { url: emulatorUrl }, env, settings });
    onCleanup(() => rmSync(credentials.dir, { recursive: true, force: true }));
    credentials.secrets.forEach(registerSecretForScan);
  }
  const window = await startWindow(install, {
    name: `session-${session.name}`,
    workspaceTrust: session.workspaceTrust,
    withoutHttpFiles: !session.httpFiles,
    emulatorUrl,
    env,
    settings,
    plan: { mode: 'test', suites: compiled },
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const workbench = new Workbench(await context.newPage());
  try {
    await workbench.open(window.server.url);
    if (compiled.length > 0) {
      const results = await waitForResults(window.resultsDir, compiled.length);
      step(`In-host suites ran inside VS Code ${results.vscodeVersion} (${results.appName}, Node ${results.nodeVersion}, ${results.uiKind} UI)`);
      for (const r of results.results) {
        record({ label: `[${session.name}] ${r.suite} › ${r.name} (${r.durationMs} ms)`, ok: r.ok, detail: r.ok ? undefined : r.error });
      }
    }
    for (const s of scenarios) {
      const started = Date.now();
      try {
        await withTimeout(
          s.fn({ workbench, emulatorUrl, workspaceDir: window.workspaceDir, userDataDir: window.userDataDir }),
          s.timeoutMs,
        );
        record({ label: `[${session.name}] UI: ${s.name} (${Date.now() - started} ms)`, ok: true });
      } catch (error) {
        const shot = await workbench.screenshot(`${session.name}-${s.name}`).catch(() => undefined);
        record({ label: `[${session.name}] UI: ${s.name}`, ok: false, detail: `${(error as Error).message}${shot ? `\nscreenshot: ${shot}` : ''}` });
      }
      await workbench.page.keyboard.press('Escape').catch(() => undefined);
    }
  } catch (error) {
    const shot = await workbench.screenshot(`${session.name}-session`).catch(() => undefined);
    record({
      label: `[${session.name}] session`,
      ok: false,
      detail: `${(error as Error).message}\nlogs: ${window.logFile}, ${join(window.resultsDir, 'runner.log')}${shot ? `\nscreenshot: ${shot}` : ''}`,
    });
  } finally {
    await context.close().catch(() => undefined);
    await window.stop();
  }
  scanSession(session.name, window);
}

/**
 * After code-server has stopped (storage and logs flushed): no file of the session holds a secret its suites
 * or scenarios registered. Chromium's profile is left out: code-server's SecretStorage lives in the browser's
 * localStorage (encrypted with a key the server mints), which is where secrets belong.
 */
function scanSession(name: string, window: PreparedWindow): void {
  const secrets = takeRegisteredSecrets(window.secretsFile);
  const label = `[${name}] no secret on disk after the run`;
  if (secrets.length === 0) {
    step(`No secret registered in session "${name}": nothing to scan for`);
    return;
  }
  const roots = [window.userDataDir, window.extensionsDir, window.workspaceDir, window.resultsDir, window.logFile];
  const { scanned, leaks } = scanForSecrets(roots, secrets);
  rmSync(window.secretsFile, { force: true });
  record({
    label: `${label} (${secrets.length} secrets, ${scanned} files)`,
    ok: scanned > 0 && leaks.length === 0,
    detail: leaks.length > 0 ? `a registered secret was found in:\n${leaks.join('\n')}` : scanned === 0 ? 'no file was scanned' : undefined,
  });
}

/** Waits for the runner extension's results; fails early when it never starts. */
async function waitForResults(resultsDir: string, suiteCount: number): Promise<RunResults> {
  const resultsFile = join(resultsDir, 'results.json');
  const startDeadline = Date.now() + 90_000;
  const doneDeadline = Date.now() + 90_000 + suiteCount * 120_000;
  for (;;) {
    if (existsSync(resultsFile)) return JSON.parse(readFileSync(resultsFile, 'utf8')) as RunResults;
    const runnerLog = join(resultsDir, 'runner.log');
    const crash = existsSync(runnerLog) ? /runner failed: [^]*/.exec(readFileSync(runnerLog, 'utf8')) : null;
    if (crash) throw new Error(`the test-runner extension crashed: ${crash[0]}`);
    if (!existsSync(join(resultsDir, 'started')) && Date.now() > startDeadline) {
      throw new Error('the test-runner extension did not start within 90 s');
    }
    if (Date.now() > doneDeadline) throw new Error('the in-host suites did not finish in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function step(message: string): void {
  process.stdout.write(`\n▶ ${message}\n`);
}

function finish(): number {
  process.stdout.write(`\n${summary()}\n`);
  return outcomes.some((o) => !o.ok) || outcomes.length === 0 ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    record({ label: 'harness', ok: false, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return finish();
  })
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  });
