// Running several `.http` files as one batch (the CLI's `run`, and any adapter that sends a set of files): one
// run context per file, one pacing session shared by all (limits hold across files), the request names
// selected once over every file, each file's requests as test cases, and what shaped the run. The adapter keeps
// argument parsing, printing and its own interrupt wiring.
import { dirname } from 'node:path';
import { AioError } from '../errors';
import type { HttpFile } from '../http/parse-types';
import { runContextAsTests, type TestCaseResult, type TestSuiteResult } from '../testing/test-cases';
import type { PacingRequest } from '../traffic/limits';
import { PacingSession } from '../traffic/paced-send';
import type { JourneyLimitsLoader } from '../traffic/journey-limits';
import { PacingScheduler, pacingSummary } from '../traffic/pacing-scheduler';
import { RunContext, type RunContextOptions } from './run-context';

/** A file read and parsed by the adapter. */
export interface BatchFile {
  /** Absolute path. */
  path: string;
  /** As the user named it (relative to the working directory in the CLI). */
  display: string;
  file: HttpFile;
}

/** What every file's run context shares, as `RunContext.create` takes it. */
type SharedContextOptions = Pick<
  RunContextOptions,
  'workspaceRoot' | 'readFile' | 'howToAllow' | 'processEnv' | 'environmentName' | 'authHosts' | 'sandbox' | 'authenticator' | 'knownSecrets' | 'transport' | 'maxResolvedSize'
>;

export interface FileBatchOptions extends SharedContextOptions {
  files: readonly BatchFile[];
  /** `# @name`s or titles to run (with what they chain on); every request when empty. */
  names?: readonly string[];
  /** Folders besides each file's own and `workspaceRoot` that includes and `.env` may be read from. */
  extraFileRoots?: readonly string[];
  /** The run's own pacing (`--rate`, `--concurrency`, `--ignore-limits`); files' and requests' directives win. */
  pacing?: PacingRequest;
  /**
   * Reads the sandbox's deployed Journey configs when the first request not opted out is sent (shared by every
   * file, so they are read once); every request they cover is kept under them.
   */
  journey?: JourneyLimitsLoader;
  /** A status of 400 or more fails a case unless the request asserts its status itself. */
  failOnStatus?: boolean;
}

/** One file of the batch, its context and the blocks this run sends from it. */
export interface PlannedFile extends BatchFile {
  context: RunContext;
  indices: number[];
}

export interface BatchEvents {
  /** Before the first case of a file that sends something. */
  onFile?: (file: PlannedFile) => void;
  /** As each request settles, in file order. */
  onCase?: (testCase: TestCaseResult, file: PlannedFile) => void;
  /**
   * False: each case is only told to `onCase` and the outcome's suites hold no cases, so a long run keeps no
   * response it has already reported (the CLI keeps them only for a JUnit report).
   */
  keepCases?: boolean;
}

export interface BatchOutcome {
  /** One suite per file that sent something, in order (without cases when `keepCases` was false). */
  suites: TestSuiteResult[];
  /** Some case failed or errored. */
  failed: boolean;
  cancelled: boolean;
  /** Lines saying which limits paced the run, and why Journey limits did not when they could have. */
  pacing: string[];
}

export class FileBatch {
  private readonly controller = new AbortController();

  private constructor(
    readonly files: readonly PlannedFile[],
    private readonly session: PacingSession,
    private readonly schedulers: readonly PacingScheduler[],
    private readonly failOnStatus: boolean,
  ) {}

  /**
   * Builds a run context per file (environments, auth hosts, `$aio` variables, pacing) and selects the named
   * requests once. Throws a usage AioError naming the known requests when a name is in no file.
   */
  static async plan(options: FileBatchOptions): Promise<FileBatch> {
    const session = new PacingSession();
    const files: PlannedFile[] = [];
    const schedulers: PacingScheduler[] = [];
    const unknownIn: string[][] = [];
    const closeAll = (): Promise<unknown> => Promise.all(files.map((f) => f.context.close()));
    try {
      for (const entry of options.files) {
        // As many connections per origin as requests in flight, as a hand-written loop with that concurrency has.
        const concurrency = entry.file.filePacing?.concurrency ?? options.pacing?.concurrency ?? 1;
        const scheduler = new PacingScheduler({ session, cli: options.pacing, file: entry.file.filePacing, journey: options.journey, inFlightAtMost: concurrency });
        schedulers.push(scheduler);
        const context = await RunContext.create({
          filePath: entry.path,
          source: entry.file,
          workspaceRoot: options.workspaceRoot,
          readFile: options.readFile,
          // Includes and .env stay inside the file's folder, the working directory and the roots the user added.
          fileRoots: [dirname(entry.path), options.workspaceRoot, ...(options.extraFileRoots ?? [])],
          howToAllow: options.howToAllow,
          processEnv: options.processEnv,
          environmentName: options.environmentName,
          authHosts: options.authHosts,
          sandbox: options.sandbox,
          authenticator: options.authenticator,
          knownSecrets: options.knownSecrets,
          transport: concurrency > 1 ? { ...options.transport, connections: concurrency } : options.transport,
          maxResolvedSize: options.maxResolvedSize,
          scheduler,
          concurrency: options.pacing?.concurrency,
        });
        const { indices, unknown } = context.select(options.names);
        files.push({ ...entry, context, indices });
        unknownIn.push(unknown);
      }
    } catch (error) {
      await closeAll();
      throw error;
    }
    // With several files a name may live in any of them; it must live in one.
    const unknown = (options.names ?? []).filter((name) => unknownIn.every((list) => list.includes(name)));
    if (unknown.length > 0) {
      await closeAll();
      const known = [...new Set(files.flatMap(({ file }) => file.blocks.map((b) => b.name ?? b.title)).filter((n) => n !== undefined))];
      const where = files.length === 1 ? files[0].display : `${files.length} files`;
      throw new AioError('usage', `No request named ${unknown.map((n) => `'${n}'`).join(', ')} in ${where}.${knownNames(known)}`);
    }
    return new FileBatch(files, session, schedulers, options.failOnStatus === true);
  }

  /** Stops the batch: requests in flight are aborted, queued ones and later files are not sent. */
  cancel(): void {
    this.controller.abort();
    this.session.cancel();
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  /** Sends every file's selected requests, file after file, then lets the contexts' sockets close. */
  async run(events: BatchEvents = {}): Promise<BatchOutcome> {
    const suites: TestSuiteResult[] = [];
    let failed = false;
    try {
      for (const entry of this.files) {
        if (this.cancelled) break;
        if (entry.indices.length === 0) continue;
        events.onFile?.(entry);
        const onCase = (testCase: TestCaseResult): void => {
          if (testCase.status === 'failed' || testCase.status === 'errored') failed = true;
          events.onCase?.(testCase, entry);
        };
        suites.push(await runContextAsTests(entry.display, entry.context, entry.indices, { signal: this.controller.signal, failOnStatus: this.failOnStatus, onCase, keepCases: events.keepCases }));
      }
    } finally {
      await this.close();
    }
    return { suites, failed, cancelled: this.cancelled, pacing: pacingSummary(this.schedulers) };
  }

  /** Lets idle sockets close (`run` does it at its end). */
  close(): Promise<unknown> {
    return Promise.all(this.files.map((f) => f.context.close()));
  }
}

const KNOWN_SHOWN = 10;

/** The names a `--name` could have been, for its error: the first few (a generated file may have thousands). */
function knownNames(known: readonly string[]): string {
  if (known.length === 0) return '';
  const shown = known.slice(0, KNOWN_SHOWN).join(', ');
  const more = known.length - KNOWN_SHOWN;
  return more > 0 ? ` Known: ${shown}, and ${more.toLocaleString('en-US')} more.` : ` Known: ${shown}.`;
}
