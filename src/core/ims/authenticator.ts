import type { Profile, ProfileRepository } from '../credentials/profile';
import { AioError } from '../errors';
import type { TokenService } from './token-service';
import type { AdobeRequestAuth, AuthOptions, RequestAuthenticator } from './types';

/** Finds a profile by name, or the active one; the errors say how to get one. */
export async function resolveProfile(profiles: ProfileRepository, profileName: string | undefined): Promise<Profile> {
  if (profileName !== undefined && profileName !== '') {
    const named = await profiles.findByName(profileName);
    if (named) return named;
    const names = (await profiles.list()).map((p) => `"${p.name}"`);
    throw new AioError(
      'profile-not-found',
      `No credential profile is named "${profileName}". ${names.length > 0 ? `Known profiles: ${names.join(', ')}.` : 'Import credentials first (Adobe I/O: Import Credentials…).'}`,
    );
  }
  const activeId = await profiles.getActiveId();
  const active = activeId ? await profiles.get(activeId) : undefined;
  if (active) return active;
  const all = await profiles.list();
  if (all.length === 1) return all[0]!;
  throw new AioError(
    'no-active-profile',
    all.length === 0
      ? 'No credential profile yet: import the config.zip or workspace JSON from the Adobe Developer Console (Adobe I/O: Import Credentials…).'
      : 'No active credential profile: choose one in the Profiles view (or name one with # @profile).',
  );
}

/** The three Adobe headers (plus the sandbox where the API wants it) for a profile's current token. */
export function adobeHeaders(profile: Profile, accessToken: string, options: Pick<AuthOptions, 'sandbox' | 'includeSandbox'> = {}): AdobeRequestAuth {
  const sandbox = (options.sandbox ?? profile.sandbox ?? '').toLowerCase();
  const headers: Record<string, string> = {
    Authorization: `Bearer ${accessToken}`,
    'x-api-key': profile.clientId,
    'x-gw-ims-org-id': profile.orgId,
  };
  if (options.includeSandbox && sandbox) headers['x-sandbox-name'] = sandbox;
  return { headers, variables: { accessToken, apiKey: profile.clientId, orgId: profile.orgId, sandbox, imsHost: profile.imsHost } };
}

/** The RequestAuthenticator the `.http` runner and the Journey client use. */
export class ImsRequestAuthenticator implements RequestAuthenticator {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly tokens: TokenService,
  ) {}

  async authenticate(profileName: string | undefined, options: AuthOptions = {}): Promise<AdobeRequestAuth> {
    const profile = await resolveProfile(this.profiles, profileName);
    const token = await this.tokens.getToken(profile, { forceRefresh: options.forceRefresh, rejectedToken: options.rejectedToken, signal: options.signal });
    return adobeHeaders(profile, token.accessToken, options);
  }
}
