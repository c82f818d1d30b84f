// The Journey Optimizer capping (`endpointConfigs`) and throttling (`throttlingConfigs`) APIs. Requests go
// through a narrow transport (today the HttpRunner, which adds Adobe headers on allow-listed hosts,
// refreshes once on 401 and honours 429), so the client does not change when the transport does.
import type { RequestResult, ResolvedRequest } from '../http/types';
import { AioError } from '../errors';
import { JourneyApiError, JourneyValidationError, parseJourneyError } from './errors';
import type { CanDeployResult, CappingConfig, CappingConfigPayload, ThrottlingConfig, ThrottlingConfigPayload } from './types';
import { errorsOf, validateCappingConfig, validateThrottlingConfig, type ConfigIssue, type ThrottlingContext } from './validation';

export const JOURNEY_BASE_URLS = {
  /** Journey Optimizer (current). */
  current: 'https://platform.adobe.io/journey/orchestration',
  /** Journey Orchestration (legacy). */
  legacy: 'https://journey.adobe.io/authoring',
} as const;

/** Sends one request; `HttpRunner` satisfies it. */
export interface JourneyTransport {
  send(request: ResolvedRequest, options?: { signal?: AbortSignal }): Promise<RequestResult>;
}

export interface JourneyClientOptions {
  transport: JourneyTransport;
  /** Sandbox for every call (`x-sandbox-name`), e.g. `prod`. */
  sandbox: string;
  /** IMS org id (`…@AdobeOrg`), sent in capping create/update bodies as Adobe's spec requires. */
  orgId?: string;
  /** Default {@link JOURNEY_BASE_URLS.current}; `legacy` or any URL (emulator, gateway). */
  baseUrl?: string;
  /** Credential profile for the transport's authenticator; undefined means the active one. */
  profile?: string;
  signal?: AbortSignal;
}

/** A create or update answer: the element as stored, the API's canDeploy check, and local warnings. */
export interface SaveResult<T> {
  config: T;
  canDeploy?: CanDeployResult;
  warnings: ConfigIssue[];
}

export interface ConfigResource<T, P> {
  list(): Promise<T[]>;
  get(uid: string): Promise<T>;
  create(payload: P): Promise<SaveResult<T>>;
  update(uid: string, payload: P): Promise<SaveResult<T>>;
  delete(uid: string, options?: { force?: boolean }): Promise<void>;
  canDeploy(uid: string): Promise<CanDeployResult>;
  deploy(uid: string): Promise<void>;
  undeploy(uid: string): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const decoder = new TextDecoder();

/** Only the fields a user may send: a fetched element (uid, state, deployedConfig, …) can be sent back as is. */
function cappingBody(payload: CappingConfigPayload, orgId: string | undefined): CappingConfigPayload {
  return { url: payload.url, methods: payload.methods, services: payload.services, orgId: payload.orgId ?? orgId };
}

function throttlingBody(payload: ThrottlingConfigPayload): ThrottlingConfigPayload {
  const { name, description, urlPattern, methods, maxThroughput } = payload;
  return { name, description, urlPattern, methods, maxThroughput };
}

export class JourneyClient {
  readonly capping: ConfigResource<CappingConfig, CappingConfigPayload>;
  readonly throttling: ConfigResource<ThrottlingConfig, ThrottlingConfigPayload> & {
    /** Create with the org/sandbox rules checked locally too, when the caller knows them. */
    createChecked(payload: ThrottlingConfigPayload, context: ThrottlingContext): Promise<SaveResult<ThrottlingConfig>>;
  };
  private readonly base: string;
  /** Set once the API answered 405 to GET canDeploy (the guide documents POST). */
  private canDeployByPost = false;

  constructor(private readonly options: JourneyClientOptions) {
    this.base = (options.baseUrl ?? JOURNEY_BASE_URLS.current).replace(/\/+$/, '');
    this.capping = this.resource<CappingConfig, CappingConfigPayload>(
      'endpointConfigs',
      'capping config',
      (p) => validateCappingConfig(p, 'create'),
      (p) => cappingBody(p, options.orgId),
    );
    const throttling = this.resource<ThrottlingConfig, ThrottlingConfigPayload>('throttlingConfigs', 'throttling config', (p) => validateThrottlingConfig(p), throttlingBody);
    this.throttling = {
      ...throttling,
      createChecked: (payload, context) => {
        const problems = errorsOf(validateThrottlingConfig(payload, context));
        if (problems.length > 0) return Promise.reject(new JourneyValidationError('Create throttling config', problems));
        return throttling.create(payload);
      },
    };
  }

  get sandbox(): string {
    return this.options.sandbox;
  }

  private resource<T, P>(path: string, noun: string, validate: (p: P) => ConfigIssue[], body: (p: P) => unknown): ConfigResource<T, P> {
    const item = (uid: string) => `/${path}/${encodeURIComponent(uid)}`;
    const checked = (operation: string, payload: P): ConfigIssue[] => {
      const issues = validate(payload);
      const problems = errorsOf(issues);
      if (problems.length > 0) throw new JourneyValidationError(operation, problems);
      return issues.filter((i) => i.severity === 'warning');
    };
    const saved = (answer: unknown, key: 'createdElement' | 'updatedElement', warnings: ConfigIssue[]): SaveResult<T> => {
      const a = isObject(answer) ? answer : {};
      const canDeploy = isObject(a.canDeploy) ? (a.canDeploy as unknown as CanDeployResult) : undefined;
      return { config: (a[key] ?? a) as T, canDeploy, warnings };
    };
    return {
      list: async () => {
        const answer = await this.call(`List ${noun}s`, 'POST', `/list/${path}`, {});
        const results = isObject(answer) ? answer.results : undefined;
        return (Array.isArray(results) ? results : []) as T[];
      },
      get: async (uid) => {
        const answer = await this.call(`Get ${noun} ${uid}`, 'GET', item(uid));
        return (isObject(answer) && isObject(answer.result) ? answer.result : answer) as T;
      },
      create: async (payload) => {
        const warnings = checked(`Create ${noun}`, payload);
        return saved(await this.call(`Create ${noun}`, 'POST', `/${path}`, body(payload)), 'createdElement', warnings);
      },
      update: async (uid, payload) => {
        const warnings = checked(`Update ${noun} ${uid}`, payload);
        return saved(await this.call(`Update ${noun} ${uid}`, 'PUT', item(uid), body(payload)), 'updatedElement', warnings);
      },
      delete: async (uid, options) => {
        await this.call(`Delete ${noun} ${uid}`, 'DELETE', `${item(uid)}${options?.force ? '?forceDelete=true' : ''}`);
      },
      canDeploy: async (uid) => {
        const operation = `Check ${noun} ${uid} (canDeploy)`;
        let answer: unknown;
        if (!this.canDeployByPost) {
          try {
            answer = await this.call(operation, 'GET', `${item(uid)}/canDeploy`);
          } catch (error) {
            if (!(error instanceof JourneyApiError) || error.status !== 405) throw error;
            this.canDeployByPost = true;
          }
        }
        if (this.canDeployByPost) answer = await this.call(operation, 'POST', `${item(uid)}/canDeploy`, {});
        const result = isObject(answer) && isObject(answer.canDeploy) ? answer.canDeploy : answer;
        return (isObject(result) ? (result as unknown) : { validationStatus: 'error', reason: 'The API answered canDeploy without a result.' }) as CanDeployResult;
      },
      deploy: async (uid) => {
        await this.call(`Deploy ${noun} ${uid}`, 'POST', `${item(uid)}/deploy`, {});
      },
      undeploy: async (uid) => {
        await this.call(`Undeploy ${noun} ${uid}`, 'POST', `${item(uid)}/undeploy`, {});
      },
    };
  }

  /** One API call; the parsed JSON answer (undefined for an empty body), or a JourneyApiError. */
  private async call(operation: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Array<[string, string]> = [
      ['Accept', 'application/json'],
      ['x-sandbox-name', this.options.sandbox],
    ];
    if (body !== undefined) headers.push(['Content-Type', 'application/json']);
    const request: ResolvedRequest = {
      method,
      url: `${this.base}${path}`,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      options: { profile: this.options.profile, sandbox: this.options.sandbox, noCookieJar: true },
    };
    const result = await this.options.transport.send(request, { signal: this.options.signal });
    const response = result.response;
    if (!response) {
      throw new AioError(`journey-${result.error?.kind ?? 'network'}`, `${operation} failed: ${result.error?.message ?? 'no response'}`);
    }
    const text = decoder.decode(response.body);
    if (response.status < 200 || response.status >= 300) {
      throw new JourneyApiError(operation, parseJourneyError(response.status, text));
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new JourneyApiError(operation, { status: response.status, apiMessage: `The answer is not JSON: ${text.slice(0, 120)}` });
    }
  }
}
