// What "Simulate Traffic…" on an endpoint row hands the simulator: the endpoint's URL, the method its configs
// name first, and that the sandbox's deployed limits apply (the simulator looks them up by method + URL).
import type { CappingConfig, ThrottlingConfig } from '../../core/journey/types';

export interface SimulationTarget {
  url: string;
  method: string;
  limits: 'deployed';
}

export function simulationTarget(endpoint: string, capping: readonly CappingConfig[], throttling: readonly ThrottlingConfig[]): SimulationTarget {
  const methods = [...capping.map((c) => c.deployedConfig?.methods ?? c.methods), ...throttling.map((t) => t.methods)].flat().filter((m) => typeof m === 'string');
  return { url: endpoint, method: (methods[0] ?? 'POST').toUpperCase(), limits: 'deployed' };
}
