// Reads the Developer Console's workspace/project JSON ("Download JSON"): the IMS org and the server-to-server
// credentials it describes. User-OAuth credential kinds are skipped; missing fields are named one by one.
import { AioError } from '../errors';
import type { ProfileKind } from './profile';

export interface WorkspaceCredential {
  /** The credential's name in the Console; the caller chooses by it when there are several. */
  name: string;
  id?: string;
  integrationType: string;
  kind: ProfileKind;
  clientId: string;
  clientSecret: string;
  technicalAccountId: string;
  technicalAccountEmail?: string;
  metaScopes?: string[];
  scopes?: string[];
}

export interface WorkspaceJson {
  orgId: string;
  orgName?: string;
  projectTitle?: string;
  workspaceTitle?: string;
  credentials: WorkspaceCredential[];
  /** Credentials present but not usable here (user OAuth kinds), by name. */
  skipped: string[];
  /** The IMS host the file names (a Postman environment's IMS variable); the workspace JSON has none. */
  imsHost?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const strArray = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length > 0 ? (v as string[]) : undefined;

function readBlock(
  block: unknown,
  kind: ProfileKind,
  where: string,
  missing: string[],
): Omit<WorkspaceCredential, 'name' | 'id' | 'integrationType'> | undefined {
  const blockName = kind === 'jwt' ? 'jwt' : 'oauth_server_to_server';
  if (!isObject(block)) {
    missing.push(`${where}.${blockName}`);
    return undefined;
  }
  const need = <T>(field: string, value: T | undefined): T | undefined => {
    if (value === undefined) missing.push(`${where}.${blockName}.${field}`);
    return value;
  };
  const clientId = need('client_id', str(block.client_id));
  const clientSecret =
    kind === 'jwt'
      ? need('client_secret', str(block.client_secret))
      : need('client_secrets', strArray(block.client_secrets)?.map((s) => s.trim()).find((s) => s !== '') ?? str(block.client_secret));
  const technicalAccountId = need('technical_account_id', str(block.technical_account_id));
  const metaScopes = kind === 'jwt' ? need('meta_scopes', strArray(block.meta_scopes)) : undefined;
  const scopes = kind === 'oauth-s2s' ? need('scopes', strArray(block.scopes)) : undefined;
  if (!clientId || !clientSecret || !technicalAccountId || (kind === 'jwt' ? !metaScopes : !scopes)) return undefined;
  const out: Omit<WorkspaceCredential, 'name' | 'id' | 'integrationType'> = { kind, clientId, clientSecret, technicalAccountId };
  const email = str(block.technical_account_email);
  if (email) out.technicalAccountEmail = email;
  if (metaScopes) out.metaScopes = metaScopes;
  if (scopes) out.scopes = scopes;
  return out;
}

/**
 * Parses a workspace JSON. Throws `AioError('workspace-invalid')` when it is not JSON, has no IMS org, no
 * usable credential, or a usable credential lacks fields (all missing fields are named).
 */
export function readWorkspaceJson(input: string | Uint8Array, label = 'The workspace JSON'): WorkspaceJson {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new AioError('workspace-invalid', `${label} is not valid JSON.`);
  }
  const project = isObject(data) && isObject(data.project) ? data.project : undefined;
  if (!project) throw new AioError('workspace-invalid', `${label} has no 'project' object; use the Developer Console's "Download JSON".`);
  const missing: string[] = [];
  const org = isObject(project.org) ? project.org : undefined;
  const orgId = str(org?.ims_org_id);
  if (!orgId) missing.push('project.org.ims_org_id');
  const workspace = isObject(project.workspace) ? project.workspace : undefined;
  const details = isObject(workspace?.details) ? workspace.details : undefined;
  const list = Array.isArray(details?.credentials) ? details.credentials : undefined;
  if (!list) missing.push('project.workspace.details.credentials');
  const credentials: WorkspaceCredential[] = [];
  const skipped: string[] = [];
  (list ?? []).forEach((entry, i) => {
    if (!isObject(entry)) return;
    const type = str(entry.integration_type) ?? '';
    const name = str(entry.name) ?? `credential ${i + 1}`;
    const where = `credentials[${i}] ('${name}')`;
    const base = { id: str(entry.id) ?? String(i), integrationType: type };
    if (type === 'service') {
      const block = readBlock(entry.jwt, 'jwt', where, missing);
      if (block) credentials.push({ name, ...base, ...block });
    } else if (type === 'oauth_server_to_server') {
      const block = readBlock(entry.oauth_server_to_server, 'oauth-s2s', where, missing);
      if (block) credentials.push({ name, ...base, ...block });
    } else if (type === 'oauth_server_to_server_migrate') {
      // Carries both blocks while the credential moves from JWT to OAuth S2S: offer both.
      const s2s = readBlock(entry.oauth_server_to_server, 'oauth-s2s', where, missing);
      if (s2s) credentials.push({ name, ...base, ...s2s });
      if (isObject(entry.jwt)) {
        const jwt = readBlock(entry.jwt, 'jwt', where, missing);
        if (jwt) credentials.push({ name: `${name} (JWT)`, ...base, ...jwt });
      }
    } else {
      skipped.push(`${name} (${type || 'unknown type'})`);
    }
  });
  if (missing.length > 0) {
    throw new AioError('workspace-invalid', `${label} is missing ${missing.length === 1 ? 'a field' : 'fields'}: ${missing.join(', ')}.`);
  }
  if (credentials.length === 0) {
    throw new AioError(
      'workspace-invalid',
      `${label} has no Service Account (JWT) or OAuth Server-to-Server credential${skipped.length ? ` (found: ${skipped.join(', ')})` : ''}. Add one to the workspace in the Developer Console.`,
    );
  }
  const out: WorkspaceJson = { orgId: orgId!, credentials, skipped };
  const orgName = str(org?.name);
  if (orgName) out.orgName = orgName;
  const projectTitle = str(project.title) ?? str(project.name);
  if (projectTitle) out.projectTitle = projectTitle;
  const workspaceTitle = str(workspace?.title) ?? str(workspace?.name);
  if (workspaceTitle) out.workspaceTitle = workspaceTitle;
  return out;
}

export function looksLikeJson(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('{');
}
