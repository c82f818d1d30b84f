import type { Profile } from '../../core/credentials/profile';

/** POSIX-shell single quoting. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A ready `curl` call with the three Adobe headers, as the Developer Console offers one. */
export function curlCommand(profile: Profile, accessToken: string, url = 'https://platform.adobe.io/'): string {
  return [
    `curl -X GET ${shellQuote(url)}`,
    `  -H ${shellQuote(`Authorization: Bearer ${accessToken}`)}`,
    `  -H ${shellQuote(`x-api-key: ${profile.clientId}`)}`,
    `  -H ${shellQuote(`x-gw-ims-org-id: ${profile.orgId}`)}`,
  ].join(' \\\n');
}
