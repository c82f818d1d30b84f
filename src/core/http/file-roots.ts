// Which files a `.http` file may read (`< path`, `<@ path`, the `.env` of `$dotenv`): only under its own folder,
// the workspace folders and roots the user added, judged after following symlinks; never /proc, /dev or /sys.
import { realpath as fsRealpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { AioError } from '../errors';
import type { ReadFile } from './environments';

/** Kernel file systems: reading them leaks the process's environment, memory or devices, whatever the roots. */
const NEVER = ['/proc', '/dev', '/sys'];

export class FileOutsideRootsError extends AioError {
  constructor(message: string) {
    super('file-outside-roots', message);
    this.name = 'FileOutsideRootsError';
  }
}

export interface FileRootsOptions {
  /** Folders whose files may be read (the `.http` file's folder, workspace folders, user-added roots). */
  roots: readonly string[];
  /** How the user adds a root here, e.g. `Run with --allow-file-root DIR to allow it.` */
  howToAllow: string;
  /** A port for tests; fs.realpath otherwise. */
  realpath?: (path: string) => Promise<string>;
}

function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Wraps `read` so that it reads only inside the roots. A file that does not exist fails as before (absence is
 * normal for `.env`); one outside the roots throws FileOutsideRootsError naming it and how to allow it.
 */
export function confinedReader(read: ReadFile, options: FileRootsOptions): ReadFile {
  const realpath = options.realpath ?? fsRealpath;
  let roots: Promise<string[]> | undefined;
  const realRoots = (): Promise<string[]> =>
    (roots ??= Promise.all(options.roots.map((r) => realpath(resolve(r)).catch(() => undefined))).then((list) => list.filter((r): r is string => r !== undefined)));
  return async (path: string) => {
    const real = await realpath(resolve(path));
    const shown = real === resolve(path) ? path : `${path} (a link to ${real})`;
    if (NEVER.some((dir) => isWithin(real, dir))) {
      throw new FileOutsideRootsError(`${shown} is under ${NEVER.find((dir) => isWithin(real, dir))}, which a .http file may never read.`);
    }
    if (!(await realRoots()).some((root) => isWithin(real, root))) {
      throw new FileOutsideRootsError(`${shown} is outside the .http file's folder and the workspace, so it is not read. ${options.howToAllow}`);
    }
    return read(real);
  };
}
