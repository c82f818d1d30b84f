// The Adobe rules every request to an Adobe API follows, whatever sends it (the `.http` runner, the Journey
// client through it): credentials only to allow-listed hosts, one refresh and retry on 401, and 429 waits as
// long as Retry-After asks within one total wait. The wire itself is the caller's `attempt`.
import { describeError, redact } from '../log/redact';
import type { AdobeRequestAuth, RequestAuthenticator, TokenInfo } from '../ims/types';
import type { HttpResponse, RequestError, RequestResult, ResolvedRequest } from '../http/types';
import type { AuthHostList } from './auth-hosts';
import { parseRetryAfter } from './retry-after';

/** The headers Adobe APIs expect; a request that writes one itself keeps its own. */
export const ADOBE_HEADERS = ['authorization', 'x-api-key', 'x-gw-ims-org-id', 'x-sandbox-name'];

export type AttemptOutcome = { response: HttpResponse; firstByteMs: number; error?: RequestError } | { error: RequestError };

export interface AdobePolicyOptions {
  /** Supplies Adobe headers; without it no request is authenticated. */
  authenticator?: RequestAuthenticator;
  hosts: AuthHostList;
  /** The file's profile, used when a request names none; undefined means the active profile. */
  profile?: string;
  /** Sandbox for every request that does not name one. */
  sandbox?: string;
  /** How many times a 429 with Retry-After is retried. */
  max429Retries: number;
  /** A Retry-After longer than this is not waited for; the 429 is returned. */
  maxRetryAfterMs: number;
  /** All Retry-After waits of one request together stay under this. */
  maxWaitMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onWait?: (event: { ms: number; url: string; attempt: number }) => void;
}

/** How one request goes on the wire, given the headers to send; `display` shows them masked. */
export interface Wire {
  display(headers: ReadonlyArray<[string, string]>): RequestResult['request'];
  attempt(headers: Array<[string, string]>): Promise<AttemptOutcome>;
}

function hasHeader(headers: ReadonlyArray<[string, string]>, lowerName: string): boolean {
  return headers.some(([name]) => name.toLowerCase() === lowerName);
}

/** `10 min`, `90 s`: a wait as people say it. */
function describeWait(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.ceil(ms / 1000)} s`;
}

export class AdobeRequestPolicy {
  constructor(private readonly options: AdobePolicyOptions) {}

  get hosts(): AuthHostList {
    return this.options.hosts;
  }

  /** Sends `request` (already a valid http(s) `url`) through `wire` under the Adobe rules. */
  send(request: ResolvedRequest, url: URL, wire: Wire, signal: AbortSignal | undefined): Promise<RequestResult> {
    if (signal?.aborted || this.mayAuthenticate(request, url)) return this.sendAuthenticated(request, url, wire, signal);
    // No Adobe headers to add (most requests): one attempt, and the retry loop only when a 429 asks for it.
    const display = wire.display(request.headers);
    return wire.attempt(request.headers).then((outcome) => {
      if (!('response' in outcome)) return { request: display, error: outcome.error };
      if (outcome.error) return { request: display, response: outcome.response, error: outcome.error };
      if (outcome.response.status === 429) return this.sendUnder(request, url, wire, signal, {}, outcome);
      return { request: display, response: outcome.response };
    });
  }

  private async sendAuthenticated(request: ResolvedRequest, url: URL, wire: Wire, signal: AbortSignal | undefined): Promise<RequestResult> {
    const used: { token?: TokenInfo } = {};
    const result = await this.sendUnder(request, url, wire, signal, used);
    // The view shows which token went out and until when (never the token itself).
    if (used.token) result.auth = { ...used.token };
    return result;
  }

  /** The retry loop; `firstOutcome` is the first attempt's, when the caller already made it. */
  private async sendUnder(request: ResolvedRequest, url: URL, wire: Wire, signal: AbortSignal | undefined, used: { token?: TokenInfo }, firstOutcome?: AttemptOutcome): Promise<RequestResult> {
    let display: RequestResult['request'] | undefined;
    const shown = (): RequestResult['request'] => (display ??= wire.display(request.headers));
    let forceRefresh = false;
    let rejectedToken: string | undefined;
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      if (!(attempt === 1 && firstOutcome) && signal?.aborted) return { request: shown(), error: { kind: 'aborted', message: 'Cancelled before it was sent.' } };
      let headers = request.headers;
      let addedAuthorization = false;
      try {
        // Most requests need no Adobe headers: no promise and no tick for them.
        const auth = this.mayAuthenticate(request, url) ? await this.authFor(request, url, forceRefresh, rejectedToken, signal) : undefined;
        if (auth) {
          headers = [...request.headers];
          for (const name of ADOBE_HEADERS) {
            if (name === 'x-sandbox-name' && !auth.includeSandbox) continue;
            const value = auth.headers[name] ?? Object.entries(auth.headers).find(([k]) => k.toLowerCase() === name)?.[1];
            if (value !== undefined && !hasHeader(request.headers, name)) {
              headers.push([name === 'authorization' ? 'Authorization' : name, value]);
              if (name === 'authorization') {
                addedAuthorization = true;
                rejectedToken = auth.variables.accessToken;
                used.token = auth.token;
              }
            }
          }
        }
      } catch (error) {
        if (signal?.aborted) return { request: shown(), error: { kind: 'aborted', message: 'Cancelled while getting an access token.' } };
        return { request: shown(), error: { kind: 'auth', message: `Could not authenticate the request: ${describeError(error)}` } };
      }
      display = wire.display(headers);
      const outcome = attempt === 1 && firstOutcome ? firstOutcome : await wire.attempt(headers);
      if (!('response' in outcome)) return { request: display, error: outcome.error };
      const response = outcome.response;
      if (outcome.error) return { request: display, response, error: outcome.error };
      if (waitedMs > 0) response.timings.waitedMs = waitedMs;
      if (response.status === 401 && addedAuthorization && !forceRefresh) {
        // The token may have been revoked or rotated: mint a new one, once.
        forceRefresh = true;
        continue;
      }
      if (response.status === 401 && addedAuthorization) {
        return {
          request: display,
          response,
          error: {
            kind: 'auth',
            message: `${url.host} refused a freshly minted token (401). Check that the credential's project has this API and product profile in the Developer Console, and that the org and sandbox are right.`,
          },
        };
      }
      if (response.status === 429 && attempt <= this.options.max429Retries) {
        const ms = parseRetryAfter(response.headers.find(([n]) => n === 'retry-after')?.[1], Date.now());
        if (ms !== undefined && ms <= this.options.maxRetryAfterMs && waitedMs + ms > this.options.maxWaitMs) {
          const limit = describeWait(this.options.maxWaitMs);
          const already = waitedMs > 0 ? `; with the ${describeWait(waitedMs)} already waited that passes` : ', past';
          return {
            request: display,
            response,
            error: { kind: 'timeout', message: `Still 429 Too Many Requests: Retry-After asks for ${describeWait(ms)} more${already} the ${limit} limit on waiting for one request (--max-wait).` },
          };
        }
        if (ms !== undefined && ms <= this.options.maxRetryAfterMs) {
          this.options.onWait?.({ ms, url: redact(url.href), attempt });
          try {
            await this.options.sleep(ms, signal);
          } catch {
            return { request: display, response, error: { kind: 'aborted', message: `Cancelled while waiting ${Math.ceil(ms / 1000)} s for Retry-After.` } };
          }
          waitedMs += ms;
          continue;
        }
      }
      return { request: display, response };
    }
  }

  private mayAuthenticate(request: ResolvedRequest, url: URL): boolean {
    return this.options.authenticator !== undefined && !request.options.noAuth && this.options.hosts.allows(url);
  }

  private async authFor(request: ResolvedRequest, url: URL, forceRefresh: boolean, rejectedToken: string | undefined, signal: AbortSignal | undefined): Promise<(AdobeRequestAuth & { includeSandbox: boolean }) | undefined> {
    const authenticator = this.options.authenticator;
    if (!authenticator || !this.mayAuthenticate(request, url)) return undefined;
    const includeSandbox = this.options.hosts.wantsSandbox(url) || request.options.sandbox !== undefined;
    const needed = ADOBE_HEADERS.filter((h) => (h !== 'x-sandbox-name' || includeSandbox) && !hasHeader(request.headers, h));
    if (needed.length === 0) return undefined;
    const profile = request.options.profile ?? this.options.profile;
    const sandbox = request.options.sandbox ?? this.options.sandbox;
    // With the refused token named, concurrent 401s share one refresh instead of minting one each.
    const auth = await authenticator.authenticate(profile, { sandbox, includeSandbox, forceRefresh, rejectedToken: forceRefresh ? rejectedToken : undefined, signal });
    return { ...auth, includeSandbox };
  }
}
