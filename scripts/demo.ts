// `npm run demo`: builds and packages the extension, starts the emulator and a code-server with the
// packaged extension on the demo/ workspace, prints the URL, and stops everything it started on Ctrl-C.
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../test/emulator/index';
import { cleanupAll, onCleanup } from '../test/vscode/harness/cleanup';
import { freePort } from '../test/vscode/harness/code-server';
import { ensureHarness, packageExtension } from '../test/vscode/harness/install';
import { REPO_ROOT } from '../test/vscode/harness/paths';
import { startWindow } from '../test/vscode/harness/window';
import { demoCredentialsStep } from '../test/support/demo-credentials';
import { demoJourneyStep } from '../test/support/journey-seed';
import { shellQuote } from '../src/vscode/tokens/curl';

export interface DemoContext {
  readonly emulator: Emulator;
  /** The demo workspace (the repository's `demo/` folder). */
  readonly workspaceDir: string;
  /** Environment of code-server, inherited by the extension host: steps may add variables. */
  readonly env: Record<string, string>;
  /** User settings of the demo's fresh profile: steps may add settings. */
  readonly settings: Record<string, unknown>;
  /** Options of the CLI command the demo prints for `demo/requests.http`: steps may add some. */
  readonly cliArgs: string[];
}

/** One feature's demo preparation. `beforeStart` runs before code-server starts, `afterStart` once it answers. */
export interface DemoStep {
  readonly name: string;
  beforeStart?(context: DemoContext): Promise<void> | void;
  afterStart?(context: DemoContext & { readonly url: string }): Promise<void> | void;
}

// ── Demo setup steps: each feature adds ONE entry here (import it from its own file) ─────────────────────
export const DEMO_STEPS: DemoStep[] = [demoCredentialsStep, demoJourneyStep];
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const DEFAULT_EMULATOR_PORT = 4545;
const DEFAULT_CODE_SERVER_PORT = 8080;

async function main(): Promise<void> {
  const install = ensureHarness();
  say('Building and packaging the extension (npm run package)');
  if (!packageExtension()) throw new Error('npm run package failed');

  const wanted = process.env.AIO_EMULATOR_PORT;
  const port = wanted ? Number(wanted) : await freePort(DEFAULT_EMULATOR_PORT);
  const emulator = await startEmulator({ port });
  onCleanup(() => emulator.stop());
  say(`Emulator on ${emulator.url}`);

  const context: DemoContext = { emulator, workspaceDir: join(REPO_ROOT, 'demo'), env: {}, settings: {}, cliArgs: [] };
  for (const step of DEMO_STEPS) {
    if (!step.beforeStart) continue;
    say(`Setting up: ${step.name}`);
    await step.beforeStart(context);
  }
  const window = await startWindow(install, {
    name: 'demo',
    workspaceTrust: false,
    emulatorUrl: emulator.url,
    folder: context.workspaceDir,
    settings: context.settings,
    env: context.env,
    port: Number(process.env.AIO_DEMO_PORT ?? DEFAULT_CODE_SERVER_PORT),
  });
  for (const step of DEMO_STEPS) {
    if (!step.afterStart) continue;
    say(`Setting up: ${step.name}`);
    await step.afterStart({ ...context, url: window.server.url });
  }
  process.stdout.write(
    `\n  Demo ready. Open:  ${window.server.url}\n` +
      `  Emulator:         ${emulator.url}\n` +
      `  Logs:             ${window.logFile}\n\n` +
      `  Run demo/requests.http from a shell (repository root) against the emulator, with the demo credentials:\n` +
      `    ${cliCommand(context.cliArgs)}\n\n  Press Ctrl-C to stop.\n\n`,
  );
  // Runs until Ctrl-C (or SIGTERM): the cleanup handlers stop code-server's process group and the emulator.
  await new Promise<never>(() => undefined);
}

/** The exact `aio-requests run` command for the demo file; paths are quoted when they need it. */
export function cliCommand(cliArgs: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : shellQuote(arg));
  return ['node', 'dist/cli.js', 'run', 'demo/requests.http', ...cliArgs, '--fail-on-status'].map(quote).join(' ');
}

function say(message: string): void {
  process.stdout.write(`▶ ${message}\n`);
}

if (require.main === module) {
  main().catch(async (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    await cleanupAll();
    process.exit(1);
  });
}
