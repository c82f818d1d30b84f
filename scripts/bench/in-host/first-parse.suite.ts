// Runs inside the extension host for scripts/bench/first-parse.ts: the first parse of a 10,000-request `.http` file
// in this process, as the editor does it when such a file is opened: the language bundle loaded from the installed
// extension, then parseHttpFile on the text, once the window is up. No `.http` file is open in the window, so
// nothing parsed before.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from '../../../test/vscode/framework/test';
import { ourExtension, waitFor } from '../../../test/vscode/framework/host';
import type * as Language from '../../../src/vscode/language/service';

export interface FirstParseSample {
  /** Loading dist/http-language.js (ms). */
  load: number;
  wall: number;
  /** Process CPU (ms, every thread), and split: this thread, the others (V8's helpers and the rest of the host). */
  cpu: number;
  main: number;
  others: number;
  blocks: number;
}

/** CPU ms per thread id, from /proc (Linux). */
function threads(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    out.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
  }
  return out;
}

test('the first parse of a 10,000-request file in this extension host', async () => {
  const extension = ourExtension();
  await extension.activate();
  const bundle = join(extension.extensionPath, 'dist', 'http-language.js');
  assert.equal(require.cache[bundle], undefined, 'the language bundle is loaded already: this would not be a first parse');
  const text = readFileSync(process.env.AIO_BENCH_HTTP_FILE ?? '', 'utf8');
  // The window is up (the driver says so once the browser's workbench is shown and idle): the user opens the file now.
  await waitFor(() => existsSync(process.env.AIO_BENCH_READY_FILE ?? ''), 'the workbench shown and idle', 60_000);
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(bundle) as typeof Language;
  const load = performance.now() - t0;
  const before = threads();
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const file = lib.parseHttpFile(text);
  const wall = performance.now() - t1;
  const used = process.cpuUsage(cpu0);
  const after = threads();
  let main = 0;
  let others = 0;
  for (const [tid, ms] of after) {
    const spent = ms - (before.get(tid) ?? 0);
    if (tid === String(process.pid)) main += spent;
    else others += spent;
  }
  const sample: FirstParseSample = { load, wall, cpu: (used.user + used.system) / 1000, main, others, blocks: file.blocks.length };
  const { resultsDir } = JSON.parse(readFileSync(process.env.AIO_TEST_PLAN ?? '', 'utf8')) as { resultsDir: string };
  writeFileSync(join(resultsDir, 'first-parse.json'), JSON.stringify(sample));
}, { timeoutMs: 60_000 });
