import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunPlan } from '../runner-extension/plan';
import { installRunnerExtension } from './compile';
import { QUIET_USER_SETTINGS, installExtension, startCodeServer, writeUserSettings, type RunningCodeServer } from './code-server';
import { onCleanup } from './cleanup';
import type { HarnessInstall } from './install';
import { CODE_SERVER_VSCODE_PREFIX, EXTENSION_ID, OUTPUT_DIR, VSIX_PATH } from './paths';

export interface WindowOptions {
  /** Names the scratch folder `.test-output/<name>/` (wiped first). */
  readonly name: string;
  readonly workspaceTrust: boolean;
  readonly emulatorUrl: string;
  /** The folder to open; default: a fresh copy of test/vscode/fixtures/workspace. */
  readonly folder?: string;
  /** Leave the fixture's .http files out of the copy (a folder that does not activate the extension). */
  readonly withoutHttpFiles?: boolean;
  /** A plan for the test-runner extension (which is installed only then). */
  readonly plan?: Omit<RunPlan, 'resultsDir' | 'extensionId'>;
  readonly settings?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly port?: number;
  readonly reconnectionGraceSeconds?: number;
}

export interface PreparedWindow {
  readonly server: RunningCodeServer;
  readonly dir: string;
  readonly workspaceDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly resultsDir: string;
  readonly logFile: string;
  /** Where the in-host suites register secrets for the after-run leak scan (outside every scanned folder). */
  readonly secretsFile: string;
  stop(): Promise<void>;
}

/** A fresh copy of test/vscode/fixtures/workspace, with or without its .http files. */
export function copyFixtureWorkspace(target: string, withoutHttpFiles: boolean): void {
  const filter = (source: string) => !(withoutHttpFiles && /\.(http|rest)$/i.test(source));
  cpSync(join(__dirname, '../fixtures/workspace'), target, { recursive: true, filter });
}

/** A throwaway code-server with the packaged extension installed, started on a folder. */
export async function startWindow(install: HarnessInstall, options: WindowOptions): Promise<PreparedWindow> {
  const dir = join(OUTPUT_DIR, options.name);
  rmSync(dir, { recursive: true, force: true });
  const homeDir = join(dir, 'code-server-home');
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  const resultsDir = join(dir, 'results');
  const logFile = join(dir, 'code-server.log');
  const secretsFile = join(dir, 'secrets-to-scan.jsonl');
  mkdirSync(resultsDir, { recursive: true });
  let workspaceDir = options.folder;
  if (!workspaceDir) {
    workspaceDir = join(dir, 'workspace');
    copyFixtureWorkspace(workspaceDir, options.withoutHttpFiles ?? false);
  }
  writeUserSettings(userDataDir, { ...QUIET_USER_SETTINGS, ...options.settings });
  installExtension(install, VSIX_PATH, { homeDir, userDataDir, extensionsDir });
  const env: Record<string, string> = {
    AIO_EMULATOR_URL: options.emulatorUrl,
    AIO_TEST_WORKSPACE: workspaceDir,
    AIO_TEST_USER_DATA_DIR: userDataDir,
    AIO_TEST_SECRETS_FILE: secretsFile,
    AIO_EXPECT_VSCODE: CODE_SERVER_VSCODE_PREFIX,
    ...options.env,
  };
  if (options.plan) {
    installRunnerExtension(extensionsDir);
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ ...options.plan, resultsDir, extensionId: EXTENSION_ID } satisfies RunPlan, null, 2));
    env.AIO_TEST_PLAN = planFile;
  }
  const server = await startCodeServer(install, {
    homeDir,
    userDataDir,
    extensionsDir,
    folder: workspaceDir,
    workspaceTrust: options.workspaceTrust,
    env,
    logFile,
    port: options.port,
    reconnectionGraceSeconds: options.reconnectionGraceSeconds,
  });
  const stop = onCleanup(() => server.stop());
  return { server, dir, workspaceDir, userDataDir, extensionsDir, resultsDir, logFile, secretsFile, stop };
}
