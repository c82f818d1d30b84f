// What the IMS layer offers to the rest of the core (the `.http` runner, the Journey client, the views).

export interface AccessToken {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds; always a finite number. */
  expiresAt: number;
  /** Epoch milliseconds when IMS minted it (from the token's own `created_at` when present). */
  createdAt: number;
}

/** Adobe headers for one API call, plus the values behind the `{{$aio.*}}` variables. */
export interface AdobeRequestAuth {
  headers: Record<string, string>;
  variables: {
    accessToken: string;
    apiKey: string;
    orgId: string;
    sandbox: string;
    imsHost: string;
  };
  /** Which profile's token this is and when it expires (shown as `Bearer •••• (expires 14:32)`); never the token. */
  token?: TokenInfo;
}

/** What a send may show about the token it carried. */
export interface TokenInfo {
  profileId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface AuthOptions {
  /** Overrides the profile's sandbox (`# @sandbox`). */
  sandbox?: string;
  /** Whether to add `x-sandbox-name` (Platform and Journey APIs want it; Campaign does not). */
  includeSandbox?: boolean;
  /** Discard the cached token and mint a new one (after an API answered 401). */
  forceRefresh?: boolean;
  /** With forceRefresh: the token the API refused, so that concurrent 401s cause one refresh, not one each. */
  rejectedToken?: string;
  signal?: AbortSignal;
}

/**
 * Gives authenticated headers for a profile, by name, or the active profile when `profileName` is
 * undefined. Implemented by the IMS layer; the `.http` runner and the Journey client depend only on this.
 */
export interface RequestAuthenticator {
  authenticate(profileName: string | undefined, options?: AuthOptions): Promise<AdobeRequestAuth>;
}
