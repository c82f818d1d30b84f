import type { RouteContext, Router } from './router';
import type { EmulatorState } from './state';
import { readBody, sendJson } from './http';
import { gatewayCaller } from './gateway';
import { MODULES } from './server';

// Campaign Standard's profileAndServices API as adobe-apis.md §5 describes it: `/{tenant}/campaign/…` (the
// stage instance is `{tenant}-mkt-stage`), pages of `_lineCount` rows (25 by default) linked by
// `next.href`, a `.json` suffix accepted on resources, `_forcePagination=true` needed for `next` on tables
// over the big-table threshold, and Adobe's error bodies.

type Json = Record<string, unknown>;

export interface CampaignTenant {
  profiles: Json[];
  services: Json[];
  /** XtkBigTableThreshold: above this many rows, `next` only comes with `_forcePagination=true`. */
  bigTableThreshold: number;
  /** Clients whose technical account is in no Campaign product profile: 403023. */
  deniedClients: Set<string>;
}

const OOPS = { code: 500, message: 'Oops. Something went wrong. Check your URI and try again.' };
const TENANT = /^[a-z0-9][a-z0-9-]*$/;

export class CampaignStore {
  readonly tenants = new Map<string, CampaignTenant>();

  /** Every well-formed tenant exists, with 60 profiles and 5 services until a test seeds it. */
  tenant(name: string): CampaignTenant {
    let tenant = this.tenants.get(name);
    if (!tenant) this.tenants.set(name, (tenant = defaultTenant(name)));
    return tenant;
  }

  reset(): void {
    this.tenants.clear();
  }
}

function defaultTenant(name: string): CampaignTenant {
  const stage = name.endsWith('-mkt-stage');
  return {
    profiles: generatedProfiles(60, stage ? 'stage' : 'prod'),
    services: Array.from({ length: 5 }, (_, i) => ({ PKey: `@svc${i + 1}`, name: `newsletter${i + 1}`, label: `Newsletter ${i + 1}`, messageType: 'email', href: '' })),
    bigTableThreshold: 100_000,
    deniedClients: new Set(),
  };
}

function generatedProfiles(count: number, instance: string): Json[] {
  return Array.from({ length: count }, (_, i) => ({
    PKey: `@${instance}-profile-${i + 1}`,
    email: `customer${i + 1}@${instance}.example.com`,
    firstName: `Customer${i + 1}`,
    lastName: instance === 'stage' ? 'Stage' : 'Prod',
    birthDate: '1980-01-01',
  }));
}

const stores = new WeakMap<EmulatorState, CampaignStore>();

export function campaignStore(state: EmulatorState): CampaignStore {
  let store = stores.get(state);
  if (!store) {
    const created = new CampaignStore();
    stores.set(state, (store = created));
    state.resetHooks.push(() => created.reset());
  }
  return store;
}

// `_lineStart` is an opaque token in Adobe's answers; here it encodes the offset.
const lineStart = (offset: number): string => `@${Buffer.from(`offset:${offset}`).toString('base64url')}`;
function offsetOf(token: string | null): number | undefined {
  if (token === null) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(token.replace(/^@/, ''), 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

function listResource(ctx: RouteContext, rows: (tenant: CampaignTenant) => Json[], resource: string): void {
  const caller = gatewayCaller(ctx);
  if (!caller) return;
  const tenantName = ctx.params.tenant!;
  if (!TENANT.test(tenantName)) return sendJson(ctx.res, 500, OOPS);
  const tenant = campaignStore(ctx.state).tenant(tenantName);
  if (tenant.deniedClients.has(caller.clientId)) return sendJson(ctx.res, 403, { error_code: '403023', message: 'Profile is not valid' });
  const query = ctx.url.searchParams;
  const lineCount = query.get('_lineCount') === null ? 25 : Number(query.get('_lineCount'));
  const offset = offsetOf(query.get('_lineStart'));
  if (!Number.isInteger(lineCount) || lineCount < 1 || offset === undefined) return sendJson(ctx.res, 500, OOPS);
  const all = rows(tenant);
  const content = all.slice(offset, offset + lineCount).map((row) => ({ ...row, href: `${ctx.baseUrl}/${tenantName}/campaign/profileAndServices/${resource}/${String(row.PKey)}` }));
  const body: Json = { content, count: { value: all.length, href: `${ctx.baseUrl}${ctx.url.pathname}/_count` }, serverSidePagination: all.length > tenant.bigTableThreshold };
  const pagingAllowed = all.length <= tenant.bigTableThreshold || query.get('_forcePagination') === 'true';
  if (offset + lineCount < all.length && pagingAllowed) {
    const next = new URL(ctx.url.pathname, ctx.baseUrl);
    for (const [k, v] of query) if (k !== '_lineStart') next.searchParams.append(k, v);
    next.searchParams.set('_lineCount', String(lineCount));
    next.searchParams.set('_lineStart', lineStart(offset + lineCount));
    body.next = { href: next.toString() };
  }
  sendJson(ctx.res, 200, body);
}

interface CampaignSeed {
  tenant: string;
  /** A number of generated profiles, or the rows themselves. */
  profiles?: number | Json[];
  services?: number | Json[];
  bigTableThreshold?: number;
  deniedClients?: string[];
}

function seed(store: CampaignStore, request: CampaignSeed): CampaignTenant {
  const tenant = store.tenant(request.tenant);
  const instance = request.tenant.endsWith('-mkt-stage') ? 'stage' : 'prod';
  if (typeof request.profiles === 'number') tenant.profiles = generatedProfiles(request.profiles, instance);
  else if (Array.isArray(request.profiles)) tenant.profiles = request.profiles;
  if (typeof request.services === 'number') tenant.services = Array.from({ length: request.services }, (_, i) => ({ PKey: `@svc${i + 1}`, name: `service${i + 1}` }));
  else if (Array.isArray(request.services)) tenant.services = request.services;
  if (request.bigTableThreshold !== undefined) tenant.bigTableThreshold = request.bigTableThreshold;
  if (request.deniedClients) tenant.deniedClients = new Set(request.deniedClients);
  return tenant;
}

/** Base paths under which `/{tenant}/campaign/…` is served ('' = at the root, as on mc.adobe.io). */
export const CAMPAIGN_BASE_PATHS: string[] = [''];

export function installCampaign(router: Router, state: EmulatorState): void {
  campaignStore(state);
  for (const base of CAMPAIGN_BASE_PATHS) {
    const root = `${base}/:tenant/campaign/profileAndServices`;
    for (const suffix of ['', '.json']) {
      router.add('GET', `${root}/profile${suffix}`, (ctx) => listResource(ctx, (t) => t.profiles, 'profile'));
      router.add('GET', `${root}/service${suffix}`, (ctx) => listResource(ctx, (t) => t.services, 'service'));
    }
    router.add('GET', `${root}/profile/:pkey`, (ctx) => {
      const caller = gatewayCaller(ctx);
      if (!caller) return;
      const row = campaignStore(ctx.state).tenant(ctx.params.tenant!).profiles.find((p) => p.PKey === ctx.params.pkey!.replace(/\.json$/, ''));
      return row ? sendJson(ctx.res, 200, row) : sendJson(ctx.res, 404, { error_code: '404001', message: 'Resource not found' });
    });
    // Any other resource under the tenant's API: Campaign's generic 500.
    router.add('GET', `${base}/:tenant/campaign/:resource`, (ctx) => (gatewayCaller(ctx) ? sendJson(ctx.res, 500, OOPS) : undefined));
    router.add('GET', `${base}/:tenant/campaign/:resource/:sub`, (ctx) => (gatewayCaller(ctx) ? sendJson(ctx.res, 500, OOPS) : undefined));
  }
  router.add('POST', '/__control/campaign/seed', async (ctx) => {
    const request = JSON.parse((await readBody(ctx.req)).toString('utf8')) as CampaignSeed;
    if (!request.tenant || !TENANT.test(request.tenant)) return sendJson(ctx.res, 400, { error: 'tenant is required (lower-case letters, digits and dashes)' });
    const tenant = seed(campaignStore(ctx.state), request);
    sendJson(ctx.res, 200, { tenant: request.tenant, profiles: tenant.profiles.length, services: tenant.services.length, bigTableThreshold: tenant.bigTableThreshold });
  });
}

MODULES.push(installCampaign);
