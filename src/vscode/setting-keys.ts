// Every setting the extension reads, without the `aioRequests.` prefix. The manifest test checks that each
// is declared in package.json.
export const SETTING_KEYS = ['authHosts', 'insecureTlsHosts', 'allowedFileRoots', 'environments', 'journeyBaseUrl'] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];

export const SETTINGS_SECTION = 'aioRequests';
