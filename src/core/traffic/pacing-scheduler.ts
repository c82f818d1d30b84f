// The run context's scheduler for pacing and paging (issue 12): each request is sent through `pacedSend` under
// the limits that apply to it (request directives > file directives > CLI flags, Adobe's known limits, and the
// deployed Journey configs given), and `# @paginate` follows the next pages. It remembers what shaped the run.
import type { RequestBlock } from '../http/parse-types';
import type { RequestScheduler, SendHooks } from '../http/file-runner';
import type { FilePacing } from '../http/parse-types';
import type { RequestResult, ResolvedRequest } from '../http/types';
import { EndpointMatcher } from '../journey/matcher';
import type { CappingConfig, ThrottlingConfig } from '../journey/types';
import { pacedSend, PacingSession, type PacingSessionOptions } from './paced-send';
import { resolvePacing, type PacingRequest } from './limits';

export interface PacingSchedulerOptions extends PacingSessionOptions {
  /** `--rate`, `--concurrency`, `--ignore-limits`. */
  cli?: PacingRequest;
  /** The file's `# @rate` / `# @concurrency` / `# @no-limits` above its first request. */
  file?: FilePacing;
  /** Deployed Journey configs of the sandbox, fetched once per run by the adapter. */
  capping?: readonly CappingConfig[];
  throttling?: readonly ThrottlingConfig[];
  /** Shared by every file of a run, so limits hold across files. */
  session?: PacingSession;
}

/** A result with every page when the request asked for `# @paginate`. */
export interface PagedResult extends RequestResult {
  pages?: RequestResult[];
}

export class PacingScheduler implements RequestScheduler {
  readonly session: PacingSession;
  private readonly matcher: EndpointMatcher | undefined;
  /** Descriptions of every limit that applied to some request, in first-seen order. */
  private readonly shaped = new Set<string>();

  constructor(private readonly options: PacingSchedulerOptions = {}) {
    this.session = options.session ?? new PacingSession(options);
    const configs = (options.capping?.length ?? 0) + (options.throttling?.length ?? 0);
    this.matcher = configs > 0 ? new EndpointMatcher(options.capping ?? [], options.throttling ?? []) : undefined;
  }

  /** One line per limit that shaped the run (Journey config, known limit, directive); empty when none did. */
  get shapedBy(): string[] {
    return [...this.shaped];
  }

  /** Drops whatever still waits for its turn. */
  cancel(): void {
    this.session.cancel();
  }

  async schedule(
    request: ResolvedRequest,
    send: (hooks?: SendHooks) => Promise<RequestResult>,
    info: { block: RequestBlock; signal?: AbortSignal; sendAs?: (request: ResolvedRequest, hooks?: SendHooks) => Promise<RequestResult> },
  ): Promise<RequestResult> {
    const o = request.options;
    const pacing = resolvePacing({
      method: request.method,
      url: request.url,
      matcher: this.matcher,
      request: { rate: o.rate, concurrency: o.concurrency, noLimits: o.noLimits },
      file: this.options.file,
      cli: this.options.cli,
    });
    for (const source of pacing.sources) this.shaped.add(source.description);
    // The first page goes through `send` (the file runner's own path); next pages, when asked for, through `sendAs`.
    const sender = { send: (one: ResolvedRequest, hooks?: SendHooks) => (one === request || !info.sendAs ? send(hooks) : info.sendAs(one, hooks)) };
    const paginate = o.paginate && info.sendAs ? o.paginate : undefined;
    const paced = await pacedSend(this.session, sender, { request, pacing, paginate, signal: info.signal });
    if (!paced.pages || paced.pages.length <= 1) return paced.result;
    const result: PagedResult = { ...paced.result, pages: paced.pages };
    return result;
  }
}
