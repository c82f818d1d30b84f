// The deployed Journey capping and throttling configs a run is paced by, read lazily: only when a request that
// is not opted out is about to be sent, once per run, with the run's own credential (one token, two list calls),
// and kept for the process per credential + sandbox + Journey URL. A failure (no permission, offline) is one
// warning line and the run goes on without Journey pacing.
import { describeError } from '../log/redact';
import { AioError } from '../errors';
import { JOURNEY_BASE_URLS, type JourneyClient } from '../journey/client';
import { openJourneyClient, type OpenJourney, type OpenJourneyOptions } from '../journey/open-client';
import type { CappingConfig, ThrottlingConfig } from '../journey/types';

export interface JourneyConfigs {
  capping: CappingConfig[];
  throttling: ThrottlingConfig[];
}

export type JourneyLimitsLoad =
  | { status: 'loaded'; configs: JourneyConfigs; sandbox: string }
  | { status: 'unavailable'; reason: string };

/** Reads the configs when first called; later calls (and other files of the run) get the same answer. */
export type JourneyLimitsLoader = () => Promise<JourneyLimitsLoad>;

export interface JourneyLimitsOptions extends OpenJourneyOptions {
  /** Which credential: the cache key, with the sandbox and the Journey URL (e.g. client id + org + IMS host). */
  credentialKey: string;
  /** Told once per run when the configs cannot be read: one line naming the cause. */
  onWarning?: (line: string) => void;
  /** Replaces the Journey client (tests). */
  open?: (options: OpenJourneyOptions) => OpenJourney;
}

// Per process: a CLI run reads them once; a test or a long-lived host can forget them.
const cache = new Map<string, JourneyConfigs>();

export function forgetJourneyLimits(): void {
  cache.clear();
}

function baseOf(journeyUrl: string | undefined): string {
  return journeyUrl === 'legacy' ? JOURNEY_BASE_URLS.legacy : (journeyUrl ?? JOURNEY_BASE_URLS.current);
}

async function read(client: JourneyClient): Promise<{ configs: JourneyConfigs; failed: string[] }> {
  // Capping is per sandbox; throttling is one config per org, and its API may refuse a non-production sandbox:
  // one failing must not lose the other.
  const [capping, throttling] = await Promise.allSettled([client.capping.list(), client.throttling.list()]);
  const failed: string[] = [];
  if (capping.status === 'rejected') failed.push(`capping configs: ${reasonOf(capping.reason)}`);
  if (throttling.status === 'rejected') failed.push(`throttling configs: ${reasonOf(throttling.reason)}`);
  if (capping.status === 'rejected' && throttling.status === 'rejected') throw new AioError('journey-api', failed.join('; '));
  return {
    configs: { capping: capping.status === 'fulfilled' ? capping.value : [], throttling: throttling.status === 'fulfilled' ? throttling.value : [] },
    failed,
  };
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : describeError(error)).replace(/\s+/g, ' ').trim();

/** A loader for one run. Nothing is fetched until it is called. */
export function journeyLimitsLoader(options: JourneyLimitsOptions): JourneyLimitsLoader {
  const base = baseOf(options.journeyUrl);
  const key = `${options.credentialKey}|${options.sandbox}|${base}`;
  let pending: Promise<JourneyLimitsLoad> | undefined;
  const load = async (): Promise<JourneyLimitsLoad> => {
    const cached = cache.get(key);
    if (cached) return { status: 'loaded', configs: cached, sandbox: options.sandbox };
    const journey = (options.open ?? openJourneyClient)(options);
    try {
      const { configs, failed } = await read(journey.client);
      cache.set(key, configs);
      if (failed.length > 0) options.onWarning?.(`Journey limits: could not read the ${failed.join('; ')} of sandbox ${options.sandbox} at ${base}; the others apply.`);
      return { status: 'loaded', configs, sandbox: options.sandbox };
    } catch (error) {
      const reason = `could not read the deployed capping/throttling configs of sandbox ${options.sandbox} at ${base} (${reasonOf(error)})`;
      options.onWarning?.(`Journey limits not applied: ${reason}; the run goes on without them (--ignore-limits skips this check).`);
      return { status: 'unavailable', reason };
    } finally {
      await journey.close();
    }
  };
  return () => (pending ??= load());
}
