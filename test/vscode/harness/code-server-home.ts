import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A private home for one code-server process: its own `--config` file and XDG config/data/cache folders, so
 * it never reads or writes the user's `~/.config/code-server` (a first start there writes a default config and
 * logs about it), `~/.local/share/code-server` nor `~/.cache` (VS Code's device id).
 */
export interface CodeServerHome {
  /** Put before the other arguments of every code-server command line. */
  readonly args: readonly string[];
  /** Merge into the environment of every code-server process. */
  readonly env: Readonly<Record<string, string>>;
}

export function codeServerHome(dir: string): CodeServerHome {
  const configFile = join(dir, 'config.yaml');
  const configHome = join(dir, 'xdg-config');
  const dataHome = join(dir, 'xdg-data');
  const cacheHome = join(dir, 'xdg-cache');
  for (const folder of [configHome, dataHome, cacheHome]) mkdirSync(folder, { recursive: true });
  // Written up front: code-server then has nothing to create. The command line overrides these values.
  writeFileSync(configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return { args: ['--config', configFile], env: { XDG_CONFIG_HOME: configHome, XDG_DATA_HOME: dataHome, XDG_CACHE_HOME: cacheHome } };
}

/**
 * The code-server version in `code-server --version` output: the line `4.139.1 <commit> with Code 1.139.1`,
 * wherever it is (log lines such as `info  Wrote default config file to …` may come first).
 */
export function parseCodeServerVersion(output: string): { codeServer: string; code: string } | undefined {
  const match = /^\s*(\d+\.\d+\.\d+)\s+\S+\s+with Code\s+(\d+\.\d+\.\d+)\s*$/im.exec(output);
  return match ? { codeServer: match[1]!, code: match[2]! } : undefined;
}
