import type { Profile } from '../../core/credentials/profile';

/** POSIX-shell single quoting. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A ready `curl` call with the three Adobe headers, as the Developer Console offers one. */
export function curlCommand(profile: Profile, accessToken: string, url = 'https://platform.adobe.io/'): string {
  return [
    `curl -X GET ${quote(url)}`,
    `  -H ${quote(`Authorization: Bearer ${accessToken}`)}`,
    `  -H ${quote(`x-api-key: ${profile.clientId}`)}`,
    `  -H ${quote(`x-gw-ims-org-id: ${profile.orgId}`)}`,
  ].join(' \\\n');
}
