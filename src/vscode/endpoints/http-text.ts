// `.http` text for Journey configs: one request to recreate a config, or every API operation of an
// endpoint's configs. Adobe headers are left to the runner (it adds them on allow-listed hosts); only
// `x-sandbox-name` is written, since it names where the configs live.
import type { CappingConfig, ConfigKind, ThrottlingConfig } from '../../core/journey/types';

const RESOURCE: Record<ConfigKind, string> = { capping: 'endpointConfigs', throttling: 'throttlingConfigs' };

/** What a user may send back: the fields a create or update takes, nothing the API adds. */
export function editablePayload(kind: ConfigKind, config: CappingConfig | ThrottlingConfig): Record<string, unknown> {
  if (kind === 'capping') {
    const c = config as CappingConfig;
    return { url: c.url, methods: c.methods, services: c.services };
  }
  const t = config as ThrottlingConfig;
  const out: Record<string, unknown> = {};
  if (t.name !== undefined) out.name = t.name;
  if (t.description !== undefined) out.description = t.description;
  return { ...out, urlPattern: t.urlPattern, methods: t.methods, maxThroughput: t.maxThroughput };
}

function header(baseUrl: string, sandbox: string): string[] {
  return [`@journey = ${baseUrl.replace(/\/+$/, '')}`, `@sandbox = ${sandbox}`, ''];
}

function request(title: string, line: string, body?: unknown): string[] {
  const out = [`### ${title}`, line, 'Accept: application/json', 'x-sandbox-name: {{sandbox}}'];
  if (body !== undefined) out.push('Content-Type: application/json', '', JSON.stringify(body, null, 2));
  return [...out, ''];
}

/** One request that creates this config (in any sandbox: change `@sandbox`). */
export function createRequestText(kind: ConfigKind, config: CappingConfig | ThrottlingConfig, baseUrl: string, sandbox: string): string {
  const noun = kind === 'capping' ? 'capping' : 'throttling';
  return [...header(baseUrl, sandbox), ...request(`Create this ${noun} config`, `POST {{journey}}/${RESOURCE[kind]}`, editablePayload(kind, config))].join('\n');
}

/** Every operation on the configs of one endpoint: list, get, canDeploy, deploy, undeploy, update, delete. */
export function endpointRequestsText(endpoint: string, capping: readonly CappingConfig[], throttling: readonly ThrottlingConfig[], baseUrl: string, sandbox: string): string {
  const lines = [`# Journey API requests for ${endpoint}. Adobe headers are added by the runner for allow-listed hosts.`, ...header(baseUrl, sandbox)];
  lines.push(...request('List capping configs', 'POST {{journey}}/list/endpointConfigs', {}));
  lines.push(...request('List throttling configs', 'POST {{journey}}/list/throttlingConfigs', {}));
  const each = (kind: ConfigKind, config: CappingConfig | ThrottlingConfig): void => {
    const path = `{{journey}}/${RESOURCE[kind]}/${encodeURIComponent(config.uid)}`;
    const noun = `${kind} ${config.uid}`;
    lines.push(...request(`Get ${noun}`, `GET ${path}`));
    lines.push(...request(`Can ${noun} be deployed?`, `GET ${path}/canDeploy`));
    lines.push(...request(`Update ${noun}`, `PUT ${path}`, editablePayload(kind, config)));
    lines.push(...request(`Deploy ${noun}`, `POST ${path}/deploy`, {}));
    lines.push(...request(`Undeploy ${noun}`, `POST ${path}/undeploy`, {}));
    lines.push(...request(`Delete ${noun} (add ?forceDelete=true for a deployed one)`, `DELETE ${path}`));
  };
  for (const c of capping) each('capping', c);
  for (const t of throttling) each('throttling', t);
  return lines.join('\n');
}
