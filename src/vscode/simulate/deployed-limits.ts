// The deployed limits of the active sandbox that cover METHOD URL, as the simulator takes them: the strictest
// live capping limit and throttling config (the same matcher Send All paces by). Part of dist/simulate.js.
import { EndpointMatcher } from '../../core/journey/matcher';
import type { DeployedConfigs } from '../shared/journey-limits';
import type { SimulationLimits } from './simulate-args';

export function deployedLimits(configs: DeployedConfigs | undefined, method: string, url: string): SimulationLimits {
  if (!configs) return { source: 'no active profile: no deployed limits' };
  const match = new EndpointMatcher(configs.capping, configs.throttling).match({ method, url });
  const limits: SimulationLimits = { source: '' };
  const parts: string[] = [];
  const live = match.effectiveCapping?.live;
  if (live) {
    limits.capping = { maxCallsCount: live.maxCallsCount, periodInMs: live.periodInMs, maxHttpConnections: live.maxHttpConnections };
    parts.push(`capping config ${match.effectiveCapping!.config.uid} (${live.maxCallsCount} / ${live.periodInMs / 1000} s${live.maxHttpConnections ? `, ≤ ${live.maxHttpConnections} connections` : ''})`);
  }
  const throttling = match.effectiveThrottling;
  if (throttling) {
    limits.throttling = { maxThroughput: throttling.maxThroughput };
    parts.push(`throttling config ${throttling.config.uid} (${throttling.maxThroughput}/s)`);
  }
  limits.source = parts.length > 0
    ? `deployed in sandbox ${configs.sandbox}: ${parts.join(', ')}`
    : `no deployed config of sandbox ${configs.sandbox} covers ${method} ${url}`;
  return limits;
}
