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

/** What the command accepts: an endpoint URL, or an endpoint row (`{ url, method }`) from the Endpoints view. */
export function endpointArgument(arg: unknown): { url?: string; method?: string } {
  if (typeof arg === 'string') return { url: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const { url, method } = arg as { url?: unknown; method?: unknown };
  return { url: typeof url === 'string' ? url : undefined, method: typeof method === 'string' ? method.toUpperCase() : undefined };
}
