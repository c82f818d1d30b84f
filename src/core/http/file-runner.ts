// Runs the requests of a parsed `.http` file in order: every request, or the named ones plus the requests
// their chains need, each at most once, feeding every result back for `{{name.response…}}` chaining.
import { describeError, redactUrl } from '../log/redact';
import type { HttpFile, RequestBlock } from './parse-types';
import { readDetails } from './parser';
import { blockIndexByName, planRunWithDependencies, resolveRequest } from './resolve';
import type { RequestResult, ResolvedRequest } from './types';
import { ResolveError, type ResolveContext } from './variables';
import type { AssertionOutcome } from '../testing/assertions';
import type { NextWrite } from '../traffic/pacer';

/** Sends one request; the HttpRunner (or a fake). */
export interface RequestSender {
  send(request: ResolvedRequest, options?: { signal?: AbortSignal } & SendHooks): Promise<RequestResult>;
}

export interface SendHooks {
  /** Told when the first write's answer is in (pacing counts the call then). */
  onAnswered?: () => void;
  /** Asked before each later write (retry, redirect hop), so pacing counts every call written. */
  nextWrite?: NextWrite;
}

/**
 * Wraps each send, e.g. to pace requests (issue 12): it must call `send` once (or return a result without
 * sending) and may delay it. The default sends at once.
 */
export interface RequestScheduler {
  schedule(
    request: ResolvedRequest,
    send: (hooks?: SendHooks) => Promise<RequestResult>,
    // `sendAs` sends a derived request (a next page) the same way.
    info: { block: RequestBlock; signal?: AbortSignal; sendAs?: (request: ResolvedRequest, hooks?: SendHooks) => Promise<RequestResult> },
  ): Promise<RequestResult>;
}

/** Looks at (and may add to) each finished run before it is reported, e.g. assertions (issue 13). */
export type ResultHook = (run: BlockRun) => void | Promise<void>;

export interface FileRunOptions {
  /** `# @name`s (or titles) of the requests to run; every request when empty or omitted. */
  names?: readonly string[];
  /** Block indices to run, already selected (wins over `names`). */
  indices?: readonly number[];
  signal?: AbortSignal;
  /** Environment, file path, ports for system variables, `$aio.*`; `results` is filled in by the run. */
  context?: Omit<ResolveContext, 'results'>;
  /** Where results are kept by `# @name`; a fresh map when omitted. A run context passes one that outlives the run. */
  results?: Map<string, RequestResult>;
  /** Dependencies that already have a result in `results` are not sent again (the editor's Send Request). */
  reuseResults?: boolean;
  scheduler?: RequestScheduler;
  /** Told as each request settles, before it is reported and before what chains on it starts (assertions). */
  onSettled?: ResultHook;
  /** Told as each request finishes, in the order of a one-at-a-time run, for streaming output. */
  onResult?: (run: BlockRun) => void;
  /**
   * Most requests resolving or in flight at once; 1 (the default) sends one after another. Requests that chain
   * on another's result still wait for it; pacing (the scheduler) still gates each send.
   */
  concurrency?: number;
  /**
   * False: finished runs are only reported (`onResult`), not collected, and the promise resolves to an empty list:
   * a 100,000-request run from the CLI then holds no response it has already printed.
   */
  collect?: boolean;
}

export interface BlockRun {
  block: RequestBlock;
  result: RequestResult;
  /** Whether the request went to the sender (false: unresolved, invalid, or cancelled before its turn). */
  sent: boolean;
  /** The block's `?? …` assertions, checked (by the assertion hook) when a response came back; absent when it has none or got no response. */
  assertions?: AssertionOutcome[];
}

/** Block indices for `names` (a `# @name`, else a title); `unknown` lists names no block has. */
export function selectBlocks(file: HttpFile, names: readonly string[] | undefined): { indices: number[]; unknown: string[] } {
  if (!names || names.length === 0) return { indices: file.blocks.map((b) => b.index), unknown: [] };
  const indices: number[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const index = blockIndexByName(file, name) ?? file.blocks.find((b) => b.title === name)?.index;
    if (index !== undefined) indices.push(index);
    else unknown.push(name);
  }
  return { indices, unknown };
}

function withSignal(hooks: SendHooks | undefined, signal: AbortSignal | undefined): { signal?: AbortSignal } & SendHooks {
  return hooks ? { onAnswered: hooks.onAnswered, nextWrite: hooks.nextWrite, signal } : { signal };
}

/** A request that never reached the sender; its template URL is shown redacted, as sent ones are. */
function notSent(block: RequestBlock, error: RequestResult['error']): RequestResult {
  return { request: { method: block.request.method, url: redactUrl(block.request.url), headers: [] }, error };
}

/**
 * A request that must not overlap any other: `# @note` and `# @prompt` ask the user first, and a `<@ file`
 * body may chain on results the plan cannot see (its variables need I/O to read).
 */
function runsAlone(block: RequestBlock): boolean {
  return block.options.note !== undefined || block.prompts.length > 0 || (block.body?.lines.some((line) => line.kind === 'file' && line.substitute) ?? false);
}

/** Smallest-first queue of plan positions ready to start. */
class ReadyQueue {
  private readonly heap: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): number | undefined {
    return this.heap[0];
  }

  push(value: number): void {
    const h = this.heap;
    let i = h.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]! <= value) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = value;
  }

  pop(): number | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= h.length) break;
        const child = left + 1 < h.length && h[left + 1]! < h[left]! ? left + 1 : left;
        if (h[child]! >= last) break;
        h[i] = h[child]!;
        i = child;
      }
      h[i] = last;
    }
    return top;
  }
}

/**
 * Runs the selected requests, dependencies first. With `concurrency` 1 (the default) one after another; with N,
 * up to N at once, a request that chains on another starting once that one has settled, and `# @note` /
 * `# @prompt` requests alone. Either way results are reported in the same order (file order, each dependency
 * before what chains on it). A request that fails does not stop the others (those chained on it report the
 * missing value); a cancel stops everything not yet sent.
 */
export async function runHttpFile(file: HttpFile, sender: RequestSender, options: FileRunOptions = {}): Promise<BlockRun[]> {
  // Every detail first: a file refused for its density then has no requests left to run.
  readDetails(file);
  const indices = (options.indices ?? selectBlocks(file, options.names).indices).filter((i) => file.blocks[i] !== undefined);
  const results = options.results ?? new Map<string, RequestResult>();
  const satisfied = options.reuseResults ? (index: number) => { const name = file.blocks[index]?.name; return name !== undefined && results.has(name); } : undefined;
  const plan = planRunWithDependencies(file, indices, satisfied);
  const context: ResolveContext = { ...options.context, results };
  const signal = options.signal;
  const runs: BlockRun[] = [];
  const collect = options.collect !== false;
  const report = (run: BlockRun): void => {
    if (collect) runs.push(run);
    options.onResult?.(run);
  };
  // The hook may be synchronous (no assertions to check): then no promise and no tick.
  const settle = (run: BlockRun): BlockRun | Promise<BlockRun> => {
    const checking = options.onSettled?.(run);
    return checking ? checking.then(() => run) : run;
  };

  /** Sends a resolved request through the scheduler (when there is one). */
  const sendResolved = (resolved: ResolvedRequest, block: RequestBlock): Promise<RequestResult> => {
    const send = (hooks?: SendHooks): Promise<RequestResult> => sender.send(resolved, withSignal(hooks, signal));
    if (!options.scheduler) return send();
    // Only `# @paginate` sends derived requests (next pages).
    const sendAs = resolved.options.paginate ? (other: ResolvedRequest, hooks?: SendHooks): Promise<RequestResult> => sender.send(other, withSignal(hooks, signal)) : undefined;
    return options.scheduler.schedule(resolved, send, { block, signal, sendAs });
  };
  /** Keeps a named request's result for what chains on it, then lets the hooks see the run. */
  const finished = (block: RequestBlock, result: RequestResult, sent: boolean): BlockRun | Promise<BlockRun> => {
    if (block.name !== undefined) results.set(block.name, result);
    return settle({ block, result, sent });
  };

  /** Resolves, sends (through the scheduler) and settles the block at `index`: a chain of small steps, not one large async function. */
  const runOne = (index: number): Promise<BlockRun> => {
    const block = file.blocks[index];
    if (signal?.aborted) return Promise.resolve(settle({ block, result: notSent(block, { kind: 'aborted', message: 'Cancelled before it was sent.' }), sent: false }));
    return resolveRequest(file, index, context).then(
      (request) => sendResolved(request, block).then((result) => finished(block, result, true)),
      // Whatever stops one request from resolving (a token IMS refused, a file) stops that request only.
      (error: unknown) => finished(block, notSent(block, error instanceof ResolveError ? error.toRequestError() : { kind: 'invalid-request', message: `Not sent: ${describeError(error)}` }), false),
    );
  };

  const limit = Math.max(1, Math.floor(options.concurrency ?? 1));
  if (limit === 1) {
    // Each run is reported once the next request is on its way: printing overlaps the server's work.
    const late = new LateReporter(report);
    for (const index of plan.order) late.add(await runOne(index));
    await late.finish();
  } else {
    await runConcurrently(file, plan.order, plan.dependencies, limit, runOne, report);
  }
  // Requests caught in a chain loop are never sent; say so instead of skipping them silently.
  const planned = new Set(plan.order);
  for (const index of indices) {
    if (planned.has(index)) continue;
    const block = file.blocks[index];
    report(await settle({ block, result: notSent(block, { kind: 'unresolved-variable', message: `Not sent: requests chain on each other in a loop (${plan.cycles.join(', ')}).` }), sent: false }));
  }
  return runs;
}

/**
 * Reports runs on the next turn of the event loop, in order: by then the request after them has been handed to
 * its socket (or waits for I/O), so a one-at-a-time run does not keep the server idle while it prints. An error
 * thrown by `report` comes out of the next `add` or of `finish`.
 */
class LateReporter {
  private queue: BlockRun[] = [];
  private scheduled = false;
  private failed = false;
  private failure: unknown;
  private drained: (() => void) | undefined;

  constructor(private readonly report: (run: BlockRun) => void) {}

  add(run: BlockRun): void {
    this.rethrow();
    this.queue.push(run);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /** Once every run added has been reported. */
  async finish(): Promise<void> {
    if (this.scheduled) await new Promise<void>((resolve) => (this.drained = resolve));
    this.rethrow();
  }

  private drain(): void {
    this.scheduled = false;
    const runs = this.queue;
    this.queue = [];
    try {
      for (const run of runs) this.report(run);
    } catch (error) {
      if (!this.failed) {
        this.failed = true;
        this.failure = error;
      }
    }
    this.drained?.();
  }

  private rethrow(): void {
    if (this.failed) throw this.failure;
  }
}

/**
 * Starts the blocks of `order` up to `limit` at once, each once what it chains on has settled, earliest first;
 * a block that runs alone waits for every earlier one and holds back every later one. Reports in `order`.
 */
function runConcurrently(
  file: HttpFile,
  order: readonly number[],
  dependencies: ReadonlyMap<number, readonly number[]>,
  limit: number,
  runOne: (index: number) => Promise<BlockRun>,
  report: (run: BlockRun) => void,
): Promise<void> {
  const position = new Map(order.map((index, pos) => [index, pos]));
  const unmet = new Array<number>(order.length).fill(0);
  const dependants: number[][] = order.map(() => []);
  const alone: number[] = [];
  const ready = new ReadyQueue();
  order.forEach((index, pos) => {
    if (runsAlone(file.blocks[index])) alone.push(pos);
    for (const depIndex of dependencies.get(index) ?? []) {
      const dep = position.get(depIndex);
      // A dependency outside the plan already has its result (or has none to wait for).
      if (dep === undefined || dep >= pos) continue;
      unmet[pos]++;
      dependants[dep].push(pos);
    }
    if (unmet[pos] === 0) ready.push(pos);
  });
  const done: Array<BlockRun | undefined> = new Array(order.length);
  let inFlight = 0;
  /** Every block before this position has settled and been reported (blocks settle out of order, report in order). */
  let reported = 0;
  /** The next block that runs alone and has not settled (Infinity: none left). */
  let nextAlone = 0;
  const gate = (): number => alone[nextAlone] ?? Infinity;

  return new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (inFlight < limit && ready.size > 0) {
        const pos = ready.peek()!;
        if (pos > gate() || (pos === gate() && reported < pos)) break;
        ready.pop();
        inFlight++;
        runOne(order[pos]).then((run) => {
          inFlight--;
          done[pos] = run;
          if (pos === gate()) nextAlone++;
          for (const next of dependants[pos]) if (--unmet[next] === 0) ready.push(next);
          while (reported < order.length && done[reported] !== undefined) {
            const run = done[reported]!;
            // A reported run is let go: a long run keeps only the runs still waiting for an earlier one.
            done[reported++] = undefined;
            report(run);
          }
          if (reported === order.length) resolve();
          else pump();
        }, reject);
      }
    };
    if (order.length === 0) resolve();
    else pump();
  });
}
