// The one way an adapter opens a Journey client on credentials: the HttpRunner as transport with the auth
// allow-list built once (Adobe headers on *.adobe.io and the extra hosts), closed with the client.
import { HttpRunner } from '../http/runner';
import type { RequestAuthenticator } from '../ims/types';
import { JOURNEY_BASE_URLS, JourneyClient } from './client';
import type { CappingConfig, ThrottlingConfig } from './types';

export interface OpenJourneyOptions {
  authenticator: RequestAuthenticator;
  /** Hosts besides `*.adobe.io` that get Adobe headers (the emulator); validated by the caller. */
  authHosts?: readonly string[];
  sandbox: string;
  orgId?: string;
  /** A base URL, `legacy` for the older path, or undefined for today's. */
  journeyUrl?: string;
  env: NodeJS.ProcessEnv;
}

export interface OpenJourney {
  client: JourneyClient;
  close(): Promise<void>;
}

export function openJourneyClient(options: OpenJourneyOptions): OpenJourney {
  const runner = new HttpRunner({ env: options.env, authenticator: options.authenticator, authHosts: options.authHosts, sandbox: options.sandbox });
  const baseUrl = options.journeyUrl === 'legacy' ? JOURNEY_BASE_URLS.legacy : options.journeyUrl;
  const client = new JourneyClient({ transport: runner, sandbox: options.sandbox, orgId: options.orgId, baseUrl });
  return { client, close: () => runner.destroy() };
}

/** The sandbox's capping and the org's throttling configs, read once (the matcher keeps only live ones). */
export async function sandboxConfigs(client: JourneyClient): Promise<{ capping: CappingConfig[]; throttling: ThrottlingConfig[] }> {
  const [capping, throttling] = await Promise.all([client.capping.list(), client.throttling.list()]);
  return { capping, throttling };
}
