// Bench: the minified size of dist/extension.js against the 400 KB target, and the extension's activation
// time measured inside a real extension host (code-server 4.139, VS Code 1.139) against the 50 ms target.
// Each sample is a fresh extension host: once it has settled (2 s), the test-runner extension times
// `extension.activate()` (loading the bundle plus running `activate`), then re-loads the bundle alone a few times.
// BENCH_ACTIVATION_RUNS sets the number of fresh hosts (default 5). Run under `flock /tmp/aio-vscode.lock`.
// BENCH_COLD_ONLY=1 skips the extension hosts: builds, then prints the size and the cold loads in fresh Node processes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../test/emulator/index';
import type { BenchSample } from '../../test/vscode/runner-extension/plan';
import { cleanupAll, onCleanup } from '../../test/vscode/harness/cleanup';
import { ensureHarness, packageExtension } from '../../test/vscode/harness/install';
import { REPO_ROOT } from '../../test/vscode/harness/paths';
import { startWindow } from '../../test/vscode/harness/window';
import { Workbench, launchBrowser } from '../../test/vscode/harness/workbench';

const BUNDLE_TARGET_KB = 400;
const ACTIVATION_TARGET_MS = 50;
const RUNS = Number(process.env.BENCH_ACTIVATION_RUNS ?? 5);

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  if (process.env.BENCH_COLD_ONLY === '1') {
    if (spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');
    console.log(`bundle  dist/extension.js (minified): ${kb(statSync(join(REPO_ROOT, 'dist/extension.js')).size)}; dist/run.js ${kb(statSync(join(REPO_ROOT, 'dist/run.js')).size)}`);
    printColdLoads(process.execPath, `Node ${process.versions.node}`);
    return;
  }
  const install = ensureHarness();
  // `package` runs the production (minified) build first, and the .vsix is what the host loads.
  if (!packageExtension('ignore')) throw new Error('npm run package failed');
  const size = statSync(join(REPO_ROOT, 'dist/extension.js')).size;
  console.log(
    `bundle  dist/extension.js (minified): ${kb(size)}  target < ${BUNDLE_TARGET_KB} KB ${size < BUNDLE_TARGET_KB * 1024 ? 'OK' : 'OVER'}` +
      `   (REST Client 4.8 MB, httpYac 3.1 MB)`,
  );
  // undici's HTTP parser ships beside the bundle and loads on the first request: count it in what ships.
  const wasmDir = join(REPO_ROOT, 'dist/llhttp');
  const wasm = readdirSync(wasmDir).reduce((sum, f) => sum + statSync(join(wasmDir, f)).size, 0);
  console.log(`        plus dist/llhttp/ (undici's parser, loaded on the first request): ${kb(wasm)}; all shipped JS ${kb(size + wasm)}`);

  const emulator = await startEmulator();
  onCleanup(() => emulator.stop());
  // A short grace time ends each sample's extension host once its page closes, so samples do not pile up.
  const window = await startWindow(install, {
    name: 'bench-extension',
    workspaceTrust: false,
    // A folder with .http files activates the extension at start-up (workspaceContains): leave them out,
    // so that the runner's activate() does the activating and times it.
    withoutHttpFiles: true,
    emulatorUrl: emulator.url,
    plan: { mode: 'bench', suites: [] },
    reconnectionGraceSeconds: 1,
  });
  const browser = await launchBrowser(install.chromium);
  onCleanup(() => browser.close());

  const samples: BenchSample[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const workbench = new Workbench(await context.newPage());
    await workbench.open(window.server.url);
    samples.push(await nextSample(window.resultsDir, samples.length));
    await context.close();
  }
  const activate = samples.map((s) => s.activateMs);
  const load = samples.flatMap((s) => s.loadMs);
  const activateMedian = median(activate);
  console.log(
    `activation in VS Code ${samples[0].vscodeVersion} (code-server), ${RUNS} fresh extension hosts: ` +
      `median ${activateMedian.toFixed(1)} ms (min ${Math.min(...activate).toFixed(1)}, max ${Math.max(...activate).toFixed(1)})  ` +
      `target < ${ACTIVATION_TARGET_MS} ms ${activateMedian < ACTIVATION_TARGET_MS ? 'OK' : 'OVER'}`,
  );
  const cpu = samples.map((s) => s.activateCpuMs);
  console.log(`        CPU time of the extension host during activation: median ${median(cpu).toFixed(1)} ms (min ${Math.min(...cpu).toFixed(1)}); load average now ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  console.log(`        re-loading the bundle in a warm host (${load.length}×): median ${median(load).toFixed(1)} ms`);
  printColdLoads(join(install.nodeDir, 'bin/node'), 'Node 24');
  if (samples.some((s) => s.wasActive)) console.log('        note: the extension was already active in some host; those samples measure nothing');
}

/**
 * Times, in fresh Node processes with a stub for the `vscode` module, `require('dist/extension.js')` and then the run
 * bundle that the first send or test run requires (`dist/run.js`, which requires `dist/undici.js`).
 */
function coldLoads(node: string, runs: number): Array<{ extension: number; run: number }> {
  // Every top-level name of the vscode API, each a stub that can be called, constructed, extended and read through.
  const names = [...readFileSync(join(REPO_ROOT, 'node_modules/@types/vscode/index.d.ts'), 'utf8').matchAll(/^\texport (?:namespace|class|enum|const|function|let|var) (\w+)/gm)].map((m) => m[1]);
  const script =
    'const deep=new Proxy(function(){},{get:(t,k)=>k==="then"?undefined:k===Symbol.toPrimitive?()=>"":deep,apply:()=>deep,construct:()=>deep});' +
    `const stub=Object.fromEntries(${JSON.stringify([...new Set(names)])}.map((n)=>[n,deep]));` +
    "const M=require('module');const load=M._load;M._load=function(r,...a){return r==='vscode'?stub:load.call(this,r,...a)};" +
    `let t=performance.now();require(${JSON.stringify(join(REPO_ROOT, 'dist/extension.js'))});const extension=performance.now()-t;` +
    `t=performance.now();require(${JSON.stringify(join(REPO_ROOT, 'dist/run.js'))});const run=performance.now()-t;` +
    'process.stdout.write(JSON.stringify({extension,run}));';
  return Array.from({ length: runs }, () => {
    const child = spawnSync(node, ['-e', script], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the cold load failed: ${child.stderr.split('\n').find((l) => /Error/.test(l)) ?? child.stderr.slice(0, 300)}`);
    return JSON.parse(child.stdout) as { extension: number; run: number };
  });
}

function printColdLoads(node: string, label: string): void {
  const cold = coldLoads(node, 5);
  const ext = median(cold.map((c) => c.extension));
  const run = median(cold.map((c) => c.run));
  console.log(`        cold load in a fresh ${label} process (vscode stubbed, 5×, medians): dist/extension.js ${ext.toFixed(1)} ms; then the run bundle the first send or test run requires (dist/run.js + undici.js) ${run.toFixed(1)} ms; together ${median(cold.map((c) => c.extension + c.run)).toFixed(1)} ms`);
}

/** Waits for the runner extension of a fresh host to write the next `bench-<pid>.json`. */
async function nextSample(resultsDir: string, seen: number): Promise<BenchSample> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const files = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => /^bench-\d+\.json$/.test(f)) : [];
    if (files.length > seen) {
      const newest = files.map((f) => join(resultsDir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
      return JSON.parse(readFileSync(newest, 'utf8')) as BenchSample;
    }
    if (Date.now() > deadline) throw new Error(`no activation sample from the extension host; see ${join(resultsDir, 'runner.log')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

main()
  .then(() => cleanupAll())
  .catch(async (error: unknown) => {
    console.error(`bench extension: ${error instanceof Error ? error.message : String(error)}`);
    await cleanupAll();
    process.exitCode = 1;
  });
