// What a capping config enforces now (its deployed copy) versus what its edit would enforce once
// redeployed (the top level). Adobe keeps both after a deployed config is edited in place.
import type { CappingConfig, CappingConfigPayload, CappingServiceName, ThrottlingConfig } from './types';

export const CAPPING_SERVICES: readonly CappingServiceName[] = ['dataSource', 'action'];

export interface ServiceLimit {
  service: CappingServiceName;
  maxCallsCount: number;
  periodInMs: number;
  /** null when there is no connection limit (absent, or -1 in a deployed copy). */
  maxHttpConnections: number | null;
}

export interface CappingSide {
  url: string;
  methods: string[];
  limits: ServiceLimit[];
}

export interface CappingLimits {
  /** What is enforced now; undefined when the config is not deployed. */
  live?: CappingSide;
  /** The config as edited (top level). */
  pending: CappingSide;
  /** Whether the edit differs from what is live (false when nothing is live). */
  differs: boolean;
  /** Fields where they differ, e.g. `dataSource.maxCallsCount`, `methods`. */
  changes: string[];
}

function sideOf(config: Partial<CappingConfigPayload>): CappingSide {
  const limits: ServiceLimit[] = [];
  for (const service of CAPPING_SERVICES) {
    const s = config.services?.[service];
    if (!s || typeof s !== 'object') continue;
    const connections = s.maxHttpConnections;
    limits.push({
      service,
      maxCallsCount: Number(s.rating?.maxCallsCount),
      periodInMs: Number(s.rating?.periodInMs),
      maxHttpConnections: typeof connections === 'number' && connections >= 0 ? connections : null,
    });
  }
  return { url: String(config.url ?? ''), methods: Array.isArray(config.methods) ? [...config.methods] : [], limits };
}

/** Whether something of this config is enforced now. */
export function isLive(config: Pick<CappingConfig, 'state' | 'deployedConfig'>): boolean {
  return config.deployedConfig !== undefined || config.state === 'deployed';
}

export function cappingLimits(config: CappingConfig): CappingLimits {
  const pending = sideOf(config);
  if (!isLive(config)) return { pending, differs: false, changes: [] };
  // A deployed config straight after deploy may come without deployedConfig: then the top level is live.
  const live = config.deployedConfig ? sideOf(config.deployedConfig) : pending;
  const changes: string[] = [];
  if (live.url !== pending.url) changes.push('url');
  if ([...live.methods].sort().join() !== [...pending.methods].sort().join()) changes.push('methods');
  for (const service of CAPPING_SERVICES) {
    const a = live.limits.find((l) => l.service === service);
    const b = pending.limits.find((l) => l.service === service);
    if (!a && !b) continue;
    if (!a || !b) {
      changes.push(service);
      continue;
    }
    for (const field of ['maxCallsCount', 'periodInMs', 'maxHttpConnections'] as const) {
      if (a[field] !== b[field]) changes.push(`${service}.${field}`);
    }
  }
  return { live, pending, differs: changes.length > 0, changes };
}

/** Calls per second a limit allows (for comparing limits; lower is stricter). */
export function callsPerSecond(limit: Pick<ServiceLimit, 'maxCallsCount' | 'periodInMs'>): number {
  return (limit.maxCallsCount * 1000) / limit.periodInMs;
}

/** A throttling config is enforced once deployed; its updates apply at once (no redeploy). */
export function throttlingIsLive(config: Pick<ThrottlingConfig, 'state'>): boolean {
  return config.state === 'deployed';
}
