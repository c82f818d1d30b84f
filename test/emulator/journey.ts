import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteContext, Router } from './router';
import type { EmulatorState } from './state';
import { readBody, sendEmpty, sendJson } from './http';
import { checkAccessToken } from './ims';
import { MODULES } from './server';

// Journey Optimizer's capping (endpointConfigs) and throttling (throttlingConfigs) APIs as adobe-apis.md §4
// documents them, under both base paths (/journey/orchestration and the legacy /authoring). State is kept
// per org and sandbox. Validation here is written on its own, from the docs, and never imports the
// extension's validator: the shared fixtures in test/fixtures/journey run against both.

type Json = Record<string, unknown>;

export interface EmulatedSandbox {
  name: string;
  /** `production` or `development`. */
  type: string;
  id: string;
}

interface Stored {
  element: Json;
  /** Whether the config was edited since it was created (undeploy goes back to `updated`, not `created`). */
  edited: boolean;
}

interface OrgData {
  /** sandbox name → uid → capping config. */
  capping: Map<string, Map<string, Stored>>;
  /** uid → throttling config: one namespace per org, whatever the sandbox. */
  throttling: Map<string, Stored>;
}

export class JourneyStore {
  readonly sandboxes = new Map<string, EmulatedSandbox>();
  readonly orgs = new Map<string, OrgData>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.orgs.clear();
    this.sandboxes.clear();
    this.addSandbox('prod', 'production');
    this.addSandbox('dev', 'development');
  }

  addSandbox(name: string, type: string): EmulatedSandbox {
    const sandbox = { name, type, id: randomUUID() };
    this.sandboxes.set(name, sandbox);
    return sandbox;
  }

  org(orgId: string): OrgData {
    let data = this.orgs.get(orgId);
    if (!data) this.orgs.set(orgId, (data = { capping: new Map(), throttling: new Map() }));
    return data;
  }

  cappingIn(orgId: string, sandbox: string): Map<string, Stored> {
    const org = this.org(orgId);
    let configs = org.capping.get(sandbox);
    if (!configs) org.capping.set(sandbox, (configs = new Map()));
    return configs;
  }
}

const stores = new WeakMap<EmulatorState, JourneyStore>();

/** The Journey state of an emulator (tests seed and inspect it directly, other processes through /__control/journey). */
export function journeyStore(state: EmulatorState): JourneyStore {
  let store = stores.get(state);
  if (!store) {
    const created = new JourneyStore();
    stores.set(state, (store = created));
    state.resetHooks.push(() => created.reset());
  }
  return store;
}

// ---- validation, written from the docs ----

interface Problem {
  code: string;
  message: string;
}

interface Checked {
  error?: Problem;
  warnings: Array<{ warningCode: string; warning: string; scope?: Json }>;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const wholeAtLeast = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min;

/** `ok`, `malformed` or `wildcard` for a capping url / throttling urlPattern. */
function urlShape(value: string): 'ok' | 'malformed' | 'wildcard' {
  const m = /^(https?):\/\/([^/?#]+)(.*)$/i.exec(value.trim());
  if (!m) return 'malformed';
  if (m[2].includes('*')) return 'wildcard';
  if (m[2].includes('@') || /\s/.test(m[3])) return 'malformed';
  const [host, port, extra] = m[2].split(':');
  if (extra !== undefined || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host) || host.includes('..')) return 'malformed';
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return 'malformed';
  return 'ok';
}

const CAPPING_METHOD_NAMES = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTION']);
const THROTTLING_METHOD_NAMES = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

function checkMethods(methods: unknown, allowed: Set<string>): 'missing' | 'invalid' | 'ok' {
  if (methods === undefined || methods === null || (Array.isArray(methods) && methods.length === 0)) return 'missing';
  if (!Array.isArray(methods)) return 'invalid';
  if (methods.some((m) => typeof m !== 'string' || !allowed.has(m))) return 'invalid';
  return new Set(methods).size === methods.length ? 'ok' : 'invalid';
}

function checkCapping(body: unknown): Checked {
  const warnings: Checked['warnings'] = [];
  const fail = (code: string, message: string): Checked => ({ error: { code, message }, warnings });
  if (!isObj(body)) return fail('ERR_ENDPOINTCONFIG_111', 'capping config: invalid payload');
  if (body.url === undefined || body.url === null || body.url === '') return fail('ERR_ENDPOINTCONFIG_100', 'capping config: missing url');
  if (typeof body.url !== 'string') return fail('ERR_ENDPOINTCONFIG_100', 'capping config: missing url');
  const shape = urlShape(body.url);
  if (shape === 'malformed') return fail('ERR_ENDPOINTCONFIG_101', 'capping config: malformed url');
  if (shape === 'wildcard') return fail('ERR_ENDPOINTCONFIG_102', 'capping config: url with wildcard in host or port');
  const methods = checkMethods(body.methods, CAPPING_METHOD_NAMES);
  if (methods !== 'ok') return fail('ERR_ENDPOINTCONFIG_103', 'capping config: missing or invalid methods');
  if (body.orgId !== undefined && typeof body.orgId !== 'string') return fail('ERR_ENDPOINTCONFIG_111', 'capping config: invalid payload');
  const services = body.services;
  if (!isObj(services) || Object.keys(services).length === 0) return fail('ERR_AUTHORING_ENDPOINTCONFIG_1', 'service must be dataSource or action');
  for (const [name, service] of Object.entries(services)) {
    if (name !== 'dataSource' && name !== 'action') return fail('ERR_AUTHORING_ENDPOINTCONFIG_1', 'service must be dataSource or action');
    if (!isObj(service)) return fail('ERR_ENDPOINTCONFIG_111', 'capping config: invalid payload');
    if (!isObj(service.rating)) return fail('ERR_ENDPOINTCONFIG_104', 'capping config: missing rating');
    if (!wholeAtLeast(service.rating.maxCallsCount, 1)) return fail('ERR_ENDPOINTCONFIG_107', 'capping config: invalid maxCallsCount');
    if (!wholeAtLeast(service.rating.periodInMs, 1)) return fail('ERR_ENDPOINTCONFIG_108', 'capping config: invalid periodInMs');
    const connections = service.maxHttpConnections;
    if (connections === undefined || connections === null) {
      warnings.push({
        warningCode: 'ERR_ENDPOINTCONFIG_106',
        warning: 'capping config: maxHttpConnections not set',
        scope: { endpointConfigService: name, endpointConfigUrl: body.url },
      });
    } else if (!wholeAtLeast(connections, 1) || (connections as number) > 400) {
      return fail('ERR_ENDPOINTCONFIG_111', 'capping config: invalid maxHttpConnections');
    }
  }
  return { warnings };
}

function checkThrottling(body: unknown): Checked {
  const fail = (code: string, message: string): Checked => ({ error: { code, message }, warnings: [] });
  if (!isObj(body)) return fail('ERR_THROTTLING_CONFIG_106', 'throttling config: invalid payload');
  for (const name of ['urlPattern', 'methods', 'maxThroughput']) {
    if (body[name] === undefined || body[name] === null || body[name] === '') return fail('ERR_THROTTLING_CONFIG_100', `throttling config: missing attribute ${name}`);
  }
  if (typeof body.urlPattern !== 'string') return fail('ERR_THROTTLING_CONFIG_104', 'throttling config: malformed url pattern');
  const shape = urlShape(body.urlPattern);
  if (shape === 'malformed') return fail('ERR_THROTTLING_CONFIG_104', 'throttling config: malformed url pattern');
  if (shape === 'wildcard') return fail('ERR_THROTTLING_CONFIG_105', 'throttling config: wildcard in host');
  if (checkMethods(body.methods, THROTTLING_METHOD_NAMES) !== 'ok') return fail('ERR_THROTTLING_CONFIG_106', 'throttling config: invalid methods');
  const rate = body.maxThroughput;
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 200 || rate > 5000) return fail('ERR_THROTTLING_CONFIG_101', 'throttling config: maxThroughput must be between 200 and 5000');
  if ((body.name !== undefined && typeof body.name !== 'string') || (body.description !== undefined && typeof body.description !== 'string')) {
    return fail('ERR_THROTTLING_CONFIG_106', 'throttling config: invalid payload');
  }
  return { warnings: [] };
}

function canDeployOf(checked: Checked): Json {
  if (checked.error) {
    return {
      validationStatus: 'error',
      reason: '1 error is currently blocking the publication',
      errors: [{ errorCode: checked.error.code, error: checked.error.message }],
      ...(checked.warnings.length ? { warnings: checked.warnings } : {}),
    };
  }
  return { validationStatus: 'ok', ...(checked.warnings.length ? { warnings: checked.warnings } : {}) };
}

// ---- answers ----

const requestId = () => randomUUID();

/** Capping answers carry `error` as an object (Adobe's spec). */
function cappingError(res: ServerResponse, status: number, code: string | number | undefined, message: string): void {
  sendJson(res, status, { status, error: { ...(code !== undefined ? { code } : {}), family: status >= 500 ? 'INTERNAL_ERROR' : 'INPUT_OUTPUT_ERROR', message }, requestId: requestId() });
}

/** Throttling answers carry `error` as a JSON string (Adobe's throttling docs). */
function throttlingError(res: ServerResponse, status: number, code: number | string, message: string, family = status >= 500 ? 'INTERNAL_ERROR' : 'INPUT_OUTPUT_ERROR'): void {
  sendJson(res, status, { status, error: JSON.stringify({ code, family, message }), requestId: requestId() });
}

interface Caller {
  orgId: string;
  userId: string;
  sandbox: EmulatedSandbox;
}

/** Checks token, api key, org and sandbox as Adobe's gateway does; undefined when it already answered. */
function caller(ctx: RouteContext, store: JourneyStore, kind: 'capping' | 'throttling'): Caller | undefined {
  const { req, res, state } = ctx;
  const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
  const checked = token ? checkAccessToken(token) : undefined;
  if (!checked?.valid) {
    sendJson(res, 401, { error_code: '401013', message: 'Oauth token is not valid' });
    return undefined;
  }
  const clientId = String(checked.payload.client_id);
  const client = state.clients.get(clientId);
  if (!client) {
    sendJson(res, 401, { error_code: '401013', message: 'Oauth token is not valid' });
    return undefined;
  }
  if (req.headers['x-api-key'] !== clientId) {
    sendJson(res, 403, { error_code: '403003', message: 'Api Key is invalid' });
    return undefined;
  }
  if (req.headers['x-gw-ims-org-id'] !== client.orgId) {
    sendJson(res, 403, { error_code: '403010', message: 'The x-gw-ims-org-id header does not match the organization of the access token' });
    return undefined;
  }
  const name = String(req.headers['x-sandbox-name'] ?? 'prod');
  const sandbox = store.sandboxes.get(name);
  if (!sandbox) {
    const message = `Sandbox ${name} does not exist`;
    if (kind === 'throttling') throttlingError(res, 500, 4000, message, 'INTERNAL_ERROR');
    else cappingError(res, 500, 4000, message);
    return undefined;
  }
  return { orgId: client.orgId, userId: String(checked.payload.user_id ?? clientId), sandbox };
}

async function readJson(req: IncomingMessage): Promise<{ value: unknown } | { invalid: true }> {
  const text = (await readBody(req)).toString('utf8');
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { invalid: true };
  }
}

const now = () => new Date().toISOString();
const copy = <T>(v: T): T => structuredClone(v);

function cappingPayload(body: Json): Json {
  return { url: body.url, methods: body.methods, services: body.services, ...(body.orgId !== undefined ? { orgId: body.orgId } : {}) };
}

function throttlingPayload(body: Json): Json {
  const out: Json = { urlPattern: body.urlPattern, methods: body.methods, maxThroughput: body.maxThroughput };
  if (body.name !== undefined) out.name = body.name;
  if (body.description !== undefined) out.description = body.description;
  return out;
}

/** The live copy Adobe stores on deploy: no connection limit is written as -1. */
function deployedCopy(element: Json): Json {
  const services = copy((element.services ?? {}) as Record<string, Json>);
  for (const service of Object.values(services)) if (isObj(service) && service.maxHttpConnections === undefined) service.maxHttpConnections = -1;
  return { url: element.url, methods: copy(element.methods), services, ...(element.orgId !== undefined ? { orgId: element.orgId } : {}) };
}

function newCapping(payload: Json, who: Caller, uid: string = randomUUID()): Json {
  const at = now();
  return {
    ...payload,
    orgId: payload.orgId ?? who.orgId,
    uid,
    _id: uid,
    state: 'created',
    hasBeenDeployed: false,
    metadata: { createdAt: at, createdBy: who.userId, lastModifiedAt: at, lastModifiedBy: who.userId },
    sandboxName: who.sandbox.name,
    sandboxId: who.sandbox.id,
    tenantId: who.orgId.replace(/@AdobeOrg$/, '').toLowerCase(),
    authoringFormatVersion: '1.0',
  };
}

function newThrottling(payload: Json, who: Caller, uid: string = randomUUID()): Json {
  const at = now();
  return {
    ...payload,
    uid,
    _id: `${uid}_${who.sandbox.id}`,
    orgId: who.orgId,
    state: 'created',
    hasBeenDeployed: false,
    metadata: { createdAt: at, createdBy: who.userId, lastModifiedAt: at, lastModifiedBy: who.userId },
    sandboxName: who.sandbox.name,
    sandboxId: who.sandbox.id,
  };
}

function installCapping(router: Router, base: string): void {
  const configs = (ctx: RouteContext): { who: Caller; map: Map<string, Stored> } | undefined => {
    const store = journeyStore(ctx.state);
    const who = caller(ctx, store, 'capping');
    return who ? { who, map: store.cappingIn(who.orgId, who.sandbox.name) } : undefined;
  };
  const found = (ctx: RouteContext, map: Map<string, Stored>): Stored | undefined => {
    const stored = map.get(ctx.params.uid);
    if (!stored) cappingError(ctx.res, 404, undefined, `endpointConfig ${ctx.params.uid} not found`);
    return stored;
  };

  router.add('POST', `${base}/list/endpointConfigs`, (ctx) => {
    const scope = configs(ctx);
    if (scope) sendJson(ctx.res, 200, { results: [...scope.map.values()].map((s) => s.element) });
  });

  router.add('POST', `${base}/endpointConfigs`, async (ctx) => {
    const scope = configs(ctx);
    if (!scope) return;
    const body = await readJson(ctx.req);
    if ('invalid' in body) return cappingError(ctx.res, 400, 'ERR_ENDPOINTCONFIG_112', 'capping config: payload is not JSON');
    const checked = checkCapping(body.value);
    if (checked.error) return cappingError(ctx.res, 400, checked.error.code, checked.error.message);
    const element = newCapping(cappingPayload(body.value as Json), scope.who);
    scope.map.set(String(element.uid), { element, edited: false });
    sendJson(ctx.res, 200, { createdElement: element, uid: element.uid, uri: `/voyager/apis/endpointConfigs/${String(element.uid)}`, resStatus: 'created', canDeploy: canDeployOf(checked) });
  });

  router.add('GET', `${base}/endpointConfigs/:uid`, (ctx) => {
    const scope = configs(ctx);
    const stored = scope && found(ctx, scope.map);
    if (stored) sendJson(ctx.res, 200, { result: stored.element });
  });

  router.add('PUT', `${base}/endpointConfigs/:uid`, async (ctx) => {
    const scope = configs(ctx);
    const stored = scope && found(ctx, scope.map);
    if (!scope || !stored) return;
    const body = await readJson(ctx.req);
    if ('invalid' in body) return cappingError(ctx.res, 400, 'ERR_ENDPOINTCONFIG_112', 'capping config: payload is not JSON');
    const checked = checkCapping(body.value);
    if (checked.error) return cappingError(ctx.res, 400, checked.error.code, checked.error.message);
    // A full overwrite; a deployed config keeps its live copy (deployedConfig) until it is deployed again.
    const old = stored.element;
    const element: Json = {
      ...cappingPayload(body.value as Json),
      orgId: (body.value as Json).orgId ?? old.orgId,
      uid: old.uid,
      _id: old._id,
      state: 'updated',
      hasBeenDeployed: old.hasBeenDeployed,
      metadata: { ...(old.metadata as Json), lastModifiedAt: now(), lastModifiedBy: scope.who.userId },
      sandboxName: old.sandboxName,
      sandboxId: old.sandboxId,
      tenantId: old.tenantId,
      authoringFormatVersion: old.authoringFormatVersion,
      ...(old.deployedConfig ? { deployedConfig: old.deployedConfig } : {}),
    };
    scope.map.set(ctx.params.uid, { element, edited: true });
    sendJson(ctx.res, 200, { updatedElement: element, uid: element.uid, uri: `/voyager/apis/endpointConfigs/${ctx.params.uid}`, resStatus: 'updated', canDeploy: canDeployOf(checked) });
  });

  router.add('DELETE', `${base}/endpointConfigs/:uid`, (ctx) => {
    const scope = configs(ctx);
    const stored = scope && found(ctx, scope.map);
    if (!scope || !stored) return;
    const live = stored.element.deployedConfig !== undefined || stored.element.state === 'deployed';
    if (live && ctx.url.searchParams.get('forceDelete') !== 'true') {
      return cappingError(ctx.res, 500, 1451, 'Cannot delete a deployed endpoint config; undeploy it first or use forceDelete=true');
    }
    scope.map.delete(ctx.params.uid);
    sendJson(ctx.res, 200, {});
  });

  const canDeploy = (ctx: RouteContext) => {
    const scope = configs(ctx);
    const stored = scope && found(ctx, scope.map);
    if (stored) sendJson(ctx.res, 200, { canDeploy: canDeployOf(checkCapping(cappingPayload(stored.element))) });
  };
  router.add('GET', `${base}/endpointConfigs/:uid/canDeploy`, canDeploy);
  router.add('POST', `${base}/endpointConfigs/:uid/canDeploy`, canDeploy);

  router.add('POST', `${base}/endpointConfigs/:uid/deploy`, (ctx) => {
    const scope = configs(ctx);
    const stored = scope && found(ctx, scope.map);
    if (!scope || !stored) return;
    const checked = checkCapping(cappingPayload(stored.element));
    if (checked.error) return cappingError(ctx.res, 500, checked.error.code, `Cannot deploy an invalid endpoint config: ${checked.error.message}`);
    const e = stored.element;
    e.deployedConfig = deployedCopy(e);
    e.state = 'deployed';
    e.hasBeenDeployed = true;
    e.metadata = { ...(e.metadata as Json), lastDeployedAt: now(), lastDeployedBy: scope.who.userId };
    sendEmpty(ctx.res, 204);
  });

  router.add('POST', `${base}/endpointConfigs/:uid/undeploy`, (ctx) => {
    const scope = configs(ctx);
    const stored = scope && found(ctx, scope.map);
    if (!scope || !stored) return;
    // 204 whether or not it was deployed; the state goes back to what it was before the deploy.
    delete stored.element.deployedConfig;
    stored.element.state = stored.edited ? 'updated' : 'created';
    sendEmpty(ctx.res, 204);
  });
}

function installThrottling(router: Router, base: string): void {
  const scopeOf = (ctx: RouteContext): { who: Caller; map: Map<string, Stored> } | undefined => {
    const store = journeyStore(ctx.state);
    const who = caller(ctx, store, 'throttling');
    return who ? { who, map: store.org(who.orgId).throttling } : undefined;
  };
  const production = (ctx: RouteContext, who: Caller): boolean => {
    if (who.sandbox.type === 'production') return true;
    throttlingError(ctx.res, 400, 1463, `Throttling configs can only be managed in a production sandbox; ${who.sandbox.name} is a ${who.sandbox.type} sandbox`);
    return false;
  };
  const found = (ctx: RouteContext, map: Map<string, Stored>): Stored | undefined => {
    const stored = map.get(ctx.params.uid);
    if (!stored) throttlingError(ctx.res, 404, 14467, `Throttling config ${ctx.params.uid} not found`);
    return stored;
  };

  router.add('POST', `${base}/list/throttlingConfigs`, (ctx) => {
    const scope = scopeOf(ctx);
    if (scope) sendJson(ctx.res, 200, { results: [...scope.map.values()].map((s) => s.element) });
  });

  router.add('POST', `${base}/throttlingConfigs`, async (ctx) => {
    const scope = scopeOf(ctx);
    if (!scope || !production(ctx, scope.who)) return;
    const body = await readJson(ctx.req);
    if ('invalid' in body) return throttlingError(ctx.res, 400, 'ERR_THROTTLING_CONFIG_106', 'throttling config: payload is not JSON');
    const checked = checkThrottling(body.value);
    if (checked.error) return throttlingError(ctx.res, 400, checked.error.code, checked.error.message);
    if (scope.map.size > 0) return throttlingError(ctx.res, 400, 1465, 'Only one throttling config is allowed per organization');
    const element = newThrottling(throttlingPayload(body.value as Json), scope.who);
    scope.map.set(String(element.uid), { element, edited: false });
    sendJson(ctx.res, 200, { createdElement: element, uid: element.uid, uri: `/voyager/apis/throttlingConfigs/${String(element.uid)}`, resStatus: 'created', canDeploy: canDeployOf(checked) });
  });

  router.add('GET', `${base}/throttlingConfigs/:uid`, (ctx) => {
    const scope = scopeOf(ctx);
    const stored = scope && found(ctx, scope.map);
    if (stored) sendJson(ctx.res, 200, { result: stored.element });
  });

  router.add('PUT', `${base}/throttlingConfigs/:uid`, async (ctx) => {
    const scope = scopeOf(ctx);
    if (!scope || !production(ctx, scope.who)) return;
    const stored = found(ctx, scope.map);
    if (!stored) return;
    const body = await readJson(ctx.req);
    if ('invalid' in body) return throttlingError(ctx.res, 400, 'ERR_THROTTLING_CONFIG_106', 'throttling config: payload is not JSON');
    const checked = checkThrottling(body.value);
    if (checked.error) return throttlingError(ctx.res, 400, checked.error.code, checked.error.message);
    const old = stored.element;
    // A deployed throttling config takes an update at once: it stays deployed.
    const element: Json = {
      ...throttlingPayload(body.value as Json),
      uid: old.uid,
      _id: old._id,
      orgId: old.orgId,
      state: old.state === 'deployed' ? 'deployed' : 'updated',
      hasBeenDeployed: old.hasBeenDeployed,
      metadata: { ...(old.metadata as Json), lastModifiedAt: now(), lastModifiedBy: scope.who.userId },
      sandboxName: old.sandboxName,
      sandboxId: old.sandboxId,
      ...(old.version !== undefined ? { version: old.version } : {}),
    };
    scope.map.set(ctx.params.uid, { element, edited: true });
    sendJson(ctx.res, 200, { updatedElement: element, uid: element.uid, uri: `/voyager/apis/throttlingConfigs/${ctx.params.uid}`, resStatus: 'updated', canDeploy: canDeployOf(checked) });
  });

  router.add('DELETE', `${base}/throttlingConfigs/:uid`, (ctx) => {
    const scope = scopeOf(ctx);
    const stored = scope && found(ctx, scope.map);
    if (!scope || !stored) return;
    if (stored.element.state === 'deployed' && ctx.url.searchParams.get('forceDelete') !== 'true') {
      return throttlingError(ctx.res, 500, 1456, 'Cannot delete a deployed throttling config; undeploy it first or use forceDelete=true');
    }
    scope.map.delete(ctx.params.uid);
    sendJson(ctx.res, 200, {});
  });

  const canDeploy = (ctx: RouteContext) => {
    const scope = scopeOf(ctx);
    const stored = scope && found(ctx, scope.map);
    if (stored) sendJson(ctx.res, 200, { canDeploy: canDeployOf(checkThrottling(throttlingPayload(stored.element))) });
  };
  router.add('GET', `${base}/throttlingConfigs/:uid/canDeploy`, canDeploy);
  router.add('POST', `${base}/throttlingConfigs/:uid/canDeploy`, canDeploy);

  router.add('POST', `${base}/throttlingConfigs/:uid/deploy`, (ctx) => {
    const scope = scopeOf(ctx);
    if (!scope || !production(ctx, scope.who)) return;
    const stored = found(ctx, scope.map);
    if (!stored) return;
    const e = stored.element;
    if (e.state === 'deployed') return throttlingError(ctx.res, 400, 14466, 'Throttling config is already deployed');
    const checked = checkThrottling(throttlingPayload(e));
    if (checked.error) return throttlingError(ctx.res, 500, 1458, `Cannot deploy the throttling config: ${checked.error.message}`);
    e.state = 'deployed';
    e.hasBeenDeployed = true;
    e.version = typeof e.version === 'number' ? e.version + 1 : 1;
    e.metadata = { ...(e.metadata as Json), lastDeployedAt: now(), lastDeployedBy: scope.who.userId };
    sendEmpty(ctx.res, 204);
  });

  router.add('POST', `${base}/throttlingConfigs/:uid/undeploy`, (ctx) => {
    const scope = scopeOf(ctx);
    if (!scope || !production(ctx, scope.who)) return;
    const stored = found(ctx, scope.map);
    if (!stored) return;
    if (stored.element.state !== 'deployed') return throttlingError(ctx.res, 400, 14468, 'Throttling config is not deployed');
    stored.element.state = stored.edited ? 'updated' : 'created';
    sendEmpty(ctx.res, 204);
  });
}

// ---- control routes ----

interface SeedRequest {
  orgId: string;
  /** Sandbox name (default `prod`). */
  sandbox?: string;
  /** Elements stored as given (no validation, so invalid or deployed configs can be set up); missing fields are filled in. */
  capping?: Json[];
  throttling?: Json[];
}

function seed(store: JourneyStore, request: SeedRequest): { capping: Json[]; throttling: Json[] } {
  const sandbox = store.sandboxes.get(request.sandbox ?? 'prod') ?? store.addSandbox(request.sandbox ?? 'prod', 'development');
  const who: Caller = { orgId: request.orgId, userId: 'seed@techacct.adobe.com', sandbox };
  const out = { capping: [] as Json[], throttling: [] as Json[] };
  for (const given of request.capping ?? []) {
    const element = { ...newCapping(cappingPayload(given), who, typeof given.uid === 'string' ? given.uid : undefined), ...given };
    if (element.state === 'deployed' && !element.deployedConfig) element.deployedConfig = deployedCopy(element);
    if (element.deployedConfig) element.hasBeenDeployed = true;
    store.cappingIn(request.orgId, sandbox.name).set(String(element.uid), { element, edited: element.state === 'updated' });
    out.capping.push(element);
  }
  for (const given of request.throttling ?? []) {
    const element = { ...newThrottling(throttlingPayload(given), who, typeof given.uid === 'string' ? given.uid : undefined), ...given };
    if (element.state === 'deployed') {
      element.hasBeenDeployed = true;
      element.version ??= 1;
    }
    store.org(request.orgId).throttling.set(String(element.uid), { element, edited: element.state === 'updated' });
    out.throttling.push(element);
  }
  return out;
}

function installControl(router: Router): void {
  router.add('POST', '/__control/journey/seed', async (ctx) => {
    const request = JSON.parse((await readBody(ctx.req)).toString('utf8')) as SeedRequest;
    if (!request.orgId) return sendJson(ctx.res, 400, { error: 'orgId is required' });
    sendJson(ctx.res, 200, seed(journeyStore(ctx.state), request));
  });
  router.add('POST', '/__control/journey/reset', (ctx) => {
    journeyStore(ctx.state).reset();
    sendJson(ctx.res, 200, { reset: true });
  });
  router.add('GET', '/__control/journey/sandboxes', (ctx) => {
    sendJson(ctx.res, 200, { sandboxes: [...journeyStore(ctx.state).sandboxes.values()] });
  });
  router.add('POST', '/__control/journey/sandboxes', async (ctx) => {
    const { name, type } = JSON.parse((await readBody(ctx.req)).toString('utf8')) as { name?: string; type?: string };
    if (!name) return sendJson(ctx.res, 400, { error: 'name is required' });
    sendJson(ctx.res, 200, journeyStore(ctx.state).addSandbox(name, type ?? 'development'));
  });
}

export { seed as seedJourney, type SeedRequest };

/** Base paths: Journey Optimizer (current) and Journey Orchestration (legacy). */
export const JOURNEY_BASE_PATHS = ['/journey/orchestration', '/authoring'] as const;

export function installJourney(router: Router, state: EmulatorState): void {
  journeyStore(state);
  for (const base of JOURNEY_BASE_PATHS) {
    installCapping(router, base);
    installThrottling(router, base);
  }
  installControl(router);
}

MODULES.push(installJourney);
