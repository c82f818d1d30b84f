// Which pacing a request gets: the deployed Journey capping/throttling config that covers its method + URL
// (unless opted out), the user's `# @rate` / `# @concurrency` (request > file > CLI flags), and the limits
// Adobe publishes for an API (CJA), when the user set none. Every limit that applies is enforced: the
// stricter one always wins because the pacer checks all windows.
import { cappingLimits } from '../journey/limits';
import { EndpointMatcher } from '../journey/matcher';
import type { CappingConfig, ThrottlingConfig } from '../journey/types';
import { describeRate, type RateWindow } from './pacer';

/** Pacing asked for at one level: a request's directives, the file's, or the CLI's flags. */
export interface PacingRequest {
  rate?: RateWindow;
  concurrency?: number;
  /** `# @no-limits` / `--ignore-limits`: Journey limits are not applied (429 answers are still waited out). */
  noLimits?: boolean;
}

export interface LimitSource {
  kind: 'capping' | 'throttling' | 'known' | 'directive';
  /** The config's uid for Journey limits. */
  uid?: string;
  description: string;
}

/**
 * One limit a request is under. Every request under a limit with the same key takes slots of the same budget,
 * whatever other limits apply to it: a capping config's calls are counted together whether or not some of them
 * also carry a `# @rate`.
 */
export interface PacingLimit {
  key: string;
  kind: LimitSource['kind'];
  windows: RateWindow[];
  concurrency?: number;
}

export interface Pacing {
  /** Every window of every limit (the pacer keeps each). */
  windows: RateWindow[];
  /** The lowest concurrency cap of all limits. */
  concurrency?: number;
  /** Requests with the same key share one pacer (the same combination of limits). */
  key: string;
  /** The limits one by one (see PacingLimit); when absent, the windows and cap are one limit of their own under `key`. */
  limits?: PacingLimit[];
  sources: LimitSource[];
  /** One line for the response view / summary; empty when nothing paces the request. */
  description: string;
}

/** Limits Adobe publishes for APIs the user may call, by host (adobe-apis.md §5). */
export interface KnownLimit {
  name: string;
  hosts: string[];
  windows: RateWindow[];
  concurrency?: number;
  description: string;
}

/**
 * Adobe counts a published limit's calls when they arrive, after a trip through the internet and its gateway: a
 * call written on time can arrive late and a later one early, packing a window that the writes kept. A known
 * limit's windows are kept this much longer than published (5 % of the period, at least 250 ms), a small price
 * against a 429 that costs a whole Retry-After.
 */
export function withArrivalMargin(window: RateWindow): RateWindow {
  return { count: window.count, windowMs: window.windowMs + Math.max(250, window.windowMs * 0.05) };
}

export const CJA_LIMITS: KnownLimit = {
  name: 'cja',
  hosts: ['cja.adobe.io'],
  // The FAQ's per-user limit and the reporting docs' per-org limit disagree: both are applied.
  windows: [{ count: 12, windowMs: 6000 }, { count: 60, windowMs: 60_000 }],
  concurrency: 6,
  description: 'CJA limits: 12 calls / 6 s per user, 60 calls / 1 min and ≤ 6 concurrent per org',
};

export interface ResolveInput {
  method: string;
  url: string;
  /** The active sandbox's capping configs and the org's throttling configs (only live ones count). */
  capping?: readonly CappingConfig[];
  throttling?: readonly ThrottlingConfig[];
  /** A matcher already compiled over the same configs (compiling once per run is cheaper). */
  matcher?: EndpointMatcher;
  request?: PacingRequest;
  file?: PacingRequest;
  cli?: PacingRequest;
  known?: readonly KnownLimit[];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

const connections = (n: number | null | undefined): string => (n === null || n === undefined ? '' : `, ≤ ${n} connection${n === 1 ? '' : 's'}`);

export function resolvePacing(input: ResolveInput): Pacing {
  const windows: RateWindow[] = [];
  const sources: LimitSource[] = [];
  const limits: PacingLimit[] = [];
  let concurrency: number | undefined;
  const limit = (key: string, kind: PacingLimit['kind'], w: RateWindow[]): void => {
    windows.push(...w);
    limits.push({ key, kind, windows: w });
  };
  const cap = (key: string, kind: PacingLimit['kind'], n: number | null | undefined): void => {
    if (n === null || n === undefined || !(n > 0)) return;
    concurrency = concurrency === undefined ? n : Math.min(concurrency, n);
    limits.push({ key: `${key}:connections:${n}`, kind, windows: [], concurrency: n });
  };

  const noLimits = input.request?.noLimits ?? input.file?.noLimits ?? input.cli?.noLimits ?? false;
  if (!noLimits && ((input.capping?.length ?? 0) > 0 || (input.throttling?.length ?? 0) > 0 || input.matcher)) {
    const matcher = input.matcher ?? new EndpointMatcher(input.capping ?? [], input.throttling ?? []);
    const match = matcher.match({ method: input.method, url: input.url });
    const capping = match.effectiveCapping;
    if (capping?.live) {
      const live = capping.live;
      const rate = { count: live.maxCallsCount, windowMs: live.periodInMs };
      // The live values are part of the key: a config redeployed with another rate gets a budget of its own.
      const key = `capping:${capping.config.uid}:${capping.service}`;
      limit(`${key}:${live.maxCallsCount}/${live.periodInMs}`, 'capping', [rate]);
      cap(key, 'capping', live.maxHttpConnections);
      // Named by the URL it covers as deployed (capping configs have no name; the uid means nothing to a reader).
      const url = cappingLimits(capping.config).live?.url || capping.config.url;
      sources.push({ kind: 'capping', uid: capping.config.uid, description: `capping config ${url} (${describeRate(rate)}${connections(live.maxHttpConnections)})` });
    }
    const throttling = match.effectiveThrottling;
    if (throttling) {
      const rate = { count: throttling.maxThroughput, windowMs: 1000 };
      limit(`throttling:${throttling.config.uid}:${throttling.maxThroughput}`, 'throttling', [rate]);
      const name = throttling.config.name?.trim() || throttling.config.urlPattern;
      sources.push({ kind: 'throttling', uid: throttling.config.uid, description: `throttling config ${name} (${describeRate(rate)}, FIFO)` });
    }
  }

  // The user's own pacing: the nearest level that sets each value wins.
  const levels: Array<[string, PacingRequest | undefined]> = [['this request', input.request], ['this file', input.file], ['command line', input.cli]];
  const rateLevel = levels.find(([, p]) => p?.rate !== undefined);
  const concurrencyLevel = levels.find(([, p]) => p?.concurrency !== undefined && p.concurrency > 0);
  if (rateLevel) {
    const rate = rateLevel[1]!.rate!;
    limit(`rate:${rate.count}/${rate.windowMs}`, 'directive', [rate]);
    sources.push({ kind: 'directive', description: `rate ${describeRate(rateLevel[1]!.rate!)} (${rateLevel[0]})` });
  }
  if (concurrencyLevel) {
    cap('directive', 'directive', concurrencyLevel[1]!.concurrency);
    sources.push({ kind: 'directive', description: `concurrency ≤ ${concurrencyLevel[1]!.concurrency} (${concurrencyLevel[0]})` });
  }

  // Adobe's published limits, unless the user paced the request themselves.
  if (!rateLevel) {
    const host = hostOf(input.url);
    const known = (input.known ?? [CJA_LIMITS]).find((k) => host !== undefined && k.hosts.includes(host));
    if (known) {
      limit(`known:${known.name}`, 'known', known.windows.map(withArrivalMargin));
      if (!concurrencyLevel) cap(`known:${known.name}`, 'known', known.concurrency);
      sources.push({ kind: 'known', description: known.description });
    }
  }

  return {
    windows,
    concurrency,
    key: pacingKey(limits),
    limits,
    sources,
    description: sources.map((s) => s.description).join('; '),
  };
}

/** The key of a combination of limits (requests with the same one share a pacer). */
export function pacingKey(limits: readonly PacingLimit[]): string {
  return limits.length > 0 ? limits.map((l) => l.key).join('|') : 'none';
}
