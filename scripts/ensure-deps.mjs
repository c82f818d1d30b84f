// Makes `npm test`, `npm run demo` and `npm run bench` work on a fresh clone: installs the locked dependencies
// when node_modules does not hold them (see deps-state.mjs).
import { spawnSync } from 'node:child_process';
import { staleDeps } from './deps-state.mjs';

const stale = staleDeps();
if (stale) {
  console.log(`Installing dependencies (npm ci): ${stale}…`);
  const result = spawnSync('npm', ['ci'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
