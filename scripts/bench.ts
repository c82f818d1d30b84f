// `npm run bench`: runs every scripts/bench/*.ts in its own process, one after another, and prints their figures.
// BENCH_ONLY=name (e.g. `http-run`) runs just that one.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, 'bench');
const only = process.env.BENCH_ONLY;
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && (!only || f === `${only}.ts`))
  .sort();
let failed = false;
for (const file of benches) {
  console.log(`\n== ${file} ==`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
