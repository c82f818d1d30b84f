import type { SimulatedCapping } from '../../core/traffic/simulate';

export interface SimulationLimits {
  capping?: SimulatedCapping;
  throttling?: { maxThroughput: number };
  /** Where the limits come from, in words. */
  source: string;
}

/**
 * Hook for the Endpoints view: the deployed configs of the active sandbox that cover METHOD URL, read with the
 * Journey client. Until the view passes one to `register`, limits are typed in.
 */
export type SandboxLimitsLookup = (method: string, url: string) => Promise<SimulationLimits>;

/**
 * What the command accepts: an endpoint URL, or an endpoint row's `{ url, method, limits: 'deployed' }` from the
 * Endpoints view (its deployed configs are then the limits, without asking).
 */
export function endpointArgument(arg: unknown): { url?: string; method?: string; deployed?: boolean } {
  if (typeof arg === 'string') return { url: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const { url, method, limits } = arg as { url?: unknown; method?: unknown; limits?: unknown };
  return {
    url: typeof url === 'string' ? url : undefined,
    method: typeof method === 'string' ? method.toUpperCase() : undefined,
    ...(limits === 'deployed' ? { deployed: true } : {}),
  };
}
