import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { runSuiteFiles } from './run-suites';

// The `extensionTestsPath` module for @vscode/test-electron (`npm run test:desktop`): runs the compiled
// suites named by AIO_TEST_SUITES and writes their results to AIO_TEST_RESULTS.
export async function run(): Promise<void> {
  const suites = JSON.parse(process.env.AIO_TEST_SUITES ?? '[]') as { name: string; file: string }[];
  console.log(`In-host suites in VS Code ${vscode.version} (${vscode.env.appName}, Node ${process.version})`);
  const results = await runSuiteFiles(suites, (line) => console.log(line));
  const resultsFile = process.env.AIO_TEST_RESULTS;
  if (resultsFile) {
    writeFileSync(resultsFile, JSON.stringify({ vscodeVersion: vscode.version, appName: vscode.env.appName, uiKind: 'desktop', nodeVersion: process.version, results }));
  }
  const failed = results.filter((r) => !r.ok).length;
  if (failed > 0) throw new Error(`${failed} in-host test(s) failed`);
}
