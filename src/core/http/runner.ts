// Sends resolved `.http` requests: one keep-alive pool per runner, deadlines, cancellation, redirects that never
// carry credentials to another origin, the cookie jar and display redaction. The Adobe rules (auth allow-list,
// 401 refresh, 429 waits), the egress check, body decoding and error causes live in core/net.
import type { Dispatcher } from 'undici';
import { describeError, redact, redactUrl } from '../log/redact';
import type { RequestAuthenticator } from '../ims/types';
import { ConnectionPool } from '../net/connection-pool';
import type { ProxySettings } from '../net/proxy-config';
import { AuthHostList } from '../net/auth-hosts';
import { AdobeRequestPolicy, type AttemptOutcome } from '../net/adobe-policy';
import { BodyFailure } from '../net/response-body';
import { AttemptSignal, exchange, type BodyPlan, type Exchanged, type HeadVerdict, type ResponseHead } from '../net/dispatch-exchange';
import { transportCause } from '../net/transport-errors';
import { withTrace, type RequestTrace } from '../net/connection-timing';
import { RunCookieJar } from './cookies';
import { bodyRedirectRefusal, nextHop, type Hop } from './redirects';
import { egressRefusal } from '../net/egress';
import { isUnchecked, KnownSecrets } from '../known-secrets';
import type { HttpResponse, RedirectHop, RequestError, RequestResult, ResolvedRequest } from './types';
import type { NextWrite, WriteSlot } from '../traffic/pacer';

export const DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 60_000,
  bodyTimeoutMs: 60_000,
  totalTimeoutMs: 300_000,
  maxRedirects: 10,
  maxResponseBytes: 50 * 1024 * 1024,
  max429Retries: 3,
  maxRetryAfterMs: 15 * 60_000,
  maxWaitMs: 15 * 60_000,
} as const;

export interface RunnerOptions {
  /** Supplies Adobe headers; without it no request is authenticated. */
  authenticator?: RequestAuthenticator;
  /** Hosts (`host`, `host:port`, `*.suffix`) that receive Adobe headers besides `*.adobe.io`. */
  authHosts?: readonly string[];
  /** The file's profile, used when a request names none; undefined means the active profile. */
  profile?: string;
  /** Sandbox for every request that does not name one (the CLI's `--sandbox`). */
  sandbox?: string;
  connectTimeoutMs?: number;
  /** Longest wait for the response headers. */
  headersTimeoutMs?: number;
  /** Longest pause between two chunks of the body. */
  bodyTimeoutMs?: number;
  /** Deadline for one attempt, redirects and body included; a request's `timeoutMs` overrides it. */
  totalTimeoutMs?: number;
  maxRedirects?: number;
  maxResponseBytes?: number;
  /** How many times a 429 with Retry-After is retried. */
  max429Retries?: number;
  /** A Retry-After longer than this is not waited for; the 429 is returned. */
  maxRetryAfterMs?: number;
  /** All Retry-After waits of one request together stay under this; past it the 429 is returned with a note. */
  maxWaitMs?: number;
  proxy?: ProxySettings;
  /** Where proxy variables are read from; process.env when omitted. */
  env?: NodeJS.ProcessEnv;
  /** Hosts whose TLS certificates are not verified (user-level setting). */
  insecureTlsHosts?: readonly string[];
  /** Most connections per origin (the run's concurrency); unbounded when omitted. */
  connections?: number;
  /**
   * False: responses carry no connection timings (new / reused, DNS, connect, TLS), and undici is not asked to
   * report which socket carried each request. For callers that never show them (the CLI's text output).
   */
  connectionTimings?: boolean;
  /**
   * False: the request as sent (`result.request`) keeps its method and masked URL only, not its headers and body,
   * so they are not masked for display on every request. For callers that never show them (the CLI but for
   * `--output exchange`).
   */
  requestDetails?: boolean;
  /** False turns the cookie jar off for every request; a jar given here outlives the runner (a run context's). */
  cookieJar?: boolean | RunCookieJar;
  /** The allow-list already built by the caller (a run context); built from `authHosts` when omitted. */
  hosts?: AuthHostList;
  /** Waits before a retry; a port so tests can observe the delay without waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told before each Retry-After wait, e.g. to print "waiting 120 s". */
  onWait?: (event: { ms: number; url: string; attempt: number }) => void;
  /** Replaces the pool (tests with undici's MockAgent). */
  dispatcher?: Dispatcher;
  /**
   * The secrets this run knows (fed by credential loading and the token service): none of them is written to a
   * host outside the allow-list unless the request says `# @allow-secret NAME`.
   */
  knownSecrets?: KnownSecrets;
}

export interface SendOptions {
  signal?: AbortSignal;
  /**
   * Called once the first write's answer is in (its status and headers), or once it failed or was refused before
   * the wire: pacing counts the call then, since the server had it by that moment. Later writes use `nextWrite`.
   */
  onAnswered?: () => void;
  /** Asked before every later write (a 429 or 401 retry, each redirect hop): pacing gives each its own slot. */
  nextWrite?: NextWrite;
}

/** Stateless when not streaming, so one decoder serves every body. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The attempts in flight under each caller's signal: one 'abort' listener per signal fans out to them, instead of
 * an EventTarget listener added and removed per request (that pair costs more than the rest of the bookkeeping).
 */
const attemptsBySignal = new WeakMap<AbortSignal, Set<AttemptSignal>>();

function watch(outer: AbortSignal, attempt: AttemptSignal): () => void {
  if (outer.aborted) {
    attempt.abort(outer.reason ?? new Error('aborted'));
    return () => undefined;
  }
  let attempts = attemptsBySignal.get(outer);
  if (!attempts) {
    const watched = new Set<AttemptSignal>();
    attempts = watched;
    attemptsBySignal.set(outer, watched);
    outer.addEventListener('abort', () => {
      for (const one of watched) one.abort(outer.reason ?? new Error('aborted'));
      watched.clear();
    }, { once: true });
  }
  attempts.add(attempt);
  const set = attempts;
  return () => set.delete(attempt);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function textOf(body: Uint8Array | string | undefined): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return redact(body);
  if (body.byteLength > 65_536) return `‹${body.byteLength} bytes›`;
  try {
    return redact(strictUtf8.decode(body));
  } catch {
    return `‹${body.byteLength} bytes›`;
  }
}

/** Whether a header's value is a credential (Authorization is handled apart: its scheme stays readable). */
function isSecretHeader(lower: string): boolean {
  return lower === 'cookie' || /secret|token|password/.test(lower);
}

/** The request for display: credentials and cookies masked. */
export function displayRequest(method: string, url: string, headers: ReadonlyArray<[string, string]>, body?: Uint8Array | string): RequestResult['request'] {
  return {
    method,
    url: redactUrl(url),
    headers: headers.map(([name, value]) => {
      const lower = name.toLowerCase();
      if (lower === 'authorization' || lower === 'proxy-authorization') {
        const scheme = /^\s*(\S+)\s+\S/.exec(value);
        return [name, scheme ? `${scheme[1]} ***` : '***'];
      }
      if (isSecretHeader(lower)) return [name, '***'];
      return [name, redact(value)];
    }),
    body: textOf(body),
  };
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push([name, v]);
    else out.push([name, value]);
  }
  return out;
}

function setCookiesOf(raw: Record<string, string | string[] | undefined>): string[] {
  const value = raw['set-cookie'];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export class HttpRunner {
  private readonly pool: ConnectionPool | undefined;
  private readonly hosts: AuthHostList;
  private readonly jar: RunCookieJar | undefined;
  private readonly policy: AdobeRequestPolicy;
  private readonly settings: Required<Pick<RunnerOptions, keyof typeof DEFAULTS>>;
  /** What a final response's body gets: kept, decoded, capped. */
  private readonly keepBody: BodyPlan;

  constructor(private readonly options: RunnerOptions = {}) {
    this.settings = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULTS.bodyTimeoutMs,
      totalTimeoutMs: options.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs,
      maxRedirects: options.maxRedirects ?? DEFAULTS.maxRedirects,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
      max429Retries: options.max429Retries ?? DEFAULTS.max429Retries,
      maxWaitMs: options.maxWaitMs ?? DEFAULTS.maxWaitMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    };
    this.keepBody = { keep: true, cap: this.settings.maxResponseBytes };
    this.pool = options.dispatcher
      ? undefined
      : new ConnectionPool({ connectTimeoutMs: this.settings.connectTimeoutMs, proxy: options.proxy, env: options.env, insecureTlsHosts: options.insecureTlsHosts, connections: options.connections });
    this.hosts = options.hosts ?? new AuthHostList(options.authHosts);
    this.jar = options.cookieJar === false ? undefined : options.cookieJar === true || options.cookieJar === undefined ? new RunCookieJar() : options.cookieJar;
    this.policy = new AdobeRequestPolicy({
      authenticator: options.authenticator,
      hosts: this.hosts,
      profile: options.profile,
      sandbox: options.sandbox,
      max429Retries: this.settings.max429Retries,
      maxRetryAfterMs: this.settings.maxRetryAfterMs,
      maxWaitMs: this.settings.maxWaitMs,
      sleep: options.sleep ?? abortableSleep,
      onWait: options.onWait,
    });
  }

  /** Lets idle sockets close; requests in flight finish first. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** Closes every socket now. */
  async destroy(): Promise<void> {
    await this.pool?.destroy();
  }

  async send(request: ResolvedRequest, sendOptions: SendOptions = {}): Promise<RequestResult> {
    const signal = sendOptions.signal;
    const method = request.method.toUpperCase();
    let url: URL;
    try {
      url = new URL(request.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      return {
        request: displayRequest(method, request.url, request.headers, request.body),
        error: { kind: 'invalid-request', message: `'${redact(request.url)}' is not an http:// or https:// URL.` },
      };
    }
    if (method === 'CONNECT') {
      return {
        request: displayRequest(method, request.url, request.headers, request.body),
        error: { kind: 'invalid-request', message: 'Not sent: CONNECT opens a tunnel through a proxy, which a request here cannot use.' },
      };
    }
    const body = request.body;
    const { onAnswered, nextWrite } = sendOptions;
    let writes = 0;
    // The first write holds the slot its caller took; every later one asks for its own.
    const slotFor = (hop: Hop): Promise<WriteSlot | undefined> | WriteSlot | undefined =>
      writes++ === 0 ? (onAnswered ? { done: onAnswered } : undefined) : nextWrite?.(hop.method, hop.url.href, signal);
    const details = this.options.requestDetails !== false;
    return this.policy.send(request, url, {
      display: (headers) => (details ? displayRequest(method, url.href, headers, body) : { method, url: redactUrl(url.href), headers: [] }),
      attempt: (headers) => this.attempt({ method, url, headers, body }, request, signal, slotFor),
    }, signal);
  }

  /**
   * One attempt: the request, its redirects and the body, under one deadline. Kept small (the steps are methods
   * of their own): an async function's size is what the optimising compiler pays for on every run's hot path.
   */
  private async attempt(first: Hop, request: ResolvedRequest, outer: AbortSignal | undefined, slotFor: (hop: Hop) => Promise<WriteSlot | undefined> | WriteSlot | undefined): Promise<AttemptOutcome> {
    // A retry waits for its pacing slot before its deadline starts, as it waited for Retry-After.
    let firstSlot: WriteSlot | undefined;
    try {
      const taking = slotFor(first);
      // Only a retry waits for a slot; the first write's is already taken (no await on the hot path).
      firstSlot = taking instanceof Promise ? await taking : taking;
    } catch {
      return { error: { kind: 'aborted', message: 'Not sent: the run was cancelled while this retry waited for its turn.' } };
    }
    const own = request.options.timeoutMs;
    // A request's own `# @timeout` is the budget for all of it, headers and pauses in the body included.
    const limits: Limits = { totalMs: own ?? this.settings.totalTimeoutMs, headersMs: own ?? this.settings.headersTimeoutMs, bodyMs: own ?? this.settings.bodyTimeoutMs };
    const deadline = new Deadline(limits.totalMs, outer);
    const trail: Trail = { started: performance.now(), hops: undefined };
    let hop = first;
    try {
      for (let redirects = 0; ; redirects++) {
        const headers = this.wireHeaders(hop, request);
        // The last check before bytes are written, on every hop: whatever path a secret took, it stays home.
        const refusal = egressRefusal(this.options.knownSecrets, this.hosts, hop.url, headers, hop.body, request.options.allowSecrets ? new Set(request.options.allowSecrets) : undefined);
        if (refusal) return { error: refusal };
        let slot = firstSlot;
        firstSlot = undefined;
        if (redirects > 0) {
          try {
            slot = await slotFor(hop);
          } catch {
            return { error: { kind: 'aborted', message: `Not sent: the run was cancelled while the redirect to ${redact(hop.url.href)} waited for its turn.` } };
          }
        }
        const current = hop;
        const start: HopStart = { trace: {}, started: performance.now() };
        let done: Exchanged<Answer>;
        try {
          done = await this.write(hop, request, headers, deadline.signal, limits, start, (head) => {
            // Pacing counts the call once its answer is in, before its body (once: the finally below skips it).
            const counted = slot;
            slot = undefined;
            counted?.done();
            const answer = this.answered(head, current, request, start, trail);
            return { body: answer.next ? DROP_REDIRECT_BODY : this.keepBody, note: answer };
          });
        } finally {
          slot?.done();
        }
        const answer = done.note;
        if (answer.next) {
          if (redirects >= this.settings.maxRedirects) {
            return { error: { kind: 'network', message: `Stopped after ${this.settings.maxRedirects} redirects (last to ${redact(answer.next.url.href)}); the server may be redirecting in a loop.` } };
          }
          hop = answer.next;
          continue;
        }
        return outcomeOf(done, hop, start, trail);
      }
    } catch (error) {
      if (error instanceof BodyFailure) return { error: error.error };
      return { error: this.classify(error, deadline.timedOut, outer?.aborted === true, limits, hop.url) };
    } finally {
      deadline.end();
      // A slot taken for a write that never happened (refused before the wire) still counts, as the pacer does.
      firstSlot?.done();
    }
  }

  /** undici's flat header list for one hop: the jar's cookies merged in, a stale hand-written Content-Length dropped. */
  private wireHeaders(hop: Hop, request: ResolvedRequest): string[] {
    const jar = request.options.noCookieJar ? undefined : this.jar;
    const headers: string[] = [];
    let cookie = jar?.cookieHeader(hop.url);
    const bodyLength = hop.body === undefined ? 0 : typeof hop.body === 'string' ? Buffer.byteLength(hop.body) : hop.body.byteLength;
    for (const [name, value] of hop.headers) {
      const lower = name.toLowerCase();
      // A hand-written Content-Length goes stale when variables change the body; undici sets the right one.
      if (lower === 'content-length' && value.trim() !== String(bodyLength)) continue;
      if (cookie !== undefined && lower === 'cookie') {
        headers.push(name, `${value}; ${cookie}`);
        cookie = undefined;
      } else headers.push(name, value);
    }
    if (cookie !== undefined) headers.push('cookie', cookie);
    return headers;
  }

  /** Hands one hop to undici; `onHead` says what to do with its body once its head is in. */
  private write(hop: Hop, request: ResolvedRequest, headers: string[], signal: AttemptSignal, limits: Limits, start: HopStart, onHead: (head: ResponseHead) => HeadVerdict<Answer>): Promise<Exchanged<Answer>> {
    const dispatcher = this.options.dispatcher ?? this.pool!.for(hop.url, request.options.httpVersion === 'HTTP/2');
    const options: Dispatcher.DispatchOptions = {
      origin: hop.url.origin,
      path: `${hop.url.pathname}${hop.url.search}`,
      method: hop.method as Dispatcher.HttpMethod,
      headers,
      body: hop.body,
      headersTimeout: limits.headersMs,
      bodyTimeout: limits.bodyMs,
    };
    const send = (): Promise<Exchanged<Answer>> => exchange(dispatcher, options, signal, onHead);
    return this.options.connectionTimings === false ? send() : withTrace(start.trace, send);
  }

  /** The response headers of one hop are in: records the hop, keeps its cookies, and says whether to follow a redirect. */
  private answered(res: ResponseHead, hop: Hop, request: ResolvedRequest, start: HopStart, trail: Trail): Answer {
    const headersAt = performance.now();
    const firstByteMs = headersAt - trail.started;
    const location = res.headers.location;
    const record = (): RedirectHop => {
      const one: RedirectHop = { method: hop.method, url: hop.url.href, status: res.statusCode, ms: headersAt - start.started };
      if (location !== undefined) one.location = Array.isArray(location) ? location[0]! : location;
      if (start.trace.connection) one.connection = start.trace.connection;
      return one;
    };
    if (trail.hops) trail.hops.push(record());
    if (res.headers['set-cookie'] !== undefined && !request.options.noCookieJar) this.jar?.store(hop.url, setCookiesOf(res.headers));
    if (request.options.noRedirect) return { firstByteMs };
    const next = nextHop(res.statusCode, Array.isArray(location) ? location[0] : location, hop);
    if (!next) return { firstByteMs };
    const refused = bodyRedirectRefusal(res.statusCode, hop, next, (body) => this.credentialIn(body, hop));
    if (refused) return { firstByteMs, refused };
    trail.hops ??= [record()];
    return { firstByteMs, next };
  }

  /** Which credential a body carries, if any: a secret the run knows, or the token this hop's Authorization header holds. */
  private credentialIn(body: Uint8Array | string, hop: Hop): string | undefined {
    // Only Content-Encoding of the headers: it says how to read a compressed body; the headers are not the body.
    const encoding = hop.headers.filter(([name]) => name.toLowerCase() === 'content-encoding');
    const carried = (secrets: KnownSecrets | undefined): string | undefined => {
      const found = secrets?.check('', encoding, body);
      return isUnchecked(found) ? 'a compressed body too large to check for secrets' : found?.description;
    };
    const known = carried(this.options.knownSecrets);
    if (known) return known;
    const authorization = hop.headers.find(([name]) => name.toLowerCase() === 'authorization')?.[1];
    const token = authorization && /^\s*\S+\s+(\S+)/.exec(authorization)?.[1];
    if (!token) return undefined;
    const own = new KnownSecrets();
    own.add('accessToken', token, 'the token of its Authorization header');
    return carried(own);
  }

  private classify(error: unknown, timedOut: boolean, userAborted: boolean, limits: { totalMs: number; headersMs: number; bodyMs: number }, url: URL): RequestError {
    if (userAborted) return { kind: 'aborted', message: 'Cancelled.' };
    if (timedOut) return { kind: 'timeout', message: `No complete response from ${url.host} within ${formatMs(limits.totalMs)}.` };
    const cause = transportCause(error, url, this.pool?.proxy);
    switch (cause.kind) {
      case 'connect-timeout':
        return { kind: 'timeout', message: `Could not connect to ${url.host} within ${formatMs(this.settings.connectTimeoutMs)}.` };
      case 'headers-timeout':
        return { kind: 'timeout', message: `${url.host} sent no response headers within ${formatMs(limits.headersMs)}.` };
      case 'body-timeout':
        return { kind: 'timeout', message: `The response body from ${url.host} stalled for ${formatMs(limits.bodyMs)}.` };
      case 'invalid-request':
        return { kind: 'invalid-request', message: `Not sent: ${describeError(error)}` };
      case 'aborted':
        return { kind: 'aborted', message: 'Cancelled.' };
      case 'proxy-refused':
        return { kind: 'network', message: `The proxy ${redactUrl(cause.proxy)} refused the connection (the request was for ${url.host}); check that the proxy is running, or the proxy setting (http.proxy, HTTPS_PROXY/HTTP_PROXY, NO_PROXY).` };
      case 'refused':
        return { kind: 'network', message: `${url.host} refused the connection; is the server running?` };
      case 'dns':
        return { kind: 'network', message: `Could not resolve ${url.hostname}; check the host name and your network or proxy settings.` };
      case 'reset':
        return { kind: 'network', message: `${url.host} closed the connection before the response was complete.` };
      case 'tls': {
        // undici does not say whose certificate was refused: with a proxy, it may be the proxy's own.
        const proxyHint = cause.viaProxy?.startsWith('https:')
          ? ` Requests go through the proxy ${redactUrl(cause.viaProxy)}: if its certificate is the one refused, trust its CA or set http.proxyStrictSSL to false.`
          : '';
        return { kind: 'network', message: `TLS failed for ${url.host} (${cause.code}); list the host as insecure only if you trust it.${proxyHint}` };
      }
      case 'other':
        return { kind: 'network', message: `Request to ${url.host} failed: ${describeError(error)}` };
    }
  }
}

/** How long one attempt may take, in all and per phase. */
interface Limits {
  totalMs: number;
  headersMs: number;
  bodyMs: number;
}

/** When an attempt started, and every hop so far once the first redirect is followed (none without redirects). */
interface Trail {
  started: number;
  hops: RedirectHop[] | undefined;
}

/** What the head of one hop's response says: when it came, and the redirect to follow or the one refused. */
interface Answer {
  firstByteMs: number;
  next?: Hop;
  refused?: string;
}

/** A redirect's body is read and forgotten up to 64 KB; past that its connection is closed instead. */
const DROP_REDIRECT_BODY: BodyPlan = { keep: false, limit: 64 * 1024 };

/** One hop handed to undici: its connection trace, and when it was handed over. */
interface HopStart {
  trace: RequestTrace;
  started: number;
}

/** An attempt's deadline and its abort signal, which the caller's signal aborts too. */
class Deadline {
  readonly signal = new AttemptSignal();
  timedOut = false;
  private readonly timer: NodeJS.Timeout;
  private readonly unwatch: (() => void) | undefined;

  constructor(totalMs: number, outer: AbortSignal | undefined) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.signal.abort(new Error('deadline'));
    }, totalMs);
    this.unwatch = outer ? watch(outer, this.signal) : undefined;
  }

  end(): void {
    clearTimeout(this.timer);
    this.unwatch?.();
  }
}

/** The outcome of an attempt whose final response came in whole. */
function outcomeOf({ head: res, body, note: { firstByteMs, refused } }: Exchanged<Answer>, hop: Hop, start: HopStart, trail: Trail): AttemptOutcome {
  const timings: HttpResponse['timings'] = { firstByteMs, totalMs: performance.now() - trail.started };
  if (start.trace.connection) timings.connection = start.trace.connection;
  const response: HttpResponse = {
    status: res.statusCode,
    statusText: res.statusText || statusText(res.statusCode),
    headers: responseHeaders(res.headers),
    body,
    url: hop.url.href,
    timings,
  };
  if (trail.hops) response.redirects = trail.hops;
  return refused ? { firstByteMs, error: { kind: 'egress', message: refused }, response } : { firstByteMs, response };
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** The standard reason phrase, for servers (and HTTP/2) that send none. */
function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}
