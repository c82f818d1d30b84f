// Runs the requests of a parsed `.http` file in order: every request, or the named ones plus the requests
// their chains need, each at most once, feeding every result back for `{{name.response…}}` chaining.
import { describeError, redactUrl } from '../log/redact';
import type { HttpFile, RequestBlock } from './parse-types';
import { blockIndexByName, planRun, resolveRequest } from './resolve';
import type { RequestError, RequestResult, ResolvedRequest } from './types';
import { ResolveError, type ResolveContext } from './variables';
import { checkAssertions, type AssertionOutcome } from '../testing/assertions';
import { expectedResolver } from '../testing/expected-values';

/** Sends one request; the HttpRunner (or a fake). */
export interface RequestSender {
  /** `onSent`: told when the request is handed to the socket (pacing counts that moment, not the release). */
  send(request: ResolvedRequest, options?: { signal?: AbortSignal; onSent?: () => void }): Promise<RequestResult>;
}

export interface SendHooks {
  onSent?: () => void;
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
  onSettled?: ResultHook;
  /** Told as each request finishes, for streaming output. */
  onResult?: (run: BlockRun) => void;
}

export interface BlockRun {
  block: RequestBlock;
  result: RequestResult;
  /** Whether the request went to the sender (false: unresolved, invalid, or cancelled before its turn). */
  sent: boolean;
  /** The block's `?? …` assertions, checked when a response came back; absent when it has none or got no response. */
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

/** A request that never reached the sender; its template URL is shown redacted, as sent ones are. */
function notSent(block: RequestBlock, error: RequestResult['error']): RequestResult {
  return { request: { method: block.request.method, url: redactUrl(block.request.url), headers: [] }, error };
}

/**
 * Runs the selected requests one after another, dependencies first. A request that fails does not stop the
 * others (those chained on it report the missing value); a cancel stops everything not yet sent.
 */
export async function runHttpFile(file: HttpFile, sender: RequestSender, options: FileRunOptions = {}): Promise<BlockRun[]> {
  const indices = options.indices ?? selectBlocks(file, options.names).indices;
  const results = options.results ?? new Map<string, RequestResult>();
  const satisfied = options.reuseResults ? (index: number) => { const name = file.blocks[index]?.name; return name !== undefined && results.has(name); } : undefined;
  const plan = planRun(file, indices, satisfied);
  const context: ResolveContext = { ...options.context, results };
  const signal = options.signal;
  const runs: BlockRun[] = [];
  const finish = async (run: BlockRun): Promise<void> => {
    await options.onSettled?.(run);
    runs.push(run);
    options.onResult?.(run);
  };
  for (const index of plan.order) {
    const block = file.blocks[index];
    if (signal?.aborted) {
      await finish({ block, result: notSent(block, { kind: 'aborted', message: 'Cancelled before it was sent.' }), sent: false });
      continue;
    }
    let request: ResolvedRequest | undefined;
    let failure: RequestError | undefined;
    try {
      request = await resolveRequest(file, index, context);
    } catch (error) {
      // Whatever stops one request from resolving (a token IMS refused, a file) stops that request only.
      failure = error instanceof ResolveError ? error.toRequestError() : { kind: 'invalid-request', message: `Not sent: ${describeError(error)}` };
    }
    const sent = request !== undefined;
    let result: RequestResult;
    if (request) {
      const resolved = request;
      const send = (hooks?: SendHooks): Promise<RequestResult> => sender.send(resolved, { signal, onSent: hooks?.onSent });
      const sendAs = (other: ResolvedRequest, hooks?: SendHooks): Promise<RequestResult> => sender.send(other, { signal, onSent: hooks?.onSent });
      result = options.scheduler ? await options.scheduler.schedule(resolved, send, { block, signal, sendAs }) : await send();
    } else result = notSent(block, failure);
    if (block.name !== undefined) results.set(block.name, result);
    const assertions = result.response && block.assertions.length > 0
      ? await checkAssertions(block.assertions, result.response, expectedResolver(file, block, context))
      : undefined;
    await finish(assertions ? { block, result, sent, assertions } : { block, result, sent });
  }
  // Requests caught in a chain loop are never sent; say so instead of skipping them silently.
  const planned = new Set(plan.order);
  for (const index of indices) {
    if (planned.has(index)) continue;
    const block = file.blocks[index];
    await finish({ block, result: notSent(block, { kind: 'unresolved-variable', message: `Not sent: requests chain on each other in a loop (${plan.cycles.join(', ')}).` }), sent: false });
  }
  return runs;
}
