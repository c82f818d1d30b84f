import type { TestResult } from '../framework/test';

/** What the harness asks the runner extension to do, written to the file AIO_TEST_PLAN names. */
export interface RunPlan {
  readonly mode: 'test' | 'bench';
  /** Compiled suites, run in this order. */
  readonly suites: readonly { readonly name: string; readonly file: string }[];
  /** Where `results.json` (test) or `bench-<pid>.json` (bench) and `runner.log` are written. */
  readonly resultsDir: string;
  readonly extensionId: string;
}

/** What the runner writes to `results.json`. */
export interface RunResults {
  readonly vscodeVersion: string;
  readonly appName: string;
  readonly uiKind: 'web' | 'desktop';
  readonly nodeVersion: string;
  readonly results: readonly TestResult[];
}

/** What the runner writes to `bench-<pid>.json`. */
export interface BenchSample {
  readonly wasActive: boolean;
  readonly activateMs: number;
  /** CPU time (user + system) the host process spent during `activateMs`. */
  readonly activateCpuMs: number;
  readonly loadMs: readonly number[];
  readonly vscodeVersion: string;
}
