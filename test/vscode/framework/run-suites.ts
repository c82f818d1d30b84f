import { runTests, type TestCase, type TestResult } from './test';

/** Loads compiled suite bundles one by one and runs their tests; a bundle that fails to load counts as a failure. */
export async function runSuiteFiles(
  suites: readonly { readonly name: string; readonly file: string }[],
  log: (line: string) => void,
): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const suite of suites) {
    let cases: readonly TestCase[];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a compiled suite, loaded by path
      cases = (require(suite.file) as { registeredTests(): readonly TestCase[] }).registeredTests();
    } catch (error) {
      results.push({ suite: suite.name, name: '(load)', ok: false, error: String(error), durationMs: 0 });
      continue;
    }
    log(`suite ${suite.name}: ${cases.length} test(s)`);
    const suiteResults = await runTests(suite.name, cases);
    for (const r of suiteResults) log(`${r.ok ? 'ok  ' : 'FAIL'} ${suite.name} › ${r.name} (${r.durationMs} ms)${r.ok ? '' : `\n${r.error}`}`);
    results.push(...suiteResults);
  }
  return results;
}
