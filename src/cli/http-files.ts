// The `.http` files one `aio-requests run` covers: the files named, and every `.http`/`.rest` file under the
// folders named (sorted, so a CI run is the same run each time), each once.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import { AioError } from '../core/errors';

export interface HttpFileEntry {
  /** Absolute path. */
  path: string;
  /** As the user will recognise it: as written for a named file, relative to the working directory for a found one. */
  display: string;
}

const HTTP_FILE = /\.(?:http|rest)$/i;
/** Folders a project keeps tools and history in, never requests to run. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    // Symbolic links are not followed: a link loop cannot make the walk endless.
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile() && HTTP_FILE.test(entry.name)) out.push(path);
  }
}

/** Expands the positional arguments; a folder without any `.http` file is an error saying so. */
export async function collectHttpFiles(cwd: string, args: readonly string[]): Promise<HttpFileEntry[]> {
  const out: HttpFileEntry[] = [];
  const seen = new Set<string>();
  const add = (path: string, display: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, display });
  };
  for (const arg of args) {
    const path = resolvePath(cwd, arg);
    let isFolder: boolean;
    try {
      isFolder = (await stat(path)).isDirectory();
    } catch (error) {
      throw new AioError('file-not-found', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    if (!isFolder) {
      add(path, arg);
      continue;
    }
    const found: string[] = [];
    await walk(path, found);
    if (found.length === 0) throw new AioError('file-not-found', `${arg} holds no .http or .rest file.`);
    for (const file of found) {
      const rel = relative(cwd, file);
      add(file, rel.startsWith('..') ? file : rel.split(sep).join('/'));
    }
  }
  return out;
}
