// Bench: Send Request → the response rendered in the webview, in a real VS Code (code-server) against the
// emulator (a small JSON answer, Adobe headers from the pre-imported demo profile), median of 20, printed beside
// the CLI's time for the same request in the same run (`node dist/cli.js run --json`, warm, in rounds between the
// editor's so both see the same load).
// Target: the editor adds under 30 ms. Run under `flock /tmp/aio-vscode.lock`.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmulator } from '../../test/emulator/index';
import { prepareDemoCredentials } from '../../test/support/demo-credentials';
import { cleanupAll, onCleanup } from '../../test/vscode/harness/cleanup';
import { ensureHarness, packageExtension } from '../../test/vscode/harness/install';
import type { SendRenderSamples } from './in-host/send-render.suite';
import { median, runInHostBench } from './support/in-host-bench';

const TARGET_MS = 30;
const root = resolve(__dirname, '../..');

const range = (values: readonly number[]) => `min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}`;

async function main(): Promise<void> {
  const install = ensureHarness();
  if (!packageExtension('ignore')) throw new Error('npm run package failed');
  const emulator = await startEmulator();
  onCleanup(() => emulator.stop());
  const env: Record<string, string> = {};
  const settings: Record<string, unknown> = {};
  const cliArgs: string[] = [];
  const credentials = await prepareDemoCredentials({ emulator, env, settings, cliArgs });
  onCleanup(() => rmSync(credentials.dir, { recursive: true, force: true }));

  // The suite runs the CLI between its rounds of sends (same machine load), with code-server's Node.
  env.AIO_BENCH_CLI = JSON.stringify({ node: join(install.nodeDir, 'bin', 'node'), cli: join(root, 'dist/cli.js'), args: cliArgs });
  const samples = await runInHostBench<SendRenderSamples>(install, {
    name: 'send-render',
    source: join(__dirname, 'in-host/send-render.suite.ts'),
    emulatorUrl: emulator.url,
    env,
    settings,
  });

  const editor = samples.editor.map((s) => s.ms);
  const m = median(editor);
  const c = median(samples.cli);
  const added = m - c;
  console.log(`Send Request → response rendered in the webview (VS Code in code-server, small JSON from the emulator, Adobe headers): median ${m.toFixed(1)} ms over ${editor.length} (${range(editor)})`);
  console.log(`CLI, the same request in the same run (rounds between the editor's, warm): median ${c.toFixed(1)} ms per request over ${samples.cli.length} (${range(samples.cli)})`);
  console.log(`        the editor adds ${added.toFixed(1)} ms  target < ${TARGET_MS} ms ${added < TARGET_MS ? 'OK' : 'OVER'}`);
  console.log(
    `        inside the editor: wire (runner's timing) median ${median(samples.editor.map((s) => s.wireMs)).toFixed(1)} ms; ` +
      `command returned (sent, shown, posted) ${median(samples.editor.map((s) => s.commandMs)).toFixed(1)} ms; ` +
      `posted → the webview's "rendered" back in the host ${median(samples.editor.map((s) => s.ms - s.commandMs)).toFixed(1)} ms`,
  );
  const full = samples.fullHistory.map((s) => s.ms);
  const f = median(full);
  console.log(`        with a full history (8 MB of kept bodies): median ${f.toFixed(1)} ms over ${full.length} (${range(full)}); the editor adds ${(f - c).toFixed(1)} ms ${f - c < TARGET_MS ? 'OK' : 'OVER'}`);
}

main()
  .catch((error: unknown) => {
    console.error(`bench send-render: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
