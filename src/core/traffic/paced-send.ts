// The seam between the pacing core and the runners: one PacingSession per run holds a budget per limit and a
// pacer per combination of limits, so every request under the same Journey config / CJA org / user rate shares
// one budget, whatever else applies to it. `pacedSend` is
// what Send All and `aio-requests run` call instead of the runner's `send` once they are wired to it.
import type { Clock } from '../ports';
import type { RequestResult, ResolvedRequest } from '../http/types';
import { Limit, monotonicClock, Pacer, PacingCancelled, type NextWrite, type SleepPort } from './pacer';
import { followPages, type FollowResult, type PageAnswer } from './paging';
import { resolvePacing, type Pacing, type ResolveInput } from './limits';

export interface RequestSender {
  /**
   * `onAnswered` is called when the first write's answer is in (the HttpRunner does); pacing counts the call then,
   * or when the send settles if nobody calls it. `nextWrite` is asked before every later write (a retry, a redirect
   * hop): each takes a slot of its own, counted when its own answer is in.
   */
  send(request: ResolvedRequest, options?: { signal?: AbortSignal; onAnswered?: () => void; nextWrite?: NextWrite }): Promise<RequestResult>;
}

export interface PacingSessionOptions {
  clock?: Clock;
  sleep?: SleepPort;
  /** Told when a request has to wait for its pacing (e.g. progress "paced by capping config …"). */
  onPaced?: (event: { request: ResolvedRequest; pacing: Pacing; waiting: number }) => void;
}

export class PacingSession {
  private readonly pacers = new Map<string, Pacer>();
  /** Each limit's budget, by its key: shared by every pacer whose combination of limits includes it. */
  private readonly limits = new Map<string, Limit>();
  private cancelled = false;
  /** Pacers there may be before idle ones are let go (see sweep). */
  private sweepAt = 64;

  constructor(private readonly options: PacingSessionOptions = {}) {}

  /**
   * The pacer for this combination of limits, shared with every earlier request that had the same key. Its limits
   * are the session's: a limit in several combinations (a capping config, with and without a `# @rate`) is one
   * budget for all of them.
   */
  pacerFor(pacing: Pacing): Pacer | undefined {
    if (pacing.windows.length === 0 && pacing.concurrency === undefined) return undefined;
    let pacer = this.pacers.get(pacing.key);
    if (!pacer) {
      if (this.pacers.size >= this.sweepAt) this.sweep();
      const specs = pacing.limits ?? [{ key: pacing.key, kind: 'directive' as const, windows: pacing.windows, concurrency: pacing.concurrency }];
      pacer = new Pacer({
        limits: specs.map((spec) => {
          let limit = this.limits.get(spec.key);
          if (!limit) {
            limit = new Limit(spec.windows, spec.concurrency);
            this.limits.set(spec.key, limit);
          }
          return limit;
        }),
        clock: this.options.clock,
        sleep: this.options.sleep,
      });
      if (this.cancelled) pacer.cancel();
      this.pacers.set(pacing.key, pacer);
    }
    return pacer;
  }

  /**
   * A session can last as long as the editor's window, and every file, directive value and redeployed config
   * makes new keys: pacers with nothing waiting or in flight are let go (what they know of past calls is in their
   * limits), and so are limits no pacer uses whose windows have emptied. Forgetting those loses nothing: a new one
   * starts from the same empty state. Run when the count doubles, so the sweeps cost a constant per pacer made.
   */
  private sweep(): void {
    const now = (this.options.clock ?? monotonicClock).now();
    for (const [key, pacer] of this.pacers) {
      if (!pacer.idle) continue;
      pacer.detach();
      this.pacers.delete(key);
    }
    for (const [key, limit] of this.limits) if (limit.pacers.length === 0 && limit.quiet(now)) this.limits.delete(key);
    this.sweepAt = Math.max(64, this.pacers.size * 2);
  }

  /** Pacers and limits held now (for tests). */
  get size(): { pacers: number; limits: number } {
    return { pacers: this.pacers.size, limits: this.limits.size };
  }

  /** Cancel: whatever is still queued is never sent (each answers as aborted); requests in flight finish. */
  cancel(): void {
    this.cancelled = true;
    for (const pacer of this.pacers.values()) pacer.cancel();
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  notify(request: ResolvedRequest, pacing: Pacing, pacer: Pacer): void {
    this.options.onPaced?.({ request, pacing, waiting: pacer.waiting });
  }
}

export interface PacedSendInput {
  request: ResolvedRequest;
  /** How the request is paced (see resolvePacing); computed from `limits` when absent. */
  pacing?: Pacing;
  /** Everything resolvePacing needs besides method and URL (configs, directives, CLI flags). */
  limits?: Omit<ResolveInput, 'method' | 'url'>;
  /**
   * The pacing of a later write to another method or URL (a redirect hop elsewhere); from `limits` when absent,
   * else the request's own pacing for its own origin and Adobe's known limits elsewhere.
   */
  pacingOf?: (method: string, url: string) => Pacing;
  /** `# @paginate [max=N]`: follow the API's paging, each page paced like the first. */
  paginate?: { maxPages?: number };
  signal?: AbortSignal;
}

export interface PacedResult {
  /** The first page's result (the only one without paging). */
  result: RequestResult;
  /** Every page in order, when paging was asked for. */
  pages?: RequestResult[];
  paging?: Omit<FollowResult<PageAnswer>, 'pages'>;
  /** What shaped the request, for the response view / summary; empty when nothing did. */
  pacedBy: string;
}

const cancelledResult = (request: ResolvedRequest): RequestResult => ({
  request: { method: request.method, url: request.url, headers: [] },
  error: { kind: 'aborted', message: 'Not sent: the run was cancelled while this request waited for its turn.' },
});

function answerOf(result: RequestResult): PageAnswer & { result: RequestResult } {
  const response = result.response;
  if (!response) return { status: 0, headers: {}, result };
  const headers: Record<string, string[]> = {};
  for (const [name, value] of response.headers) (headers[name.toLowerCase()] ??= []).push(value);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(response.body).toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: response.status, headers, json, result };
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Every write after the first (429 and 401 retries, redirect hops) takes a slot of the windows its own method + URL fall under. */
export function laterWrites(session: PacingSession, pacingOf: (method: string, url: string) => Pacing): NextWrite {
  return async (method, url, signal) => {
    const next = session.pacerFor(pacingOf(method, url));
    return next?.hasWindows ? next.slot(signal) : undefined;
  };
}

/** Sends one request (and its next pages) under its pacing. */
export function pacedSend(session: PacingSession, sender: RequestSender, input: PacedSendInput): Promise<PacedResult> {
  const { request } = input;
  const pacing = input.pacing ?? resolvePacing({ ...input.limits, method: request.method, url: request.url });
  if (session.isCancelled) return Promise.resolve({ result: cancelledResult(request), pacedBy: pacing.description });
  const pacingOf = input.pacingOf ?? ((method: string, url: string): Pacing => {
    if (input.limits) return resolvePacing({ ...input.limits, method, url });
    return originOf(url) === originOf(request.url) ? pacing : resolvePacing({ method, url });
  });
  const nextWrite = laterWrites(session, pacingOf);
  const sendOne = (url: string): Promise<RequestResult> => {
    const one = url === request.url ? request : { ...request, url };
    // Asked at each send, never kept: an idle pacer may be let go between pages (see PacingSession.sweep).
    const pacer = session.pacerFor(pacing);
    if (!pacer) return sender.send(one, { signal: input.signal, nextWrite });
    if (pacer.waiting > 0 || pacer.inFlight > 0) session.notify(one, pacing, pacer);
    return pacer
      .run((answered) => sender.send(one, { signal: input.signal, onAnswered: pacer.hasWindows ? answered : undefined, nextWrite }), input.signal)
      .catch((error: unknown) => {
        if (error instanceof PacingCancelled) return cancelledResult(one);
        throw error;
      });
  };
  // One page (the common case): no async frame of its own, the send's promise with the result wrapped.
  if (!input.paginate) return sendOne(request.url).then((result) => ({ result, pacedBy: pacing.description }));
  return followPages(request.url, async (url) => answerOf(await sendOne(url)), {
    maxPages: input.paginate.maxPages,
    signal: input.signal,
  }).then((followed) => {
    // A page that could not be sent (network error, cancel) has status 0 and ends the run as an error status.
    const pages = followed.pages.map((p) => p.response.result);
    return { result: pages[0]!, pages, paging: { stop: followed.stop, style: followed.style }, pacedBy: pacing.description };
  });
}
