// What the language service knows besides the file: environments, profiles, the auth allow-list and the last
// responses. The editor builds it from settings and storage; tests build it by hand. No I/O happens here.

import type { AuthHostList } from '../../net/auth-hosts';
import type { EnvironmentSet } from '../environments';
import type { RequestResult } from '../types';

/** Last results of named requests, per `.http` file; Send Request implements it over its results store. */
export interface LastResponses {
  get(fileUri: string, name: string): RequestResult | undefined;
}

/** A stored credential profile as the language service shows it (no secret except the token's expiry). */
export interface ProfileSummary {
  name: string;
  sandbox: string;
  orgId: string;
  clientId: string;
  imsHost: string;
  /** Epoch ms of the cached access token's expiry; undefined when no token is cached. */
  tokenExpiresAt?: number;
}

/** Where an environment variable is written, for go to definition. */
export interface SourceLocation {
  path: string;
  line: number;
  character: number;
}

export interface LanguageEnvironments {
  sets: EnvironmentSet;
  /** The environment the user picked; undefined: none (then a name defined in any environment counts). */
  selected?: string;
  /** Where `name` of environment `env` is written (env file or settings), when known. */
  locate?: (env: string, name: string) => SourceLocation | undefined;
  /** A label for where environment `env` comes from, e.g. `http-client.env.json`. */
  sourceOf?: (env: string, name: string) => string | undefined;
}

export interface LanguageContext {
  fileUri: string;
  environments?: LanguageEnvironments;
  profiles: readonly ProfileSummary[];
  /** Name of the active profile (the status bar's). */
  activeProfile?: string;
  authHosts: AuthHostList;
  lastResponses?: LastResponses;
  /** Epoch ms, for "expires in …". */
  now: number;
}
