// Makes `npm test`, `npm run demo` and `npm run bench` work on a fresh clone: installs the locked
// dependencies when node_modules is missing or older than package-lock.json.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('Installing dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
