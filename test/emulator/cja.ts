import type { RouteContext, Router } from './router';
import type { EmulatorState } from './state';
import { readBody, sendJson } from './http';
import { gatewayCaller, type GatewayCaller } from './gateway';
import { MODULES } from './server';

// Customer Journey Analytics as adobe-apis.md §5 describes it: `GET /data/dataviews` paged with
// `page`/`limit` (`totalPages`, `lastPage`, …), `GET /aresconfig/users/me`, and Adobe's published limits,
// which disagree: the FAQ's 12 requests per 6 s per user (the default here) and the reporting docs'
// 60 per minute per org with at most 6 concurrent (chosen with /__control/cja/limits).

type Json = Record<string, unknown>;

/** `user`: 12 / 6 s per user. `org`: 60 / min and 6 concurrent per org. `both`, or `none`. */
export type CjaLimitMode = 'user' | 'org' | 'both' | 'none';

export class CjaStore {
  mode: CjaLimitMode = 'user';
  dataviews = 25;
  /** Added to every answer so concurrency can be observed. */
  delayMs = 0;
  readonly userLog = new Map<string, number[]>();
  readonly orgLog = new Map<string, number[]>();
  readonly inFlight = new Map<string, number>();
  /** Requests refused with 429 (tests read it). */
  refused = 0;

  reset(): void {
    this.mode = 'user';
    this.dataviews = 25;
    this.delayMs = 0;
    this.userLog.clear();
    this.orgLog.clear();
    this.inFlight.clear();
    this.refused = 0;
  }
}

const stores = new WeakMap<EmulatorState, CjaStore>();

export function cjaStore(state: EmulatorState): CjaStore {
  let store = stores.get(state);
  if (!store) {
    const created = new CjaStore();
    stores.set(state, (store = created));
    state.resetHooks.push(() => created.reset());
  }
  return store;
}

const USER_LIMIT = { count: 12, windowMs: 6000 };
const ORG_LIMIT = { count: 60, windowMs: 60_000 };
const ORG_CONCURRENCY = 6;

/** Seconds until a slot frees in a sliding log (the Retry-After value), or 0 when there is room now. */
function waitFor(log: number[], limit: { count: number; windowMs: number }, now: number): number {
  while (log.length > 0 && log[0]! <= now - limit.windowMs) log.shift();
  if (log.length < limit.count) return 0;
  return Math.max(1, Math.ceil((log[0]! + limit.windowMs - now) / 1000));
}

const tooMany = (ctx: RouteContext, store: CjaStore, seconds: number): void => {
  store.refused++;
  sendJson(ctx.res, 429, { error_code: '429050', message: 'Too many requests' }, { 'retry-after': String(seconds) });
};

/** Runs the answer under the limits in force; a refused call answers 429 and does not count. */
async function limited(ctx: RouteContext, answer: (caller: GatewayCaller) => Json): Promise<void> {
  const caller = gatewayCaller(ctx);
  if (!caller) return;
  const store = cjaStore(ctx.state);
  const now = Date.now();
  const perUser = store.mode === 'user' || store.mode === 'both';
  const perOrg = store.mode === 'org' || store.mode === 'both';
  const userLog = store.userLog.get(caller.userId) ?? [];
  const orgLog = store.orgLog.get(caller.orgId) ?? [];
  const wait = Math.max(perUser ? waitFor(userLog, USER_LIMIT, now) : 0, perOrg ? waitFor(orgLog, ORG_LIMIT, now) : 0);
  if (wait > 0) return tooMany(ctx, store, wait);
  const active = store.inFlight.get(caller.orgId) ?? 0;
  if (perOrg && active >= ORG_CONCURRENCY) return tooMany(ctx, store, 1);
  userLog.push(now);
  orgLog.push(now);
  store.userLog.set(caller.userId, userLog);
  store.orgLog.set(caller.orgId, orgLog);
  store.inFlight.set(caller.orgId, active + 1);
  try {
    if (store.delayMs > 0) await new Promise((r) => setTimeout(r, store.delayMs));
    sendJson(ctx.res, 200, answer(caller));
  } finally {
    store.inFlight.set(caller.orgId, (store.inFlight.get(caller.orgId) ?? 1) - 1);
  }
}

function dataviews(ctx: RouteContext, caller: GatewayCaller): Json {
  const store = cjaStore(ctx.state);
  const q = ctx.url.searchParams;
  const limit = Math.min(1000, Math.max(1, Number(q.get('limit') ?? 10) || 10));
  const page = Math.max(0, Number(q.get('page') ?? 0) || 0);
  const totalElements = store.dataviews;
  const totalPages = Math.ceil(totalElements / limit);
  const content = [];
  for (let i = page * limit; i < Math.min(totalElements, (page + 1) * limit); i++) {
    content.push({ id: `dv_${String(i + 1).padStart(4, '0')}`, name: `Data view ${i + 1}`, owner: { imsUserId: caller.userId }, organization: caller.orgId });
  }
  return {
    content,
    totalElements,
    totalPages,
    number: page,
    numberOfElements: content.length,
    size: limit,
    firstPage: page === 0,
    lastPage: page >= totalPages - 1,
    sort: null,
  };
}

/** Base paths CJA is served under ('' = at the root, as on cja.adobe.io). */
export const CJA_BASE_PATHS: string[] = [''];

export function installCja(router: Router, state: EmulatorState): void {
  cjaStore(state);
  for (const base of CJA_BASE_PATHS) {
    router.add('GET', `${base}/data/dataviews`, (ctx) => limited(ctx, (caller) => dataviews(ctx, caller)));
    router.add('GET', `${base}/aresconfig/users/me`, (ctx) =>
      limited(ctx, (caller) => ({ imsUserId: caller.userId, imsOrgId: caller.orgId, fullName: 'Technical account', login: caller.userId, admin: false })));
  }
  router.add('POST', '/__control/cja/limits', async (ctx) => {
    const request = JSON.parse((await readBody(ctx.req)).toString('utf8')) as { mode?: CjaLimitMode; dataviews?: number; delayMs?: number };
    const store = cjaStore(ctx.state);
    if (request.mode !== undefined) {
      if (!['user', 'org', 'both', 'none'].includes(request.mode)) return sendJson(ctx.res, 400, { error: 'mode is one of user, org, both, none' });
      store.mode = request.mode;
    }
    if (request.dataviews !== undefined) store.dataviews = request.dataviews;
    if (request.delayMs !== undefined) store.delayMs = request.delayMs;
    store.userLog.clear();
    store.orgLog.clear();
    sendJson(ctx.res, 200, { mode: store.mode, dataviews: store.dataviews, delayMs: store.delayMs });
  });
  router.add('GET', '/__control/cja/limits', (ctx) => {
    const store = cjaStore(ctx.state);
    sendJson(ctx.res, 200, { mode: store.mode, dataviews: store.dataviews, delayMs: store.delayMs, refused: store.refused });
  });
}

MODULES.push(installCja);
