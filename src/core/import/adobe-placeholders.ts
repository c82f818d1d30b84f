// Adobe's docs and Postman collections write credentials as placeholders (`<ACCESS_TOKEN>`, `{API_KEY}`,
// `$ACCESS_TOKEN`, `{{IMS_ORG}}`). They become the active profile's `$aio` variables; other placeholders become
// plain `{{variables}}` the user fills in (an unresolved one blocks the send, naming it).
import type { ImportedBody, ImportedRequest } from './curl';

export type CredentialRole = 'token' | 'apiKey' | 'org' | 'sandbox' | 'secret';

const ROLES: Record<string, CredentialRole> = {
  ACCESS_TOKEN: 'token', TOKEN: 'token', BEARER_TOKEN: 'token', AUTH_TOKEN: 'token', IMS_TOKEN: 'token', USER_TOKEN: 'token', IMS_ACCESS_TOKEN: 'token',
  API_KEY: 'apiKey', APIKEY: 'apiKey', CLIENT_ID: 'apiKey', X_API_KEY: 'apiKey',
  ORGANIZATION: 'org', ORG: 'org', IMS_ORG: 'org', IMS_ORG_ID: 'org', ORG_ID: 'org', ORGANIZATION_ID: 'org', GW_IMS_ORG_ID: 'org', IMS_ORGANIZATION: 'org',
  SANDBOX_NAME: 'sandbox', SANDBOX: 'sandbox',
  CLIENT_SECRET: 'secret',
};

const AIO_VARIABLE: Record<Exclude<CredentialRole, 'secret'>, string> = {
  token: '{{$aio.accessToken}}',
  apiKey: '{{$aio.apiKey}}',
  org: '{{$aio.orgId}}',
  sandbox: '{{$aio.sandbox}}',
};

/** The credential a placeholder name stands for, if any (`your-api-key`, `YOUR_ACCESS_TOKEN` included). */
export function credentialRole(name: string): CredentialRole | undefined {
  const key = name.trim().toUpperCase().replace(/[\s-]+/g, '_').replace(/^YOUR_/, '');
  return ROLES[key];
}

/** A name that the `.http` grammar accepts as a variable. */
export function variableName(name: string): string {
  const cleaned = name.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `v_${cleaned}`;
}

/** A variable the converted text leaves for the user to set, with what to put there. */
export interface UnsetVariable {
  name: string;
  hint: string;
}

export interface AdobeConversion {
  request: ImportedRequest;
  /** Variables to set before sending (the Campaign tenant, ids from the example…). */
  unset: UnsetVariable[];
  /** Whether Adobe credential placeholders were found (the profile supplies them). */
  usesProfile: boolean;
}

// Bounded names and no nested quantifiers: linear on any input.
const DOUBLE_BRACE = /\{\{\s*([A-Za-z_][\w.-]{0,63})\s*\}\}/g;
const ANGLE = /<([A-Za-z_][\w -]{0,63})>/g;
const SINGLE_BRACE = /(^|[^{])\{([A-Za-z_][\w-]{0,63})\}(?!\})/g;
const DOLLAR = /\$\{([A-Z_][A-Z0-9_]{1,63})\}|\$([A-Z_][A-Z0-9_]{1,63})\b/g;

type Where = 'url' | 'header' | 'body';

interface Context {
  /** The placeholder written where a Campaign URL has its tenant (`/<x>/campaign/…`), on any host. */
  tenantPlaceholder?: string;
  unset: Map<string, UnsetVariable>;
  usesProfile: boolean;
}

const CAMPAIGN_TENANT: UnsetVariable = {
  name: 'campaignTenant',
  hint: "your Campaign tenant: the instance id in https://<tenant>.campaign.adobe.com (add -mkt-stage for stage). It is not the …@AdobeOrg id.",
};

function replacement(raw: string, name: string, where: Where, ctx: Context, generic: boolean): string {
  if (name.startsWith('$')) return raw;
  const role = credentialRole(name);
  if (where === 'url' && raw === ctx.tenantPlaceholder) {
    ctx.unset.set(CAMPAIGN_TENANT.name, CAMPAIGN_TENANT);
    return `{{${CAMPAIGN_TENANT.name}}}`;
  }
  if (role && role !== 'secret') {
    ctx.usesProfile = true;
    return AIO_VARIABLE[role];
  }
  if (!generic && !role) return raw;
  const variable = variableName(name);
  if (!ctx.unset.has(variable)) {
    ctx.unset.set(variable, {
      name: variable,
      hint: role === 'secret' ? 'a client secret: the profile keeps it; aio-requests mints tokens itself, so this request is rarely needed.' : `was ${raw} in the example.`,
    });
  }
  return `{{${variable}}}`;
}

/** Rewrites the placeholders in one string. In bodies only ALL-CAPS `<X>`/`{X}` count (JSON and XML are full of braces). */
function rewrite(text: string, where: Where, ctx: Context): string {
  const caps = (n: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(n);
  let out = text.replace(DOUBLE_BRACE, (raw, name: string) => {
    // `{{…}}` is already a variable: keep it unless it is an Adobe credential (the file defines the others).
    return credentialRole(name) ? replacement(raw, name, where, ctx, false) : raw;
  });
  out = out.replace(ANGLE, (raw, name: string) => (where === 'body' && !caps(name) ? raw : name.includes(' ') && !credentialRole(name) ? raw : replacement(raw, name, where, ctx, true)));
  out = out.replace(SINGLE_BRACE, (raw, before: string, name: string) => (where === 'body' && !caps(name) ? raw : before + replacement(`{${name}}`, name, where, ctx, true)));
  out = out.replace(DOLLAR, (raw, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    // Only credentials: `$NAME` in a body may well be meant literally.
    return credentialRole(name) ? replacement(raw, name, where, ctx, false) : raw;
  });
  return out;
}

const TOKEN_ONLY = /^(?:Bearer\s+)?\{\{\$aio\.accessToken\}\}$/i;
const PROFILE_HEADERS = new Set(['x-api-key', 'x-gw-ims-org-id', 'x-sandbox-name']);

function rewriteBody(body: ImportedBody, ctx: Context): ImportedBody {
  if (body.kind === 'text') return { kind: 'text', text: rewrite(body.text, 'body', ctx) };
  if (body.kind === 'file') return body;
  return { kind: 'multipart', parts: body.parts.map((p) => (p.file ? p : { ...p, value: rewrite(p.value, 'body', ctx) })) };
}

/** Maps Adobe placeholders in a converted request to profile variables and user-set variables. */
export function applyAdobePlaceholders(request: ImportedRequest): AdobeConversion {
  let host = '';
  try {
    host = new URL(request.url.replace(/\{\{[^}]*\}\}|<[^>]*>|\{[^}]*\}/g, 'x')).hostname.toLowerCase();
  } catch {
    // A URL that is only variables: no host to judge by.
  }
  // By path shape, not host: the same API answers on stage hosts, proxies and the emulator.
  const tenant = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/([^/?#]{1,100})\/campaign(?:[/?#]|$)/i.exec(request.url)?.[1];
  const ctx: Context = { unset: new Map(), usesProfile: false };
  if (tenant !== undefined && /^(?:<[^>]+>|\{[^{}]+\}|\{\{[^{}]+\}\}|\$\{?[A-Za-z_]\w*\}?)$/.test(tenant)) ctx.tenantPlaceholder = tenant;
  const url = rewrite(request.url, 'url', ctx);
  const headers: Array<[string, string]> = [];
  let leftToRunner = false;
  for (const [name, value] of request.headers) {
    const mapped = rewrite(value, 'header', ctx);
    if (name.toLowerCase() === 'authorization' && TOKEN_ONLY.test(mapped.trim())) {
      // The runner adds Authorization (and refreshes it on a 401) for allow-listed hosts.
      leftToRunner = true;
      continue;
    }
    headers.push([name, mapped]);
  }
  const notes = [...request.notes];
  if (leftToRunner) notes.push('Authorization comes from the active profile (the runner adds the Adobe headers and refreshes the token).');
  if (leftToRunner && host !== '' && !host.endsWith('.adobe.io') && !headers.some(([n]) => PROFILE_HEADERS.has(n.toLowerCase()))) {
    notes.push(`${host} is not an adobe.io host: add it to aioRequests.authHosts (user settings) for the profile's headers to be sent there.`);
  }
  const out: ImportedRequest = { ...request, url, headers, notes };
  if (request.body) out.body = rewriteBody(request.body, ctx);
  return { request: out, unset: [...ctx.unset.values()], usesProfile: ctx.usesProfile };
}
