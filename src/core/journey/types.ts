// Journey Optimizer capping (`endpointConfigs`) and throttling (`throttlingConfigs`) configs, as the API
// sends and returns them (adobe-apis.md §4). Fields the API may omit are optional.

export type ConfigState = 'created' | 'updated' | 'deployed';
export type CappingServiceName = 'dataSource' | 'action';
export const CAPPING_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTION'] as const;
export const THROTTLING_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface CappingRating {
  maxCallsCount: number;
  periodInMs: number;
}

export interface CappingService {
  /** Absent: no connection limit (a deployed copy then holds -1). */
  maxHttpConnections?: number;
  rating: CappingRating;
}

export interface CappingServices {
  dataSource?: CappingService;
  action?: CappingService;
}

/** What a user writes and sends (POST/PUT body). */
export interface CappingConfigPayload {
  url: string;
  methods: string[];
  services: CappingServices;
  orgId?: string;
}

export interface ConfigMetadata {
  createdAt?: string;
  createdBy?: string;
  lastModifiedAt?: string;
  lastModifiedBy?: string;
  lastDeployedAt?: string;
  lastDeployedBy?: string;
  [key: string]: unknown;
}

/** A capping config as the API returns it: the edited config at the top level, the live one in `deployedConfig`. */
export interface CappingConfig extends CappingConfigPayload {
  uid: string;
  _id?: string;
  state?: ConfigState;
  hasBeenDeployed?: boolean;
  metadata?: ConfigMetadata;
  sandboxName?: string;
  sandboxId?: string;
  tenantId?: string;
  authoringFormatVersion?: string;
  deployedConfig?: CappingConfigPayload & Record<string, unknown>;
}

export interface ThrottlingConfigPayload {
  name?: string;
  description?: string;
  urlPattern: string;
  methods: string[];
  maxThroughput: number;
}

export interface ThrottlingConfig extends ThrottlingConfigPayload {
  uid: string;
  /** `{uid}_{sandboxId}`. */
  _id?: string;
  state?: ConfigState;
  hasBeenDeployed?: boolean;
  metadata?: ConfigMetadata;
  sandboxName?: string;
  sandboxId?: string;
  orgId?: string;
  /** Added by a deploy. */
  version?: number | string;
}

/** canDeploy's answer, `{"canDeploy": {…}}` unwrapped. `errorCode` is a string in Adobe's example, an integer in its schema. */
export interface CanDeployResult {
  validationStatus: 'ok' | 'error' | string;
  reason?: string;
  errors?: Array<{ errorCode: string | number; error?: string; scope?: Record<string, unknown> }>;
  warnings?: Array<{ warningCode: string | number; warning?: string; scope?: Record<string, unknown> }>;
}

export type ConfigKind = 'capping' | 'throttling';
