import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { codeServerHome } from './code-server-home';
import type { HarnessInstall } from './install';

export interface CodeServerOptions {
  /** This server's own config file and XDG folders (see codeServerHome). */
  readonly homeDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The folder the workbench opens. */
  readonly folder: string;
  /** Workspace trust on (the folder starts untrusted) or off (the default VS Code test setup). */
  readonly workspaceTrust: boolean;
  /** Extra environment: it reaches the extension host. */
  readonly env: Record<string, string>;
  /** Where code-server's stdout/stderr go. */
  readonly logFile: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Seconds an extension host outlives its closed page (code-server's default: 3 hours). */
  readonly reconnectionGraceSeconds?: number;
}

export interface RunningCodeServer {
  readonly pid: number;
  readonly port: number;
  /** The workbench URL with the folder open. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Settings that keep a fresh profile quiet: no welcome page, tips, update or telemetry traffic. */
export const QUIET_USER_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'window.dialogStyle': 'custom',
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = join(userDataDir, 'User/settings.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address() as { port: number };
        server.close(() => resolve(bound));
      });
    });
  return (preferred ? await tryPort(preferred) : undefined) ?? (await tryPort(0)) ?? Promise.reject(new Error('no free port'));
}

/** `code-server --install-extension`: proves the packaged .vsix installs as a user would install it. */
export function installExtension(install: HarnessInstall, vsix: string, dirs: { homeDir: string; userDataDir: string; extensionsDir: string }): void {
  const home = codeServerHome(dirs.homeDir);
  const result = spawnSync(
    install.codeServerBin,
    [...home.args, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--install-extension', vsix],
    { env: { ...install.env, ...home.env }, encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout + result.stderr)) {
    throw new Error(`code-server --install-extension ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * Starts code-server in its own process group (it forks a file watcher and extension hosts that outlive
 * a plain kill) and waits until it answers. `stop()` signals the whole group.
 */
export async function startCodeServer(install: HarnessInstall, options: CodeServerOptions): Promise<RunningCodeServer> {
  const port = await freePort(options.port ?? 0);
  mkdirSync(dirname(options.logFile), { recursive: true });
  const out = openSync(options.logFile, 'a');
  const home = codeServerHome(options.homeDir);
  const args = [
    ...home.args,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(options.reconnectionGraceSeconds === undefined ? [] : ['--reconnection-grace-time', String(options.reconnectionGraceSeconds)]),
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
    options.folder,
  ];
  const child = spawn(install.codeServerBin, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...install.env, ...home.env, ...options.env },
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const stop = async () => {
    if (exited) return;
    signalGroup(pid, 'SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000).unref());
    if ((await Promise.race([exit, timeout])) === 'timeout') signalGroup(pid, 'SIGKILL');
    // The group's helpers may outlive the parent by a moment: wait until none is left, killing what lingers.
    for (const deadline = Date.now() + 3_000; groupAlive(pid) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    signalGroup(pid, 'SIGKILL');
  };

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up; see ${options.logFile}`);
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${base} within 60 s; see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { pid, port, url: `${base}/?folder=${encodeURIComponent(options.folder)}`, stop };
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
