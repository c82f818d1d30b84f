// A tiny mocha-like registry for the suites that run inside the extension host. Each suite file is bundled
// with its own copy of this module; the runner reads the tests it registered through `registeredTests()`.

export interface TestCase {
  readonly name: string;
  readonly fn: () => unknown;
  readonly timeoutMs: number;
}

export interface TestResult {
  readonly suite: string;
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly durationMs: number;
}

const tests: TestCase[] = [];

/** Registers a test; it fails when `fn` throws or rejects, or runs longer than `timeoutMs` (default 20 s). */
export function test(name: string, fn: () => unknown, options: { timeoutMs?: number } = {}): void {
  tests.push({ name, fn, timeoutMs: options.timeoutMs ?? 20_000 });
}

export function registeredTests(): readonly TestCase[] {
  return tests;
}

/** Runs tests one after the other, in registration order. */
export async function runTests(suite: string, cases: readonly TestCase[]): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const testCase of cases) {
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(testCase.fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${testCase.timeoutMs} ms`)), testCase.timeoutMs);
        }),
      ]);
      results.push({ suite, name: testCase.name, ok: true, durationMs: Date.now() - started });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ suite, name: testCase.name, ok: false, error: message, durationMs: Date.now() - started });
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
