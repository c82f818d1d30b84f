// The run context's scheduler for pacing and paging (issue 12): each request is sent through `pacedSend` under
// the limits that apply to it (request directives > file directives > CLI flags, Adobe's known limits, and the
// deployed Journey configs given), and `# @paginate` follows the next pages. It remembers what shaped the run.
import type { RequestBlock } from '../http/parse-types';
import type { RequestScheduler, SendHooks } from '../http/file-runner';
import type { FilePacing } from '../http/parse-types';
import type { RequestResult, ResolvedRequest } from '../http/types';
import { EndpointMatcher } from '../journey/matcher';
import type { CappingConfig, ThrottlingConfig } from '../journey/types';
import { laterWrites, pacedSend, PacingSession, type PacingSessionOptions } from './paced-send';
import type { JourneyLimitsLoad, JourneyLimitsLoader } from './journey-limits';
import { pacingKey, resolvePacing, type Pacing, type PacingRequest } from './limits';

export interface PacingSchedulerOptions extends PacingSessionOptions {
  /** `--rate`, `--concurrency`, `--ignore-limits`. */
  cli?: PacingRequest;
  /** The file's `# @rate` / `# @concurrency` / `# @no-limits` above its first request. */
  file?: FilePacing;
  /** Deployed Journey configs of the sandbox, already fetched by the adapter. */
  capping?: readonly CappingConfig[];
  throttling?: readonly ThrottlingConfig[];
  /**
   * Reads the deployed configs when the first request not opted out is about to be sent (the default for a run
   * with credentials); shared by every file of the run so they are read once.
   */
  journey?: JourneyLimitsLoader;
  /**
   * Shared by every file of a run, so limits hold across files (or by every send of an editor window). Its owner
   * cancels it; `cancel()` here then leaves it alone (a send drops its own waiting requests through its signal).
   */
  session?: PacingSession;
  /**
   * The most requests the caller ever has in flight through this scheduler (a file run's concurrency, files one
   * after another): a cap alone (no rate) at least that high can never hold a request back, so none is queued for it.
   */
  inFlightAtMost?: number;
  /** Told how each request is paced, as resolved, before it waits for its turn (a progress line). */
  onResolved?: (pacing: Pacing) => void;
  /**
   * With a session shared beyond one run (the editor's window): pacing that only the user's own directives set
   * (`# @rate`, `# @concurrency`) is shared by the sends of this scope alone (the editor: one file), so two files'
   * `# @rate 1/s` do not hold each other back. Limits from outside the file (a Journey config, Adobe's known
   * limits) stay shared by every send of the session.
   */
  keyScope?: string;
}

/** A result with every page when the request asked for `# @paginate`. */
export interface PagedResult extends RequestResult {
  pages?: RequestResult[];
}

export class PacingScheduler implements RequestScheduler {
  readonly session: PacingSession;
  private readonly ownsSession: boolean;
  private matcher: EndpointMatcher | undefined;
  /** What the lazy Journey read gave, once it ran. */
  private journeyLoad: JourneyLimitsLoad | undefined;
  private journeyReady: Promise<void> | undefined;
  /** The lazy Journey read has finished (every later request skips waiting for it). */
  private journeyDone = false;
  /** Descriptions of every limit that applied to some request, in first-seen order. */
  private readonly shaped = new Set<string>();
  /**
   * Pacing by URL authority, for requests without their own directives when no Journey config is given: then
   * nothing but the host decides it, and a 1,000-request run resolves it once per host.
   */
  private readonly byAuthority = new Map<string, Pacing>();
  /** The last request's `scheme://authority` as written, and its pacing. */
  private lastOrigin: { prefix: string; pacing: Pacing } | undefined;

  constructor(private readonly options: PacingSchedulerOptions = {}) {
    this.session = options.session ?? new PacingSession(options);
    this.ownsSession = options.session === undefined;
    const configs = (options.capping?.length ?? 0) + (options.throttling?.length ?? 0);
    this.matcher = configs > 0 ? new EndpointMatcher(options.capping ?? [], options.throttling ?? []) : undefined;
  }

  /** One line per limit that shaped the run (Journey config, known limit, directive); empty when none did. */
  get shapedBy(): string[] {
    return [...this.shaped];
  }

  /**
   * Why Journey limits did not shape the run, when they could have (one line for the summary); undefined when a
   * Journey config paced some request, or when Journey limits were never in question.
   */
  get journeyNote(): string | undefined {
    if ([...this.shaped].some((s) => s.startsWith('capping config') || s.startsWith('throttling config'))) return undefined;
    if (this.options.cli?.noLimits) return 'not paced by Journey limits (--ignore-limits)';
    const load = this.journeyLoad;
    if (!load) return undefined;
    if (load.status === 'unavailable') return 'not paced by Journey limits: their configs could not be read (see the warning above)';
    return `not paced by Journey limits: no deployed capping or throttling config of sandbox ${load.sandbox} covers these requests`;
  }

  private async loadJourney(loader: JourneyLimitsLoader): Promise<void> {
    const load = await loader();
    this.journeyLoad = load;
    this.journeyDone = true;
    if (load.status !== 'loaded') return;
    const capping = [...(this.options.capping ?? []), ...load.configs.capping];
    const throttling = [...(this.options.throttling ?? []), ...load.configs.throttling];
    if (capping.length + throttling.length > 0) this.matcher = new EndpointMatcher(capping, throttling);
  }

  /** Drops whatever still waits for its turn, when the session is this scheduler's own (see `session`). */
  cancel(): void {
    if (this.ownsSession) this.session.cancel();
  }

  schedule(
    request: ResolvedRequest,
    send: (hooks?: SendHooks) => Promise<RequestResult>,
    info: { block: RequestBlock; signal?: AbortSignal; sendAs?: (request: ResolvedRequest, hooks?: SendHooks) => Promise<RequestResult> },
  ): Promise<RequestResult> {
    const o = request.options;
    const noLimits = o.noLimits ?? this.options.file?.noLimits ?? this.options.cli?.noLimits ?? false;
    // Not an async function: once the Journey read is done, the send's own promise is returned as it is.
    if (!noLimits && this.options.journey && !this.journeyDone) {
      return (this.journeyReady ??= this.loadJourney(this.options.journey)).then(() => this.scheduleNow(request, send, info));
    }
    return this.scheduleNow(request, send, info);
  }

  private scheduleNow(
    request: ResolvedRequest,
    send: (hooks?: SendHooks) => Promise<RequestResult>,
    info: { block: RequestBlock; signal?: AbortSignal; sendAs?: (request: ResolvedRequest, hooks?: SendHooks) => Promise<RequestResult> },
  ): Promise<RequestResult> {
    const o = request.options;
    let pacing = this.pacingOf(request);
    this.options.onResolved?.(pacing);
    for (const source of pacing.sources) this.shaped.add(source.description);
    const most = this.options.inFlightAtMost;
    // Only a cap alone: a pacer with windows is shared by key with runs that may have more in flight.
    if (most !== undefined && pacing.windows.length === 0 && pacing.concurrency !== undefined && pacing.concurrency >= most) pacing = { ...pacing, concurrency: undefined, limits: [], key: 'none' };
    const paginate = o.paginate && info.sendAs ? o.paginate : undefined;
    // A later write elsewhere (a redirect hop) is judged by its own method + URL, like a request of this file.
    const pacingOf = (method: string, url: string): Pacing => (method === request.method && url === request.url ? pacing : this.pacingOf({ ...request, method, url }));
    // Nothing holds this request back (the common case): straight to the wire, later writes still paced.
    if (!paginate && !this.session.isCancelled && this.session.pacerFor(pacing) === undefined) return send({ nextWrite: laterWrites(this.session, pacingOf) });
    // The first page goes through `send` (the file runner's own path); next pages, when asked for, through `sendAs`.
    const sender = { send: (one: ResolvedRequest, hooks?: SendHooks) => (one === request || !info.sendAs ? send(hooks) : info.sendAs(one, hooks)) };
    return pacedSend(this.session, sender, { request, pacing, pacingOf, paginate, signal: info.signal }).then((paced) => {
      if (!paced.pages || paced.pages.length <= 1) return paced.result;
      const result: PagedResult = { ...paced.result, pages: paced.pages };
      return result;
    });
  }

  private pacingOf(request: ResolvedRequest): Pacing {
    const o = request.options;
    const resolve = (): Pacing => {
      const pacing = resolvePacing({
        method: request.method,
        url: request.url,
        matcher: this.matcher,
        request: { rate: o.rate, concurrency: o.concurrency, noLimits: o.noLimits },
        file: this.options.file,
        cli: this.options.cli,
      });
      const scope = this.options.keyScope;
      if (scope === undefined || !pacing.limits?.some((l) => l.kind === 'directive')) return pacing;
      // The file's own directives are this scope's budget; a Journey config's or Adobe's stays the session's.
      const limits = pacing.limits.map((l) => (l.kind === 'directive' ? { ...l, key: `${l.key}@${scope}` } : l));
      return { ...pacing, limits, key: pacingKey(limits) };
    };
    if (this.matcher || o.rate !== undefined || o.concurrency !== undefined || o.noLimits !== undefined) return resolve();
    // Most requests of a file share their origin with the one before: one prefix check instead of a parse.
    const last = this.lastOrigin;
    if (last && request.url.startsWith(last.prefix) && endsAuthority(request.url, last.prefix.length)) return last.pacing;
    const authority = authorityOf(request.url);
    if (authority === undefined) return resolve();
    let pacing = this.byAuthority.get(authority);
    if (!pacing) {
      pacing = resolve();
      this.byAuthority.set(authority, pacing);
    }
    this.lastOrigin = { prefix: request.url.slice(0, authority.length), pacing };
    return pacing;
  }
}

/** `scheme://host:port` of an absolute URL, lower-cased (http and https differ); undefined otherwise. */
function authorityOf(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0].toLowerCase();
}

/** Whether the authority of `url` ends at `at` (the URL goes on with a path, query or fragment, or ends). */
function endsAuthority(url: string, at: number): boolean {
  const c = url.charCodeAt(at);
  return Number.isNaN(c) || c === 47 || c === 63 || c === 35; // end, / ? #
}

/** The run's pacing summary: which limits shaped it, and why Journey limits did not when they could have. */
export function pacingSummary(schedulers: readonly PacingScheduler[]): string[] {
  const shapedBy = [...new Set(schedulers.flatMap((s) => s.shapedBy))];
  const lines = shapedBy.length > 0 ? [`paced by: ${shapedBy.join('; ')}`] : [];
  const journeyShaped = shapedBy.some((s) => s.startsWith('capping config') || s.startsWith('throttling config'));
  const note = journeyShaped ? undefined : schedulers.map((s) => s.journeyNote).find((n) => n !== undefined);
  if (note) lines.push(note);
  return lines;
}
