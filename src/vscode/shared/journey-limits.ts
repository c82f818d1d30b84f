// The deployed Journey capping/throttling configs of the active profile's sandbox, as the Endpoints view loaded
// them. The view installs its source here; Send All (pacing) and Simulate Traffic read it without importing it.
import type { CappingConfig, ThrottlingConfig } from '../../core/journey/types';

export interface DeployedConfigs {
  profile: string;
  sandbox: string;
  capping: readonly CappingConfig[];
  throttling: readonly ThrottlingConfig[];
}

/**
 * Resolves to the configs (loaded once, then reused), undefined with no active profile; rejects when listing failed.
 * `ifLoaded`: only configs already loaded, never a listing (undefined when there are none yet).
 */
export type DeployedConfigsSource = (options?: { ifLoaded?: boolean }) => Promise<DeployedConfigs | undefined>;

export class JourneyLimitsSlot {
  private source?: DeployedConfigsSource;

  /** Installs the source (the Endpoints view's model); returns a function that removes it. */
  provide(source: DeployedConfigsSource): () => void {
    this.source = source;
    return () => {
      if (this.source === source) this.source = undefined;
    };
  }

  /** The active sandbox's configs; undefined when nothing provides them or no profile is active. */
  async deployed(options?: { ifLoaded?: boolean }): Promise<DeployedConfigs | undefined> {
    return this.source?.(options);
  }
}
