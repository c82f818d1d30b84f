// Whether node_modules holds what package-lock.json locks, judged on content: every locked package (optional
// ones may be absent: they are skipped on platforms they do not fit) is installed at its locked version, as
// npm's own record of the install (node_modules/.package-lock.json) says. Timestamps are not compared: a copied or
// restored node_modules keeps older ones, and a checkout that leaves the lock as it was gives it a newer one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Undefined when node_modules is current; otherwise why it is not (one line). */
export function staleDeps(root = process.cwd()) {
  const installedPath = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installedPath)) return 'node_modules is missing or was not installed by npm';
  let locked;
  let installed;
  try {
    locked = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
    installed = JSON.parse(readFileSync(installedPath, 'utf8')).packages ?? {};
  } catch (error) {
    return `the lock files could not be read (${error instanceof Error ? error.message : String(error)})`;
  }
  for (const [path, entry] of Object.entries(locked)) {
    if (path === '' || entry.link) continue;
    const have = installed[path];
    if (!have) {
      if (entry.optional || entry.devOptional) continue;
      return `${path.replace(/^node_modules\//, '')} ${entry.version} is not installed`;
    }
    if (have.version !== entry.version) return `${path.replace(/^node_modules\//, '')} is ${have.version}, the lock says ${entry.version}`;
  }
  return undefined;
}
