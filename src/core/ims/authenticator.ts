import type { Profile, ProfileRepository } from '../credentials/profile';
import { resolveProfile } from '../credentials/profile-resolver';
import type { TokenService } from './token-service';
import type { AdobeRequestAuth, AuthOptions, RequestAuthenticator } from './types';

/** The three Adobe headers (plus the sandbox where the API wants it) for a profile's current token. */
export function adobeHeaders(profile: Profile, accessToken: string, options: Pick<AuthOptions, 'sandbox' | 'includeSandbox'> = {}, expiresAt?: number): AdobeRequestAuth {
  const sandbox = (options.sandbox ?? profile.sandbox ?? '').toLowerCase();
  const headers: Record<string, string> = {
    Authorization: `Bearer ${accessToken}`,
    'x-api-key': profile.clientId,
    'x-gw-ims-org-id': profile.orgId,
  };
  if (options.includeSandbox && sandbox) headers['x-sandbox-name'] = sandbox;
  return {
    headers,
    variables: { accessToken, apiKey: profile.clientId, orgId: profile.orgId, sandbox, imsHost: profile.imsHost },
    ...(expiresAt !== undefined ? { token: { profileId: profile.id, expiresAt } } : {}),
  };
}

/** The RequestAuthenticator the `.http` runner and the Journey client use. */
export class ImsRequestAuthenticator implements RequestAuthenticator {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly tokens: TokenService,
  ) {}

  async authenticate(profileName: string | undefined, options: AuthOptions = {}): Promise<AdobeRequestAuth> {
    const profile = await resolveProfile(this.profiles, { directive: profileName });
    const token = await this.tokens.getToken(profile, { forceRefresh: options.forceRefresh, rejectedToken: options.rejectedToken, signal: options.signal });
    return adobeHeaders(profile, token.accessToken, options, token.expiresAt);
  }
}
