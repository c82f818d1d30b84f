// A `.http` file as a test suite: each request a test case that passes, fails (an assertion, or a status with
// --fail-on-status) or errors (no response). The CLI's reports and the editor's Testing view read the same model.
import { runHttpFile, type BlockRun, type FileRunOptions, type RequestSender } from '../http/file-runner';
import type { HttpFile } from '../http/parse-types';
import { requestLabel } from '../http/request-label';
import { shownBody } from '../http/response-text';
import type { AssertionOutcome } from './assertions';
import { withAssertions } from './assertion-hook';

export type TestStatus = 'passed' | 'failed' | 'errored' | 'skipped';

export interface TestCaseResult {
  /** The block's index in its file (the id CodeLens and the Testing view use). */
  index: number;
  /** `# @name`, else the `###` title, else `#N`. */
  label: string;
  status: TestStatus;
  /** Total time of the request in ms (0 when it got no response). */
  durationMs: number;
  /** Every assertion's outcome, in file order (empty when there are none or no response came). */
  assertions: AssertionOutcome[];
  /** Why it did not pass, one line per reason (assertion messages, the status, the error); masked. */
  messages: string[];
  /** The response body for a case that did not pass: masked, capped, binary summarised. */
  body?: string;
  run: BlockRun;
}

export interface TestSuiteResult {
  /** The file as the user named it (relative to the working directory in the CLI). */
  name: string;
  startedAt: Date;
  durationMs: number;
  cases: TestCaseResult[];
}

export interface TestCaseOptions {
  /** A status of 400 or more fails the case, unless the request asserts on its status itself. */
  failOnStatus?: boolean;
  /** Most characters of a failing case's body kept in `body` (default 4,000). */
  maxBodyChars?: number;
}

export { requestLabel };

/** How one request's run comes out as a test case. */
export function testCaseOf(run: BlockRun, options: TestCaseOptions = {}): TestCaseResult {
  const { response, error } = run.result;
  const assertions = run.assertions ?? [];
  const messages: string[] = [];
  let status: TestStatus = 'passed';
  if (!run.sent && error?.kind === 'aborted') {
    status = 'skipped';
    messages.push(error.message);
  } else if (!response || error) {
    status = 'errored';
    messages.push(`${error?.kind ?? 'error'}: ${error?.message ?? 'no response'}`);
  }
  const failedAssertions = assertions.filter((a) => !a.passed);
  if (failedAssertions.length > 0) {
    if (status === 'passed') status = 'failed';
    messages.push(...failedAssertions.map((a) => a.message));
  }
  const assertsStatus = run.block.assertions.some((a) => a.subject === 'status');
  if (response && status === 'passed' && options.failOnStatus && !assertsStatus && response.status >= 400) {
    status = 'failed';
    messages.push(`status ${response.status}${response.statusText ? ` ${response.statusText}` : ''} (400 or above, with --fail-on-status)`);
  }
  const result: TestCaseResult = {
    index: run.block.index,
    label: requestLabel(run.block),
    status,
    durationMs: response?.timings.totalMs ?? 0,
    assertions,
    messages,
    run,
  };
  if (response && status !== 'passed' && status !== 'skipped') result.body = shownBody(response, { max: options.maxBodyChars ?? 4000 }).text;
  return result;
}

/** What runs a file's selected requests: a core RunContext (or a fake). */
export interface BlockSender {
  send(indices: readonly number[], options: { signal?: AbortSignal; onResult?: (run: BlockRun) => void; collect?: boolean }): Promise<BlockRun[]>;
}

type CaseOptions = TestCaseOptions & {
  onCase?: (testCase: TestCaseResult) => void;
  /** False: cases are only told to `onCase`; the suite's `cases` stays empty (nothing printed is held until the end). */
  keepCases?: boolean;
};

async function collectCases(name: string, options: CaseOptions, run: (onResult: (run: BlockRun) => void) => Promise<unknown>): Promise<TestSuiteResult> {
  const startedAt = new Date();
  const start = performance.now();
  const cases: TestCaseResult[] = [];
  const keep = options.keepCases !== false;
  await run((done) => {
    const testCase = testCaseOf(done, options);
    if (keep) cases.push(testCase);
    options.onCase?.(testCase);
  });
  return { name, startedAt, durationMs: performance.now() - start, cases };
}

/**
 * Runs a file's requests (all, or `options.names` and what they chain on) as tests: the one entry point the
 * CLI and the editor's Testing view call. `onCase` is told as each case finishes.
 */
export function runHttpFileAsTests(
  name: string,
  file: HttpFile,
  sender: RequestSender,
  options: FileRunOptions & CaseOptions = {},
): Promise<TestSuiteResult> {
  return collectCases(name, options, (onCase) => runHttpFile(file, sender, {
    ...withAssertions(file, options),
    collect: false,
    onResult: (run) => {
      options.onResult?.(run);
      onCase(run);
    },
  }));
}

/** The same through a run context: the blocks at `indices` (see `RunContext.select`) as test cases. */
export function runContextAsTests(
  name: string,
  context: BlockSender,
  indices: readonly number[],
  options: CaseOptions & { signal?: AbortSignal } = {},
): Promise<TestSuiteResult> {
  return collectCases(name, options, (onCase) => context.send(indices, { signal: options.signal, onResult: onCase, collect: false }));
}
