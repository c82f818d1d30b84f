// The contract between the `.http` front half (parser, variables) and the runner.
import type { ConnectionTimings } from '../net/connection-timing';

export type { ConnectionTimings };

/** A request with every variable resolved, ready to send. */
export interface ResolvedRequest {
  /** `# @name`: the key under which the runner stores this request's result for chaining. */
  name?: string;
  method: string;
  url: string;
  /** Header names as written; duplicate names keep every value. */
  headers: Array<[name: string, value: string]>;
  body?: Uint8Array | string;
  options: RequestOptions;
}

export interface RequestOptions {
  /** `# @profile`; undefined means the file's, else the active profile. */
  profile?: string;
  noAuth?: boolean;
  sandbox?: string;
  /** Total deadline in milliseconds (`# @timeout`). */
  timeoutMs?: number;
  noRedirect?: boolean;
  noCookieJar?: boolean;
  /** `# @note`: ask the user to confirm before sending (the text, possibly empty). */
  note?: string;
  /** `HTTP/2` or `HTTP/1.1` when the request line names a version. */
  httpVersion?: string;
  /** `# @allow-secret NAME`: secrets (see SECRET_NAMES) this request may carry to a host outside the allow-list. */
  allowSecrets?: readonly string[];
  /** `# @rate 15/s`: at most `count` sends per `windowMs` in any window. */
  rate?: { count: number; windowMs: number };
  /** `# @concurrency 4`. */
  concurrency?: number;
  /** `# @no-limits`: deployed Journey limits are not applied to this request. */
  noLimits?: boolean;
  /** `# @paginate [max=N]`: follow the API's paging. */
  paginate?: { maxPages?: number };
}

export interface Timings {
  /** Milliseconds from start to the response's first byte (headers). */
  firstByteMs: number;
  totalMs: number;
  /** Milliseconds spent waiting for `Retry-After` before the attempt that produced this response. */
  waitedMs?: number;
  /** How the final request got its connection: opened for it (with DNS/TCP/TLS times) or reused. Absent when unknown. */
  connection?: ConnectionTimings;
}

/** One request of a redirect chain, in order; the last is the response returned. */
export interface RedirectHop {
  method: string;
  url: string;
  status: number;
  /** The Location header as sent, on a redirect. */
  location?: string;
  /** From sending this hop to its response headers. */
  ms: number;
  connection?: ConnectionTimings;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Array<[name: string, value: string]>;
  body: Uint8Array;
  /** The final URL after redirects. */
  url: string;
  timings: Timings;
  /** Every hop, the final one included, when at least one redirect was followed. */
  redirects?: RedirectHop[];
}

/** `egress`: not sent (or a redirect not followed) because it would carry a known secret to a host outside the allow-list. */
export type RequestErrorKind = 'unresolved-variable' | 'timeout' | 'aborted' | 'too-large' | 'network' | 'auth' | 'invalid-request' | 'egress';

export interface RequestError {
  kind: RequestErrorKind;
  message: string;
  /** For `unresolved-variable`: the variable names. */
  variables?: string[];
}

/** What sending one request produced: the request as sent (redacted for display) and a response or an error. */
export interface RequestResult {
  request: { method: string; url: string; headers: Array<[string, string]>; body?: string };
  response?: HttpResponse;
  error?: RequestError;
  /** The profile whose token the runner added (Authorization) and the token's expiry; never the token. */
  auth?: { profileId: string; expiresAt: number };
}
