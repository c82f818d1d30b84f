import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { AioError } from '../errors';
import type { ConnectionPool } from '../net/connection-pool';
import { proxyConfig, type ProxySettings } from '../net/proxy-config';
import { transportCause } from '../net/transport-errors';
import { redactUrl, registerSecret } from '../log/redact';
import { imsError, type ImsErrorBody, type ImsErrorContext } from './ims-errors';

// Talks to IMS's two token endpoints. Answers are parsed defensively: anything that is not a JSON object with
// an access token becomes an AioError that says what to do. Redirects are never followed (undici's `request`
// does not follow them, and the shared connection pool adds no redirect handling), so credentials only ever go to
// the configured IMS host.

export interface ImsClientOptions {
  /** Deadline for the TCP/TLS connection (default 10 s). */
  connectTimeoutMs?: number;
  /** Deadline for the whole exchange, answer body included (default 30 s). */
  totalTimeoutMs?: number;
  /** A custom agent; by default the core's connection pool, behind the proxy below or from the environment. */
  dispatcher?: Dispatcher;
  /** VS Code's `http.proxy` settings; without them HTTPS_PROXY/HTTP_PROXY/NO_PROXY from `env` apply. */
  proxy?: ProxySettings;
  /** Where proxy variables are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A token answer before its lifetime is resolved: `expiresIn` is in `unit`, exactly as IMS sent it. */
export interface MintedToken {
  accessToken: string;
  tokenType: string;
  expiresIn: unknown;
  unit: 'ms' | 's';
}

export interface JwtExchangeRequest {
  imsHost: string;
  clientId: string;
  clientSecret: string;
  jwt: string;
  metaScopes: readonly string[];
}

export interface ClientCredentialsRequest {
  imsHost: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
}

/** The calls the token service needs; a port so that other transports (or fakes) can stand in. */
export interface ImsTokenClient {
  exchangeJwt(req: JwtExchangeRequest, signal?: AbortSignal): Promise<MintedToken>;
  clientCredentials(req: ClientCredentialsRequest, signal?: AbortSignal): Promise<MintedToken>;
}

const MAX_ANSWER_BYTES = 256 * 1024;

export class ImsClient implements ImsTokenClient {
  /** Created on the first call: undici is loaded then, not when the extension activates. */
  private pool?: Promise<ConnectionPool>;
  private readonly fixedDispatcher?: Dispatcher;
  private readonly totalTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private proxy: ProxySettings | undefined;

  constructor(
    private readonly options: ImsClientOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 30_000;
    this.fixedDispatcher = options.dispatcher;
    this.proxy = options.proxy;
  }

  /**
   * New proxy settings (VS Code's `http.proxy*` changed): the next request uses a new pool; the old one closes once
   * the requests it carries have finished.
   */
  setProxy(proxy: ProxySettings | undefined): void {
    this.proxy = proxy;
    const old = this.pool;
    this.pool = undefined;
    void old?.then((pool) => pool.close()).catch(() => undefined);
  }

  private async getDispatcher(url: URL): Promise<Dispatcher> {
    if (this.fixedDispatcher) return this.fixedDispatcher;
    this.pool ??= import('../net/connection-pool').then(
      ({ ConnectionPool }) => new ConnectionPool({ connectTimeoutMs: this.connectTimeoutMs, proxy: this.proxy, env: this.options.env }),
    );
    return (await this.pool).for(url);
  }

  exchangeJwt(req: JwtExchangeRequest, signal?: AbortSignal): Promise<MintedToken> {
    registerSecret(req.clientSecret);
    registerSecret(req.jwt);
    const form = new URLSearchParams({ client_id: req.clientId, client_secret: req.clientSecret, jwt_token: req.jwt });
    return this.post('/ims/exchange/jwt', form, { flow: 'jwt', imsHost: req.imsHost, clientId: req.clientId, scopes: req.metaScopes, now: this.now() }, signal);
  }

  clientCredentials(req: ClientCredentialsRequest, signal?: AbortSignal): Promise<MintedToken> {
    registerSecret(req.clientSecret);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: req.clientId,
      client_secret: req.clientSecret,
      scope: req.scopes.join(','),
    });
    return this.post('/ims/token/v3', form, { flow: 'oauth-s2s', imsHost: req.imsHost, clientId: req.clientId, scopes: req.scopes, now: this.now() }, signal);
  }

  async close(): Promise<void> {
    if (this.pool) await (await this.pool).close();
  }

  private async post(path: string, form: URLSearchParams, ctx: ImsErrorContext, signal?: AbortSignal): Promise<MintedToken> {
    const url = imsUrl(ctx.imsHost, path);
    const deadline = AbortSignal.timeout(this.totalTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const [{ request }, dispatcher] = await Promise.all([loadUndici(), this.getDispatcher(url)]);
      const answer = await request(url, {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        dispatcher,
        signal: combined,
        headersTimeout: this.totalTimeoutMs,
        bodyTimeout: this.totalTimeoutMs,
      });
      status = answer.statusCode;
      headers = answer.headers;
      text = await readCapped(answer.body);
    } catch (error) {
      throw transportError(error, url, ctx, { deadline, signal, totalTimeoutMs: this.totalTimeoutMs, connectTimeoutMs: this.connectTimeoutMs, proxy: proxyConfig({ proxy: this.options.proxy, env: this.options.env }) });
    }
    return parseTokenAnswer(status, headers, text, ctx);
  }
}

/** undici, loaded on the first token request (not at activation), then kept. */
let undici: Promise<typeof Undici> | undefined;
const loadUndici = () => (undici ??= import('undici'));

function imsUrl(imsHost: string, path: string): URL {
  let base: URL;
  try {
    base = new URL(imsHost);
  } catch {
    throw new AioError('ims-url', `The IMS URL '${imsHost}' is not a URL: fix the profile's IMS host (e.g. https://ims-na1.adobelogin.com).`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new AioError('ims-url', `The IMS URL '${imsHost}' must start with https://.`);
  }
  return new URL(path, base);
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_ANSWER_BYTES) {
      body.destroy();
      throw new AioError('ims-bad-response', 'IMS answered with an unexpectedly large body: check the IMS URL and any proxy in between.');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The transport's cause (shared with the `.http` runner, core/net), worded for a token request. */
function transportError(
  error: unknown,
  url: URL,
  ctx: ImsErrorContext,
  t: { deadline: AbortSignal; signal?: AbortSignal; totalTimeoutMs: number; connectTimeoutMs: number; proxy: ReturnType<typeof proxyConfig> },
): AioError {
  if (error instanceof AioError) return error;
  if (t.signal?.aborted && !t.deadline.aborted) return new AioError('aborted', 'The token request was cancelled.');
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const host = safeHost(ctx.imsHost);
  const cause = transportCause(error, url, t.proxy);
  if (t.deadline.aborted || cause.kind === 'headers-timeout' || cause.kind === 'body-timeout') {
    return new AioError('ims-timeout', `IMS at ${host} did not answer within ${Math.round(t.totalTimeoutMs / 1000)} s. Check the network or proxy and retry.`);
  }
  if (cause.kind === 'connect-timeout') {
    return new AioError('ims-timeout', `Could not connect to IMS at ${host} within ${Math.round(t.connectTimeoutMs / 1000)} s. Check the network, proxy or the IMS URL and retry.`);
  }
  if (cause.kind === 'proxy-refused') {
    return new AioError('ims-network', `The proxy ${redactUrl(cause.proxy)} refused the connection (the token request was for IMS at ${host}); check that the proxy is running, or the proxy setting (http.proxy, HTTPS_PROXY/HTTP_PROXY, NO_PROXY).`);
  }
  const detail = code || (error instanceof Error ? error.message : String(error));
  return new AioError('ims-network', `Could not reach IMS at ${host} (${detail}). Check the network, proxy or the IMS URL and retry.`);
}

function safeHost(imsHost: string): string {
  try {
    return new URL(imsHost).host;
  } catch {
    return imsHost;
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/** Parses an IMS answer; exported for tests of odd bodies. */
export function parseTokenAnswer(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
  ctx: ImsErrorContext,
): MintedToken {
  const host = safeHost(ctx.imsHost);
  if (status >= 300 && status < 400) {
    const location = header(headers, 'location');
    throw new AioError('ims-redirect', `IMS at ${host} answered with a redirect (${status}${location ? ` to ${safeHost(location)}` : ''}); token requests never follow redirects. Check the IMS URL.`);
  }
  let body: unknown;
  const trimmed = text.trim();
  if (trimmed) {
    try {
      body = JSON.parse(trimmed);
    } catch {
      body = undefined;
    }
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    if (status === 429 || status >= 500) throw imsError(status, {}, ctx);
    const kind = !trimmed ? 'an empty body' : /^\s*</.test(trimmed) ? 'an HTML page' : 'a body that is not JSON';
    throw new AioError(
      'ims-bad-response',
      `IMS at ${host} answered HTTP ${status} with ${kind} instead of a token. Check the IMS URL and any proxy in between, then retry.`,
    );
  }
  const json = body as Record<string, unknown> & ImsErrorBody;
  if (status !== 200 || typeof json.error === 'string') {
    throw imsError(status, { error: asString(json.error), error_description: asString(json.error_description) }, ctx);
  }
  const accessToken = json.access_token;
  if (typeof accessToken !== 'string' || accessToken.length < 8) {
    throw new AioError('ims-bad-response', `IMS at ${host} answered HTTP 200 without an access token. Check the IMS URL and retry.`);
  }
  registerSecret(accessToken);
  const tokenType = typeof json.token_type === 'string' && json.token_type ? json.token_type : 'bearer';
  return { accessToken, tokenType, expiresIn: json.expires_in, unit: ctx.flow === 'jwt' ? 'ms' : 's' };
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
