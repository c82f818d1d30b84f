// What the response webview is sent for one exchange: a pure function, so its redaction and limits are unit-tested.
import { bodyText, hexSummary, type Exchange } from '../../core/http/exchange';
import type { BodyModel, ConnectionModel, RedirectHopModel, ResponseModel, TimingsModel } from '../../webview/protocol';

/** Bodies larger than this are summarised with "open in editor" / "save" instead of rendered. */
export const RENDER_LIMIT_BYTES = 5 * 1024 * 1024;

/** `14:32` today, `2026-12-02 14:32` on another day (local time). */
export function formatExpiry(expiresAt: number, now: number): string {
  const d = new Date(expiresAt);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return new Date(now).toDateString() === d.toDateString() ? time : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`;
}

/** The masked Authorization value: `Bearer •••• (expires 14:32)`; the token itself never gets here. */
export function authorizationDisplay(value: string, auth: Exchange['auth'], now: number): string {
  const scheme = /^\s*(\S+)/.exec(value)?.[1] ?? '';
  const dots = scheme && scheme !== '***' ? `${scheme} ••••` : '••••';
  return auth?.expiresAt !== undefined ? `${dots} (expires ${formatExpiry(auth.expiresAt, now)})` : dots;
}

function bodyModel(body: NonNullable<Exchange['response']>['body'], kept: boolean, limit: number): BodyModel {
  if (!kept) return { kind: 'not-kept', size: body.size };
  if (body.kind === 'empty') return { kind: 'empty' };
  if (body.size > limit) return { kind: 'too-large', size: body.size, mime: body.mime };
  if (body.kind === 'image' && body.bytes) return { kind: 'image', mime: body.mime, base64: Buffer.from(body.bytes).toString('base64') };
  if (body.bytes) return { kind: 'binary', hex: hexSummary(body.bytes), size: body.size };
  return { kind: body.kind === 'image' || body.kind === 'binary' ? 'text' : body.kind, text: bodyText(body) ?? '' };
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Only well-formed connection facts go out (a history file from disk may hold anything). */
function connectionModel(c: unknown): ConnectionModel | undefined {
  if (typeof c !== 'object' || c === null) return undefined;
  const { connection, dnsMs, connectMs, tlsMs } = c as Record<string, unknown>;
  if (connection !== 'new' && connection !== 'reused') return undefined;
  return { connection, ...(num(dnsMs) ? { dnsMs } : {}), ...(num(connectMs) ? { connectMs } : {}), ...(num(tlsMs) ? { tlsMs } : {}) };
}

function timingsModel(t: NonNullable<Exchange['response']>['timings']): TimingsModel {
  const connection = connectionModel(t.connection);
  return { firstByteMs: t.firstByteMs, totalMs: t.totalMs, ...(num(t.waitedMs) ? { waitedMs: t.waitedMs } : {}), ...(connection ? { connection } : {}) };
}

function hopModels(hops: unknown): RedirectHopModel[] | undefined {
  if (!Array.isArray(hops)) return undefined;
  const out: RedirectHopModel[] = [];
  for (const hop of hops.slice(0, 100) as Array<Record<string, unknown>>) {
    if (typeof hop !== 'object' || hop === null || typeof hop.method !== 'string' || typeof hop.url !== 'string' || !num(hop.status) || !num(hop.ms)) continue;
    const connection = connectionModel(hop.connection);
    out.push({ method: hop.method, url: hop.url, status: hop.status, ...(typeof hop.location === 'string' ? { location: hop.location } : {}), ms: hop.ms, ...(connection ? { connection } : {}) });
  }
  return out.length > 0 ? out : undefined;
}

export function toResponseModel(exchange: Exchange, options: { canResend: boolean; now?: number; renderLimit?: number; bodyKept?: boolean }): ResponseModel {
  const now = options.now ?? Date.now();
  const rq = exchange.request;
  const model: ResponseModel = {
    exchangeId: exchange.id,
    at: exchange.at,
    request: {
      method: rq.method,
      url: rq.url,
      headers: rq.headers.map(([n, v]) => [n, n.toLowerCase() === 'authorization' ? authorizationDisplay(v, exchange.auth, now) : v]),
      ...(rq.body !== undefined ? { body: rq.body } : {}),
    },
    canResend: options.canResend,
  };
  if (exchange.error) model.error = { ...exchange.error };
  const rs = exchange.response;
  if (rs) {
    const redirects = hopModels(rs.redirects);
    model.response = {
      status: rs.status,
      statusText: rs.statusText,
      protocol: rs.protocol,
      url: rs.url,
      headers: rs.headers,
      size: rs.body.size,
      timings: timingsModel(rs.timings),
      ...(redirects ? { redirects } : {}),
      body: bodyModel(rs.body, options.bodyKept ?? true, options.renderLimit ?? RENDER_LIMIT_BYTES),
    };
  }
  return model;
}
