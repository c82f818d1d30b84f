// Runs a bench suite inside a real VS Code (code-server) window driven by a headless browser, and returns the
// samples file the suite wrote. Shared by the benches that measure the editor (Endpoints view, Send → render).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from '../../../test/vscode/harness/cleanup';
import { compileSuite } from '../../../test/vscode/harness/compile';
import type { HarnessInstall } from '../../../test/vscode/harness/install';
import { OUTPUT_DIR } from '../../../test/vscode/harness/paths';
import { startWindow } from '../../../test/vscode/harness/window';
import { Workbench, launchBrowser } from '../../../test/vscode/harness/workbench';

export interface InHostBench {
  /** The suite's name: its compiled file, the window's name and the samples file (`<name>.json`). */
  name: string;
  /** The suite's TypeScript source. */
  source: string;
  emulatorUrl: string;
  env: Record<string, string>;
  settings: Record<string, unknown>;
  /** What the browser does once the workbench is open (e.g. show a view the suite measures). */
  afterOpen?: (workbench: Workbench) => Promise<void>;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Starts the window, waits for the suite (3 minutes at most) and returns its samples. */
export async function runInHostBench<T>(install: HarnessInstall, bench: InHostBench): Promise<T> {
  const suite = join(OUTPUT_DIR, 'compiled', 'bench', `${bench.name}.js`);
  compileSuite(bench.source, suite);
  const window = await startWindow(install, {
    name: `bench-${bench.name}`,
    workspaceTrust: false,
    withoutHttpFiles: true,
    emulatorUrl: bench.emulatorUrl,
    env: bench.env,
    settings: bench.settings,
    plan: { mode: 'test', suites: [{ name: bench.name, file: suite }] },
  });
  const browser = await launchBrowser(install.chromium);
  onCleanup(() => browser.close());
  const workbench = new Workbench(await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage());
  await workbench.open(window.server.url);
  await bench.afterOpen?.(workbench);

  const resultsFile = join(window.resultsDir, 'results.json');
  const samplesFile = join(window.resultsDir, `${bench.name}.json`);
  const deadline = Date.now() + 180_000;
  while (!existsSync(resultsFile)) {
    if (Date.now() > deadline) throw new Error(`the in-host bench did not finish; see ${join(window.resultsDir, 'runner.log')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { results: Array<{ ok: boolean; error?: string }> };
  if (!results.results.every((r) => r.ok) || !existsSync(samplesFile)) throw new Error(`the in-host bench failed: ${results.results.map((r) => r.error).join('; ')}`);
  const samples = JSON.parse(readFileSync(samplesFile, 'utf8')) as T;
  // Closed now, not at exit: a bench that opens several windows leaves no browser running beside the next one.
  await browser.close();
  await window.stop();
  return samples;
}
