// Which capping and throttling configs apply to a concrete call (method + URL), and the effective limit
// when several overlap: the strictest live one wins. Patterns are compiled once per matcher.
import { CAPPING_SERVICES, callsPerSecond, cappingLimits, throttlingIsLive, type CappingLimits, type ServiceLimit } from './limits';
import type { CappingConfig, CappingServiceName, ThrottlingConfig } from './types';
import { compileUrlPattern, requestTarget, type CompiledUrlPattern, type RequestTarget } from './url-pattern';

export interface CappingMatch {
  kind: 'capping';
  config: CappingConfig;
  service: CappingServiceName;
  /** The enforced limit; undefined when the config is not deployed (it does not apply yet). */
  live?: ServiceLimit;
  /** The limit as edited, when it differs from the live one or nothing is live. */
  pending?: ServiceLimit;
}

export interface ThrottlingMatch {
  kind: 'throttling';
  config: ThrottlingConfig;
  live: boolean;
  maxThroughput: number;
}

export interface MatchResult {
  capping: CappingMatch[];
  throttling: ThrottlingMatch[];
  /** The strictest live capping limit (per service asked for), if any. */
  effectiveCapping?: CappingMatch;
  /** The strictest live throttling config, if any (custom actions only). */
  effectiveThrottling?: ThrottlingMatch;
}

export interface MatchQuery {
  method: string;
  url: string;
  /** Which kind of call: an external data source, a custom action, or either (default). */
  service?: CappingServiceName;
}

interface Side {
  url: CompiledUrlPattern | undefined;
  methods: Set<string>;
}

interface CompiledCapping {
  config: CappingConfig;
  limits: CappingLimits;
  live?: Side;
  pending: Side;
}

function side(url: unknown, methods: unknown): Side {
  return {
    url: typeof url === 'string' ? compileUrlPattern(url) : undefined,
    methods: new Set(Array.isArray(methods) ? methods.map((m) => String(m).toUpperCase()) : []),
  };
}

const hits = (s: Side | undefined, method: string, target: RequestTarget): boolean => s?.url !== undefined && s.methods.has(method) && s.url.matches(target);

/** Entries by the hosts their patterns name, so a lookup only tries the configs of the request's host. */
function byHost<T>(entries: readonly T[], hostsOf: (entry: T) => Array<string | undefined>): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const entry of entries) {
    for (const host of new Set(hostsOf(entry))) {
      if (host === undefined) continue;
      let list = index.get(host);
      if (!list) index.set(host, (list = []));
      list.push(entry);
    }
  }
  return index;
}

export class EndpointMatcher {
  private readonly capping: Map<string, CompiledCapping[]>;
  private readonly throttling: Map<string, Array<{ config: ThrottlingConfig; side: Side }>>;

  constructor(capping: readonly CappingConfig[], throttling: readonly ThrottlingConfig[] = []) {
    const compiled = capping.map((config): CompiledCapping => {
      const limits = cappingLimits(config);
      return {
        config,
        limits,
        live: limits.live ? side(limits.live.url, limits.live.methods) : undefined,
        pending: side(config.url, config.methods),
      };
    });
    this.capping = byHost(compiled, (e) => [e.live?.url?.pattern.host, e.pending.url?.pattern.host]);
    this.throttling = byHost(
      throttling.map((config) => ({ config, side: side(config.urlPattern, config.methods) })),
      (e) => [e.side.url?.pattern.host],
    );
  }

  match(query: MatchQuery): MatchResult {
    let url: RequestTarget;
    try {
      url = requestTarget(new URL(query.url));
    } catch {
      return { capping: [], throttling: [] };
    }
    const method = query.method.toUpperCase();
    const result: MatchResult = { capping: [], throttling: [] };
    for (const entry of this.capping.get(url.host) ?? []) {
      // The live copy is matched by its own URL and methods; an edit that changed them applies only once redeployed.
      const liveHit = hits(entry.live, method, url);
      const pendingHit = hits(entry.pending, method, url);
      if (!liveHit && !pendingHit) continue;
      for (const service of CAPPING_SERVICES) {
        if (query.service && service !== query.service) continue;
        const live = liveHit ? entry.limits.live?.limits.find((l) => l.service === service) : undefined;
        const edited = pendingHit ? entry.limits.pending.limits.find((l) => l.service === service) : undefined;
        if (!live && !edited) continue;
        const same = live && edited && live.maxCallsCount === edited.maxCallsCount && live.periodInMs === edited.periodInMs && live.maxHttpConnections === edited.maxHttpConnections;
        result.capping.push({ kind: 'capping', config: entry.config, service, live, pending: same ? undefined : edited });
      }
    }
    // Throttling applies to custom actions only.
    if (query.service !== 'dataSource') {
      for (const entry of this.throttling.get(url.host) ?? []) {
        if (!hits(entry.side, method, url)) continue;
        result.throttling.push({ kind: 'throttling', config: entry.config, live: throttlingIsLive(entry.config), maxThroughput: entry.config.maxThroughput });
      }
    }
    for (const match of result.capping) {
      if (!match.live) continue;
      if (!result.effectiveCapping || callsPerSecond(match.live) < callsPerSecond(result.effectiveCapping.live!)) result.effectiveCapping = match;
    }
    for (const match of result.throttling) {
      if (!match.live) continue;
      if (!result.effectiveThrottling || match.maxThroughput < result.effectiveThrottling.maxThroughput) result.effectiveThrottling = match;
    }
    return result;
  }
}
