// Configs grouped per endpoint (normalised URL pattern) and turned into view rows: a pure model that the
// Endpoints view, the CLI and the bench share. Labels show the live limits; an edit not yet deployed shows
// as "live … → pending …".
import { callsPerSecond, cappingLimits, throttlingIsLive, type CappingLimits, type ServiceLimit } from './limits';
import type { CappingConfig, ThrottlingConfig } from './types';
import { endpointKey } from './url-pattern';

export interface EndpointGroup {
  /** Normalised URL pattern (the raw text when it does not parse). */
  endpoint: string;
  capping: CappingConfig[];
  throttling: ThrottlingConfig[];
}

/** Groups configs by endpoint, in endpoint order; configs keep their order within a group. */
export function groupByEndpoint(capping: readonly CappingConfig[], throttling: readonly ThrottlingConfig[] = []): EndpointGroup[] {
  const groups = new Map<string, EndpointGroup>();
  const groupOf = (text: unknown): EndpointGroup => {
    const endpoint = endpointKey(typeof text === 'string' ? text : '');
    let group = groups.get(endpoint);
    if (!group) groups.set(endpoint, (group = { endpoint, capping: [], throttling: [] }));
    return group;
  };
  // A deployed config sits under the endpoint it protects now, i.e. its live URL.
  for (const config of capping) groupOf(config.deployedConfig?.url ?? config.url).capping.push(config);
  for (const config of throttling) groupOf(config.urlPattern).throttling.push(config);
  return [...groups.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
}

export interface ConfigRow {
  kind: 'capping' | 'throttling';
  uid: string;
  label: string;
  description: string;
  /** Tokens for the view's contextValue, e.g. `deployable`, `undeployable`, `deletable`, `compare`. */
  capabilities: string[];
}

export interface EndpointRow {
  endpoint: string;
  label: string;
  description: string;
  configs: ConfigRow[];
  /** Adobe's platform-wide limits that apply whatever the configs say. */
  guardrails: readonly string[];
}

const numbers = new Intl.NumberFormat('en-US');
const SERVICE_NAMES = { dataSource: 'data source', action: 'action' } as const;

export function formatPeriod(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms % 3_600_000 === 0) return `${numbers.format(ms / 3_600_000)} h`;
  if (ms % 60_000 === 0) return `${numbers.format(ms / 60_000)} min`;
  if (ms % 1000 === 0 || ms > 1000) return `${numbers.format(ms / 1000)} s`;
  return `${numbers.format(ms)} ms`;
}

/** `500 calls / 1 s · ≤ 50 connections` */
function describeLimit(limit: ServiceLimit): string {
  const calls = `${numbers.format(limit.maxCallsCount)} ${limit.maxCallsCount === 1 ? 'call' : 'calls'} / ${formatPeriod(limit.periodInMs)}`;
  return limit.maxHttpConnections === null ? `${calls} · no connection limit` : `${calls} · ≤ ${numbers.format(limit.maxHttpConnections)} connections`;
}

/** `500/s`, `1,500/2 s`. */
function shortRate(limit: ServiceLimit): string {
  return limit.periodInMs === 1000 ? `${numbers.format(limit.maxCallsCount)}/s` : `${numbers.format(limit.maxCallsCount)}/${formatPeriod(limit.periodInMs)}`;
}

function stateText(config: CappingConfig, limits: CappingLimits): string {
  if (limits.differs) return 'deployed · edit pending';
  if (limits.live) return 'deployed';
  return config.hasBeenDeployed ? `${config.state ?? 'updated'} · not deployed` : (config.state ?? 'created');
}

export function cappingRow(config: CappingConfig): ConfigRow {
  const limits = cappingLimits(config);
  const shown = limits.live ?? limits.pending;
  const services = shown.limits.map((l) => `${SERVICE_NAMES[l.service]} · ${describeLimit(l)}`);
  const label = ['Capping', ...(services.length > 0 ? services : ['no service']), stateText(config, limits)].join(' · ');
  const details: string[] = [shown.methods.join(', ')];
  if (limits.differs && limits.live) {
    for (const edited of limits.pending.limits) {
      const live = limits.live.limits.find((l) => l.service === edited.service);
      const rate = live ? `live ${shortRate(live)} → pending ${shortRate(edited)}` : `pending ${shortRate(edited)} (${SERVICE_NAMES[edited.service]} not live)`;
      if (!live || callsPerSecond(live) !== callsPerSecond(edited) || live.periodInMs !== edited.periodInMs) details.push(rate);
      else if (live.maxHttpConnections !== edited.maxHttpConnections) {
        details.push(`live ≤ ${live.maxHttpConnections ?? '∞'} → pending ≤ ${edited.maxHttpConnections ?? '∞'} connections`);
      }
    }
    if (limits.changes.includes('url')) details.push(`pending URL ${limits.pending.url}`);
    if (limits.changes.includes('methods')) details.push(`pending methods ${limits.pending.methods.join(', ')}`);
  }
  const capabilities = ['deletable'];
  if (!limits.live || limits.differs) capabilities.push('deployable');
  if (limits.live) capabilities.push('undeployable');
  if (limits.differs) capabilities.push('compare');
  return { kind: 'capping', uid: config.uid, label, description: details.filter(Boolean).join(' · '), capabilities };
}

export function throttlingRow(config: ThrottlingConfig): ConfigRow {
  const live = throttlingIsLive(config);
  const state = live ? 'deployed (all sandboxes)' : `${config.state ?? 'created'} · not deployed`;
  const label = `Throttling · ${numbers.format(config.maxThroughput)} calls/s · ${state}`;
  const description = [config.name, Array.isArray(config.methods) ? config.methods.join(', ') : ''].filter(Boolean).join(' · ');
  return { kind: 'throttling', uid: config.uid, label, description, capabilities: ['deletable', live ? 'undeployable' : 'deployable'] };
}

export const GUARDRAILS: readonly string[] = [
  'Journeys: up to 5,000 events/s (unitary), 20,000/s (audience-triggered)',
  'External data sources: at most 15 calls/s',
  'Custom actions without a capping config: 300,000 calls/min per domain per sandbox',
];

export function endpointRows(groups: readonly EndpointGroup[]): EndpointRow[] {
  return groups.map((group) => {
    const counts: string[] = [];
    if (group.capping.length > 0) counts.push(`${group.capping.length} capping`);
    if (group.throttling.length > 0) counts.push(`${group.throttling.length} throttling`);
    return {
      endpoint: group.endpoint,
      label: group.endpoint,
      description: counts.join(' · '),
      configs: [...group.capping.map(cappingRow), ...group.throttling.map(throttlingRow)],
      guardrails: GUARDRAILS,
    };
  });
}
