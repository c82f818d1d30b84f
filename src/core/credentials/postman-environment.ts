// The Developer Console's "Download for Postman" environment, read into the same shape as the workspace JSON so
// that it goes through the one credential import (secrets to the secret store, nothing written to the workspace).
import { AioError } from '../errors';
import type { WorkspaceJson } from './workspace-json';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Postman environment export: `{ name, values: [{ key, value, enabled }], _postman_variable_scope? }`. */
export function looksLikePostmanEnvironment(text: string): boolean {
  try {
    const data: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return isObject(data) && Array.isArray(data.values) && !isObject(data.project) && (data._postman_variable_scope === 'environment' || data.values.some((v) => isObject(v) && 'key' in v));
  } catch {
    return false;
  }
}

const FIELDS: Record<string, 'clientId' | 'clientSecret' | 'orgId' | 'technicalAccountId' | 'technicalAccountEmail' | 'scopes' | 'metaScopes' | 'imsHost'> = {
  API_KEY: 'clientId', CLIENT_ID: 'clientId', APIKEY: 'clientId',
  CLIENT_SECRET: 'clientSecret',
  IMS_ORG: 'orgId', IMS_ORG_ID: 'orgId', ORG_ID: 'orgId', ORGANIZATION_ID: 'orgId',
  TECHNICAL_ACCOUNT_ID: 'technicalAccountId', TECH_ACCOUNT_ID: 'technicalAccountId', TECHNICAL_ACCOUNT: 'technicalAccountId',
  TECHNICAL_ACCOUNT_EMAIL: 'technicalAccountEmail', TECH_ACCOUNT_EMAIL: 'technicalAccountEmail',
  SCOPES: 'scopes', SCOPE: 'scopes',
  META_SCOPE: 'metaScopes', META_SCOPES: 'metaScopes', METASCOPES: 'metaScopes',
  IMS: 'imsHost', IMS_HOST: 'imsHost', IMS_URL: 'imsHost',
};

/** Scopes as the Console writes them: a comma-separated string, or a JSON array in a string. */
function scopeList(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(trimmed);
      if (Array.isArray(list)) return list.map(String).map((s) => s.trim()).filter(Boolean);
    } catch {
      // Falls through to the comma form.
    }
  }
  return trimmed.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

/**
 * Reads a Postman environment from the Console. Throws `AioError('workspace-invalid')` naming every missing
 * variable. The result has one credential (OAuth S2S when SCOPES is given, JWT when META_SCOPE is) and `imsHost`.
 */
export function readPostmanEnvironment(input: string | Uint8Array, label = 'The Postman environment'): WorkspaceJson {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new AioError('workspace-invalid', `${label} is not valid JSON.`);
  }
  if (!isObject(data) || !Array.isArray(data.values)) throw new AioError('workspace-invalid', `${label} has no 'values' list; use the Developer Console's "Download for Postman".`);
  const found: Partial<Record<(typeof FIELDS)[string], string>> = {};
  for (const entry of data.values) {
    if (!isObject(entry) || entry.enabled === false || typeof entry.key !== 'string') continue;
    const field = FIELDS[entry.key.trim().toUpperCase().replace(/[\s-]+/g, '_')];
    const value = typeof entry.value === 'string' ? entry.value.trim() : Array.isArray(entry.value) ? entry.value.join(',') : '';
    if (field && value && !found[field]) found[field] = value;
  }
  const kind = found.metaScopes && !found.scopes ? 'jwt' : 'oauth-s2s';
  const missing: string[] = [];
  if (!found.clientId) missing.push('API_KEY (client id)');
  if (!found.clientSecret) missing.push('CLIENT_SECRET');
  if (!found.orgId) missing.push('IMS_ORG');
  if (!found.technicalAccountId) missing.push('TECHNICAL_ACCOUNT_ID');
  if (kind === 'oauth-s2s' && !found.scopes) missing.push('SCOPES');
  if (missing.length > 0) {
    throw new AioError('workspace-invalid', `${label} is missing ${missing.length === 1 ? 'a variable' : 'variables'}: ${missing.join(', ')}. Download it again from the Developer Console (credential page, "Download for Postman").`);
  }
  const name = typeof data.name === 'string' && data.name.trim() ? data.name.trim() : 'Postman environment';
  const credential: WorkspaceJson['credentials'][number] = {
    name,
    integrationType: kind === 'jwt' ? 'service' : 'oauth_server_to_server',
    kind,
    clientId: found.clientId!,
    clientSecret: found.clientSecret!,
    technicalAccountId: found.technicalAccountId!,
  };
  if (found.technicalAccountEmail) credential.technicalAccountEmail = found.technicalAccountEmail;
  if (kind === 'jwt') credential.metaScopes = scopeList(found.metaScopes!);
  else credential.scopes = scopeList(found.scopes!);
  const out: WorkspaceJson = { orgId: found.orgId!, credentials: [credential], skipped: [], workspaceTitle: name };
  if (found.imsHost) out.imsHost = /^https?:\/\//i.test(found.imsHost) ? found.imsHost.replace(/\/+$/, '') : `https://${found.imsHost.replace(/\/+$/, '')}`;
  return out;
}
