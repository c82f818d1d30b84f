import { generateKeyPairSync, randomUUID, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Router } from './router';
import type { EmulatorState, RegisteredClient } from './state';
import { readBody, sendJson } from './http';
import { MODULES } from './server';

// Adobe IMS as adobe-apis.md §2 documents it: the JWT exchange (lifetimes in milliseconds), OAuth
// Server-to-Server client credentials (seconds), token validation and the profile endpoint. Access tokens
// are RS256 JWTs signed with the emulator's own key and carry `created_at`/`expires_in` as strings.

const DEFAULT_LIFETIME_SECONDS = 24 * 3600;

let signingKey: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
function emulatorKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  signingKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return signingKey;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function issueAccessToken(client: RegisteredClient, scope: string, lifetimeMs: number): string {
  const header = { alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1', itt: 'at' };
  const payload = {
    id: `${Date.now()}_${randomUUID()}_emu`,
    type: 'access_token',
    client_id: client.clientId,
    user_id: client.technicalAccountId,
    as: 'ims-na1',
    aa_id: client.technicalAccountId,
    ctp: 0,
    pac: `${client.clientId}_emu`,
    rtid: `${Date.now()}_emu`,
    moi: randomUUID().slice(0, 8),
    rtea: String(Date.now() + lifetimeMs),
    created_at: String(Date.now()),
    expires_in: String(lifetimeMs),
    scope,
  };
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), emulatorKey().privateKey).toString('base64url')}`;
}

/** The payload of a token this emulator issued, or why it is not valid. */
export function checkAccessToken(token: string): { valid: true; payload: Record<string, unknown> } | { valid: false; reason: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { valid: false, reason: 'bad_format' };
  if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), emulatorKey().publicKey, Buffer.from(parts[2]!, 'base64url'))) {
    return { valid: false, reason: 'bad_signature' };
  }
  const payload = decodePart(parts[1]);
  if (!payload) return { valid: false, reason: 'bad_format' };
  if (Number(payload.created_at) + Number(payload.expires_in) <= Date.now()) return { valid: false, reason: 'expired' };
  return { valid: true, payload };
}

/** Form fields from urlencoded or multipart bodies (Adobe's own clients post multipart/form-data). */
async function readForm(req: IncomingMessage): Promise<Map<string, string>> {
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  const fields = new Map<string, string>();
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData();
    form.forEach((value, name) => {
      if (typeof value === 'string') fields.set(name, value);
    });
  } else {
    new URLSearchParams(body.toString('utf8')).forEach((value, name) => fields.set(name, value));
  }
  return fields;
}

type Answer = { status: number; error: string; description: string };
const refuse = (status: number, error: string, description: string): Answer => ({ status, error, description });

function lifetimeMs(client: RegisteredClient): number {
  return Math.round((client.tokenLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS) * 1000);
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function signatureMatches(jwt: string, certificates: readonly string[]): boolean {
  const [h, p, s] = jwt.split('.');
  for (const pem of certificates) {
    if (verify('sha256', Buffer.from(`${h}.${p}`), new X509Certificate(pem).publicKey, Buffer.from(s ?? '', 'base64url'))) return true;
  }
  return false;
}

/** Checks a service-account JWT the way IMS does; undefined when it is acceptable. */
function checkJwt(jwt: string, clientId: string, client: RegisteredClient, baseUrl: string): Answer | undefined {
  const parts = jwt.split('.');
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  if (parts.length !== 3 || !header || !claims) return refuse(400, 'invalid_token', 'Cannot decode JWT token');
  if (header.alg !== 'RS256') return refuse(400, 'invalid_token', `Unsupported JWT algorithm ${String(header.alg)}`);
  if (claims.aud !== `${baseUrl}/c/${clientId}`) {
    return refuse(400, 'invalid_client', 'The client_id does not match the JWT audience');
  }
  if (!Number.isInteger(claims.exp)) return refuse(400, 'invalid_token', 'JWT exp claim must be an integer');
  if (claims.jti !== undefined && !Number.isInteger(claims.jti)) return refuse(400, 'invalid_token', 'JWT jti claim must be an integer');
  if (!signatureMatches(jwt, client.certificates ?? [])) {
    return refuse(400, 'invalid_signature', 'Could not match JWT signature to any of the bindings');
  }
  if ((claims.exp as number) * 1000 <= Date.now()) return refuse(400, 'invalid_token', 'JWT token is expired (exp claim in the past)');
  if (typeof claims.iss !== 'string' || !claims.iss.endsWith('@AdobeOrg')) return refuse(400, 'bad_request', 'Invalid iss claim: expected an IMS org id');
  if (typeof claims.sub !== 'string' || !claims.sub.includes('@techacct.adobe.com')) {
    return refuse(400, 'bad_request', 'Invalid sub claim: expected a technical account id');
  }
  if (claims.iss !== client.orgId) return refuse(400, 'bad_request', 'The iss claim does not match the organization of the binding');
  if (claims.sub !== client.technicalAccountId) return refuse(400, 'bad_request', 'The sub claim does not match the technical account of the binding');
  const requested = Object.entries(claims)
    .filter(([name, value]) => value === true && /\/s\/[^/]+$/.test(name))
    .map(([name]) => name.slice(name.lastIndexOf('/s/') + 3));
  const bound = new Set(client.metaScopes ?? []);
  const unbound = requested.filter((m) => !bound.has(m));
  if (requested.length === 0) return refuse(400, 'invalid_scope', 'No metascope was requested in the JWT');
  if (unbound.length > 0) return refuse(400, 'invalid_scope', `Invalid metascope: ${unbound.join(', ')}`);
  return undefined;
}

function clientAnswer(state: EmulatorState, clientId: string | undefined, secret: string | undefined): { client?: RegisteredClient; refused?: Answer } {
  const client = clientId ? state.clients.get(clientId) : undefined;
  if (!client) return { refused: refuse(400, 'invalid_client', 'invalid client_id parameter') };
  if (secret !== client.clientSecret) return { refused: refuse(401, 'invalid_client', 'invalid client_secret parameter') };
  return { client };
}

export function installIms(router: Router, state: EmulatorState): void {
  router.add('POST', '/ims/exchange/jwt', async ({ req, res, baseUrl }) => {
    const form = await readForm(req);
    const clientId = form.get('client_id');
    const { client, refused } = clientAnswer(state, clientId, form.get('client_secret'));
    let answer = refused;
    if (client?.migratedToOAuth) answer = refuse(500, 'internal_error', 'Internal server error');
    const jwt = form.get('jwt_token');
    if (!answer && !jwt) answer = refuse(400, 'invalid_token', 'jwt_token parameter is missing');
    if (!answer && client) answer = checkJwt(jwt!, clientId!, client, baseUrl);
    if (answer) return sendJson(res, answer.status, { error: answer.error, error_description: answer.description });
    const lifetime = lifetimeMs(client!);
    const scope = (client!.metaScopes ?? []).join(',');
    sendJson(res, 200, { token_type: 'bearer', access_token: issueAccessToken(client!, scope, lifetime), expires_in: lifetime });
  });

  router.add('POST', '/ims/token/v3', async ({ req, res, url }) => {
    const form = await readForm(req);
    url.searchParams.forEach((value, name) => form.has(name) || form.set(name, value));
    if (form.get('grant_type') !== 'client_credentials') {
      return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'unsupported grant_type parameter' });
    }
    const { client, refused } = clientAnswer(state, form.get('client_id'), form.get('client_secret'));
    if (refused) return sendJson(res, refused.status, { error: refused.error, error_description: refused.description });
    const requested = (form.get('scope') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const bound = new Set(client!.scopes ?? []);
    const unbound = requested.filter((s) => !bound.has(s));
    if (requested.length === 0 || unbound.length > 0) {
      return sendJson(res, 400, { error: 'invalid_scope', error_description: `Invalid scope: ${unbound.join(',') || '(none)'}` });
    }
    const lifetime = lifetimeMs(client!);
    sendJson(res, 200, { access_token: issueAccessToken(client!, requested.join(','), lifetime), token_type: 'bearer', expires_in: Math.floor(lifetime / 1000) });
  });

  router.add('POST', '/ims/validate_token/v1', async ({ req, res, url }) => {
    const form = await readForm(req);
    const token = form.get('token') ?? url.searchParams.get('token') ?? (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const result = checkAccessToken(token);
    if (!result.valid) return sendJson(res, 200, { valid: false, reason: result.reason });
    const expiresAt = Number(result.payload.created_at) + Number(result.payload.expires_in);
    sendJson(res, 200, { valid: true, expires_at: expiresAt, token: result.payload });
  });

  router.add('GET', '/ims/profile/v1', ({ req, res }) => {
    const result = checkAccessToken((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
    if (!result.valid) return sendJson(res, 401, { error: 'invalid_token', error_description: `Token is not valid: ${result.reason}` });
    const userId = String(result.payload.user_id);
    sendJson(res, 200, { userId, account_type: 'technical_account', email: userId, name: 'Technical account' });
  });
}

MODULES.push(installIms);
