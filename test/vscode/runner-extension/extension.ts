import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { runSuiteFiles } from '../framework/run-suites';
import type { RunPlan } from './plan';

// The test-runner extension. In a window started by the harness (AIO_TEST_PLAN names a plan file) it runs
// the plan once, inside the extension host, and writes what happened where the harness waits for it.

export function activate(): void {
  const planPath = process.env.AIO_TEST_PLAN;
  if (!planPath) return;
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as RunPlan;
  mkdirSync(plan.resultsDir, { recursive: true });
  const log = (line: string) => appendFileSync(join(plan.resultsDir, 'runner.log'), `${new Date().toISOString()} [${process.pid}] ${line}\n`);
  const work = plan.mode === 'bench' ? bench(plan, log) : runSuites(plan, log);
  void work.catch((error: unknown) => log(`runner failed: ${error instanceof Error ? error.stack : String(error)}`));
}

async function runSuites(plan: RunPlan, log: (line: string) => void): Promise<void> {
  // A reloaded window starts a second extension host: only the first one runs the plan.
  try {
    writeFileSync(join(plan.resultsDir, 'started'), String(process.pid), { flag: 'wx' });
  } catch {
    return log('plan already started by another extension host');
  }
  log(`running ${plan.suites.length} suite(s) in ${vscode.env.appName} ${vscode.version}`);
  const results = await runSuiteFiles(plan.suites, log);
  writeAtomically(join(plan.resultsDir, 'results.json'), {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    nodeVersion: process.version,
    results,
  });
}

/** Times the first activation of the extension under test and, repeatedly, the loading of its bundle. */
async function bench(plan: RunPlan, log: (line: string) => void): Promise<void> {
  const extension = vscode.extensions.getExtension(plan.extensionId);
  if (!extension) throw new Error(`${plan.extensionId} is not installed`);
  // Let the host finish its own start-up work first, as when a user opens a .http file in a settled window.
  await new Promise((r) => setTimeout(r, 2_000));
  const wasActive = extension.isActive;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await extension.activate();
  const activateMs = performance.now() - started;
  // CPU time of this host process: less sensitive than wall time to other processes on a busy machine.
  const cpu = process.cpuUsage(cpuBefore);
  const activateCpuMs = (cpu.user + cpu.system) / 1000;
  const main = require.resolve(join(extension.extensionPath, 'dist/extension.js'));
  const loadMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    delete require.cache[main];
    const t = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle under test, loaded by path
    require(main);
    loadMs.push(performance.now() - t);
  }
  log(`bench: activate ${activateMs.toFixed(1)} ms (was active: ${wasActive})`);
  writeAtomically(join(plan.resultsDir, `bench-${process.pid}.json`), { wasActive, activateMs, activateCpuMs, loadMs, vscodeVersion: vscode.version });
}

function writeAtomically(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(value, null, 2));
  renameSync(`${path}.tmp`, path);
}

export function deactivate(): void {
  // Nothing to release: the plan's results are already on disk.
}
