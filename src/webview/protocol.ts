// The one message protocol between the extension and the response webview. Both sides compile this file;
// each side checks what arrives with the parse functions below before acting on it. No secret is ever part
// of a message: request headers arrive already masked, tokens never leave the extension.

/** How the webview renders a body. `too-large`: summarised, with open/save actions instead of rendering. */
export type BodyModel =
  | { kind: 'empty' }
  | { kind: 'json' | 'xml' | 'html' | 'text'; text: string }
  | { kind: 'image'; mime: string; base64: string }
  | { kind: 'binary'; hex: string; size: number }
  | { kind: 'too-large'; size: number; mime: string }
  | { kind: 'not-kept'; size: number };

/** How the final request got its connection: opened for it, with the phases undici's sockets reported, or reused. */
export interface ConnectionModel {
  connection: 'new' | 'reused';
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
}

export interface TimingsModel {
  firstByteMs: number;
  totalMs: number;
  waitedMs?: number;
  connection?: ConnectionModel;
}

/** One request of a redirect chain (the final one included), URLs already redacted. */
export interface RedirectHopModel {
  method: string;
  url: string;
  status: number;
  location?: string;
  ms: number;
  connection?: ConnectionModel;
}

export interface ResponseModel {
  exchangeId: string;
  /** Epoch milliseconds of the send. */
  at: number;
  request: {
    method: string;
    url: string;
    headers: Array<[string, string]>;
    body?: string;
  };
  response?: {
    status: number;
    statusText: string;
    protocol: string;
    url: string;
    headers: Array<[string, string]>;
    size: number;
    timings: TimingsModel;
    /** Present when redirects were followed: every hop in order, the last being this response. */
    redirects?: RedirectHopModel[];
    body: BodyModel;
  };
  error?: { kind: string; message: string };
  /** Which actions the extension can carry out for this exchange (re-send needs a Send handler). */
  canResend: boolean;
}

export type BodyAction = 'copyBody' | 'saveBody' | 'openBody' | 'copyCurl' | 'resend';
export const BODY_ACTIONS: readonly BodyAction[] = ['copyBody', 'saveBody', 'openBody', 'copyCurl', 'resend'];

export type ToWebview = { type: 'show'; model: ResponseModel };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'action'; action: BodyAction; exchangeId: string }
  /** Sent after a model is on screen: lets tests and the bench know what rendered. */
  | { type: 'rendered'; exchangeId: string; status?: number; bodyKind: BodyModel['kind'] };

const BODY_KINDS: ReadonlyArray<BodyModel['kind']> = ['empty', 'json', 'xml', 'html', 'text', 'image', 'binary', 'too-large', 'not-kept'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPairs = (v: unknown): v is Array<[string, string]> => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && isStr(p[0]) && isStr(p[1]));

function isBody(v: unknown): v is BodyModel {
  if (!isObj(v) || !BODY_KINDS.includes(v.kind as BodyModel['kind'])) return false;
  switch (v.kind) {
    case 'empty':
      return true;
    case 'image':
      return isStr(v.mime) && /^image\/[\w.+-]+$/.test(v.mime) && isStr(v.base64) && /^[A-Za-z0-9+/]*={0,2}$/.test(v.base64);
    case 'binary':
      return isStr(v.hex) && isNum(v.size);
    case 'too-large':
      return isNum(v.size) && isStr(v.mime);
    case 'not-kept':
      return isNum(v.size);
    default:
      return isStr(v.text);
  }
}

const isOptNum = (v: unknown): boolean => v === undefined || isNum(v);

function isConnection(v: unknown): v is ConnectionModel {
  return isObj(v) && (v.connection === 'new' || v.connection === 'reused') && isOptNum(v.dnsMs) && isOptNum(v.connectMs) && isOptNum(v.tlsMs);
}

function isTimings(v: unknown): v is TimingsModel {
  return isObj(v) && isNum(v.firstByteMs) && isNum(v.totalMs) && isOptNum(v.waitedMs) && (v.connection === undefined || isConnection(v.connection));
}

function isHop(v: unknown): v is RedirectHopModel {
  return isObj(v) && isStr(v.method) && isStr(v.url) && isNum(v.status) && (v.location === undefined || isStr(v.location)) && isNum(v.ms) && (v.connection === undefined || isConnection(v.connection));
}

function isModel(v: unknown): v is ResponseModel {
  if (!isObj(v) || !isStr(v.exchangeId) || !isNum(v.at) || typeof v.canResend !== 'boolean') return false;
  const rq = v.request;
  if (!isObj(rq) || !isStr(rq.method) || !isStr(rq.url) || !isPairs(rq.headers) || (rq.body !== undefined && !isStr(rq.body))) return false;
  if (v.error !== undefined && !(isObj(v.error) && isStr(v.error.kind) && isStr(v.error.message))) return false;
  const rs = v.response;
  if (rs === undefined) return true;
  if (!isObj(rs) || !isNum(rs.status) || !isStr(rs.statusText) || !isStr(rs.protocol) || !isStr(rs.url) || !isPairs(rs.headers) || !isNum(rs.size)) return false;
  if (!isTimings(rs.timings)) return false;
  if (rs.redirects !== undefined && !(Array.isArray(rs.redirects) && rs.redirects.length <= 100 && rs.redirects.every(isHop))) return false;
  return isBody(rs.body);
}

/** The webview's check on what the extension posts. */
export function parseToWebview(data: unknown): ToWebview | undefined {
  if (isObj(data) && data.type === 'show' && isModel(data.model)) return { type: 'show', model: data.model };
  return undefined;
}

/** The extension's check on what the webview posts (it renders server content, so treat it as untrusted). */
export function parseFromWebview(data: unknown): FromWebview | undefined {
  if (!isObj(data)) return undefined;
  if (data.type === 'ready') return { type: 'ready' };
  if (data.type === 'action' && BODY_ACTIONS.includes(data.action as BodyAction) && isStr(data.exchangeId) && data.exchangeId.length <= 64) {
    return { type: 'action', action: data.action as BodyAction, exchangeId: data.exchangeId };
  }
  if (data.type === 'rendered' && isStr(data.exchangeId) && BODY_KINDS.includes(data.bodyKind as BodyModel['kind']) && (data.status === undefined || isNum(data.status))) {
    return { type: 'rendered', exchangeId: data.exchangeId, bodyKind: data.bodyKind as BodyModel['kind'], ...(isNum(data.status) ? { status: data.status } : {}) };
  }
  return undefined;
}
