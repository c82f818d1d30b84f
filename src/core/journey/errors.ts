// Adobe's Journey error answers, in every form the docs show, turned into one error a user can act on.
// `{"status":400,"error":"{\"code\":1465,…}"}` (throttling: `error` is a JSON string), `{"error":{…}}`
// (capping spec: an object), `{"errorCode":…,"message"|"error":…}`, canDeploy-style `errors` lists and
// the gateway's `{"error_code","message"}`.
import { AioError } from '../errors';
import { describeIssues, type ConfigIssue } from './validation';

export interface ParsedJourneyError {
  status: number;
  /** Adobe's code (`1465`, `ERR_ENDPOINTCONFIG_101`, `401013`, …), when the body carries one. */
  code?: string;
  family?: string;
  /** Adobe's own message, as sent. */
  apiMessage?: string;
  requestId?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** Reads an error body of any documented form; never throws. */
export function parseJourneyError(status: number, body: string): ParsedJourneyError {
  const out: ParsedJourneyError = { status };
  const root = tryJson(body);
  if (!isObject(root)) {
    const trimmed = body.trim();
    if (trimmed && !trimmed.startsWith('<')) out.apiMessage = trimmed.slice(0, 300);
    return out;
  }
  out.requestId = text(root.requestId) ?? text(root.request_id);
  let detail: unknown = root.error;
  if (typeof detail === 'string') {
    const inner = tryJson(detail);
    detail = isObject(inner) ? inner : detail;
  }
  if (isObject(detail)) {
    out.code = text(detail.code) ?? text(detail.errorCode) ?? text(detail.error_code);
    out.family = text(detail.family);
    out.apiMessage = text(detail.message) ?? text(detail.error) ?? text(detail.description);
    out.requestId ??= text(detail.requestId);
  } else if (typeof detail === 'string') {
    out.apiMessage = text(root.error_description) ?? text(root.message) ?? detail;
    if (root.error_description !== undefined) out.code = detail;
  }
  out.code ??= text(root.errorCode) ?? text(root.error_code) ?? text(root.code);
  out.apiMessage ??= text(root.message) ?? text(root.title) ?? text(root.detail);
  const list = Array.isArray(root.errors) ? root.errors : isObject(root.canDeploy) && Array.isArray(root.canDeploy.errors) ? root.canDeploy.errors : undefined;
  if (list && isObject(list[0])) {
    out.code ??= text(list[0].errorCode) ?? text(list[0].code);
    out.apiMessage ??= text(list[0].error) ?? text(list[0].message);
  }
  for (const key of Object.keys(out) as Array<keyof ParsedJourneyError>) if (out[key] === undefined) delete out[key];
  return out;
}

/** What each documented code means for the user and what to do about it. */
const ADVICE: Record<string, string> = {
  ERR_ENDPOINTCONFIG_100: 'url is missing: give the endpoint URL, e.g. https://api.example.org/data/*.',
  ERR_ENDPOINTCONFIG_101: 'url is malformed: write it as https://host[:port]/path (a * is allowed in the path).',
  ERR_ENDPOINTCONFIG_102: 'url has a wildcard in its host or port: name the host and port exactly; put * in the path only.',
  ERR_ENDPOINTCONFIG_103: 'methods is missing or empty: list one or more of GET, POST, PUT, PATCH, DELETE.',
  ERR_ENDPOINTCONFIG_104: 'services.<service>.rating is missing: add {"maxCallsCount": N, "periodInMs": MS}.',
  ERR_ENDPOINTCONFIG_106: 'services.<service>.maxHttpConnections is not set: set it (at most 400) to cap concurrent connections.',
  ERR_ENDPOINTCONFIG_107: 'rating.maxCallsCount is invalid: use a whole number of calls, at least 1.',
  ERR_ENDPOINTCONFIG_108: 'rating.periodInMs is invalid: use a whole number of milliseconds greater than 0.',
  ERR_ENDPOINTCONFIG_111: 'the payload is invalid: check url, methods and services against the capping config schema.',
  ERR_ENDPOINTCONFIG_112: 'the payload is not JSON: fix the syntax and send it with Content-Type: application/json.',
  ERR_AUTHORING_ENDPOINTCONFIG_1: 'services must name dataSource and/or action, nothing else.',
  ERR_THROTTLING_CONFIG_100: 'a required attribute is missing: urlPattern, methods and maxThroughput are all required.',
  ERR_THROTTLING_CONFIG_101: 'maxThroughput is out of range: use a whole number of calls per second from 200 to 5000.',
  ERR_THROTTLING_CONFIG_104: 'urlPattern is malformed: write it as https://host[:port]/path (a * is allowed in the path).',
  ERR_THROTTLING_CONFIG_105: 'urlPattern has a wildcard in its host: name the host exactly; put * in the path only.',
  ERR_THROTTLING_CONFIG_106: 'the payload is invalid: check name, urlPattern, methods and maxThroughput against the throttling config schema.',
  '1451': 'This capping config is deployed and cannot be deleted as is: undeploy it first, or delete it with forceDelete.',
  '1456': 'This throttling config is deployed and cannot be deleted as is: undeploy it first, or delete it with forceDelete.',
  '1457': 'Adobe could not delete the throttling config; check the uid and try again later.',
  '1458': 'Adobe could not deploy the throttling config; run canDeploy to see what blocks it, then try again.',
  '1459': 'Adobe could not undeploy the throttling config; try again later.',
  '1460': 'Adobe could not read the throttling config; check the uid and the sandbox (x-sandbox-name) and try again.',
  '1461': 'The throttling config\'s runtime version is not active, so it cannot be updated now; deploy it (or wait for a deploy in progress) and try again.',
  '1462': 'Adobe could not update the throttling config; check the payload and try again.',
  '1463': 'Throttling configs can only be managed in a production sandbox: switch the sandbox (x-sandbox-name) to your production one, e.g. prod.',
  '1464': 'Adobe could not create the throttling config; check the payload and try again.',
  '1465': 'The org already has a throttling config and may have only one: update the existing config instead of creating another.',
  '14466': 'The throttling config is already deployed; nothing to do (updates to a deployed throttling config apply at once).',
  '14467': 'No throttling config has this uid in this org: list the configs to find the right uid.',
  '14468': 'The throttling config is not deployed: deploy it first.',
  '4000': 'Adobe answered INTERNAL_ERROR, which it does when the sandbox does not exist: check the sandbox name (lower-case, e.g. prod).',
};

const STATUS_ADVICE: Record<number, string> = {
  401: 'The access token was refused: check the credential, or clear the cached token and try again.',
  403: 'Access denied: the technical account needs "Manage Journeys Events, Data Sources and Action" on this sandbox, and x-gw-ims-org-id must be the token\'s org.',
  404: 'No config with this uid in this sandbox: list the configs to find the right uid, and check the sandbox.',
  405: 'The API does not accept this method here; check the base URL (Journey Optimizer or legacy Journey Orchestration).',
  429: 'Too many requests: wait and try again.',
};

/** Advice for a code, or undefined when the code is not documented. */
export function adviceFor(code: string | number | undefined): string | undefined {
  return code === undefined ? undefined : ADVICE[String(code)];
}

/** An error answer from the Journey API, with Adobe's code and what to do. */
export class JourneyApiError extends AioError {
  constructor(
    readonly operation: string,
    readonly parsed: ParsedJourneyError,
  ) {
    super('journey-api', JourneyApiError.compose(operation, parsed));
    this.name = 'JourneyApiError';
  }

  get status(): number {
    return this.parsed.status;
  }

  get apiCode(): string | undefined {
    return this.parsed.code;
  }

  private static compose(operation: string, p: ParsedJourneyError): string {
    const advice = adviceFor(p.code) ?? STATUS_ADVICE[p.status] ?? (p.status >= 500 ? 'Adobe reported a server error; try again later.' : 'Check the request and try again.');
    const code = p.code ? ` ${p.code}` : '';
    const api = p.apiMessage && !advice.includes(p.apiMessage) ? ` (Adobe: ${p.apiMessage})` : '';
    const id = p.requestId ? ` [request ${p.requestId}]` : '';
    return `${operation} failed: HTTP ${p.status}${code}. ${advice}${api}${id}`;
  }
}

/** Local validation refused a config before it was sent. */
export class JourneyValidationError extends AioError {
  constructor(
    readonly operation: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super('journey-invalid', `${operation}: not sent, the config has problems:\n${describeIssues(issues)}`);
    this.name = 'JourneyValidationError';
  }
}
