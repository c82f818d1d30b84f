// Local validation of capping and throttling configs before any call: the JSON Schema files carry the
// structural rules (and feed the editor), this module adds what a schema cannot say. Every issue carries
// the code Adobe's API would answer, the field, and what to do.
import cappingSchema from '../../../schemas/capping-config.schema.json';
import throttlingSchema from '../../../schemas/throttling-config.schema.json';
import { checkSchema, type ConfigIssue, type JsonSchema } from './schema-check';
import { parseUrlPattern } from './url-pattern';
import type { ConfigKind } from './types';

export type { ConfigIssue } from './schema-check';

/** `create`: what may be sent. `read`: what the API may return (-1 and > 400 connections are tolerated). */
export type ValidationMode = 'create' | 'read';

export interface ThrottlingContext {
  /** Type of the target sandbox (`production`, `development`), when known. */
  sandboxType?: string;
  /** Throttling configs the org already has, when known (one per org). */
  existing?: ReadonlyArray<{ uid: string }>;
  /** The config being updated, which does not count against the one-per-org rule. */
  uid?: string;
}

const MAX_CONNECTIONS = 400;

function issue(code: string, field: string, message: string, severity: ConfigIssue['severity'] = 'error'): ConfigIssue {
  return { code, severity, field, message };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a config document; text that is not JSON gets the API's "not JSON" code. */
export function parseConfigText(kind: ConfigKind, text: string): { value: unknown } | { issue: ConfigIssue } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const code = kind === 'capping' ? 'ERR_ENDPOINTCONFIG_112' : 'ERR_THROTTLING_CONFIG_106';
    return { issue: issue(code, '', `The config is not valid JSON (${(error as Error).message}). Fix the syntax and try again.`) };
  }
}

export function validateCappingConfig(value: unknown, mode: ValidationMode = 'create'): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const found of checkSchema(cappingSchema as JsonSchema, value)) {
    if (mode === 'read' && found.field.endsWith('.maxHttpConnections')) continue;
    issues.push(found);
  }
  if (!isObject(value)) return issues;
  const url = value.url;
  if (typeof url === 'string' && url.trim() !== '') {
    const parsed = parseUrlPattern(url);
    if ('problem' in parsed) {
      issues.push(
        parsed.problem === 'wildcard-host'
          ? issue('ERR_ENDPOINTCONFIG_102', 'url', `url ${JSON.stringify(url)} has a * in its host or port. Wildcards are allowed in the path only: name the host exactly.`)
          : issue('ERR_ENDPOINTCONFIG_101', 'url', `url ${JSON.stringify(url)} is not an http:// or https:// URL. Write it as https://host[:port]/path (a * is allowed in the path).`),
      );
    }
  }
  const services = isObject(value.services) ? value.services : {};
  for (const name of ['dataSource', 'action']) {
    const service = services[name];
    if (!isObject(service)) continue;
    const field = `services.${name}`;
    const connections = service.maxHttpConnections;
    if (connections === undefined || connections === null) {
      issues.push(issue('ERR_ENDPOINTCONFIG_106', `${field}.maxHttpConnections`, `${field}.maxHttpConnections is not set, so Journey Optimizer may open any number of connections to the endpoint. Set it (at most ${MAX_CONNECTIONS}) to protect the endpoint.`, 'warning'));
    } else if (mode === 'read' && typeof connections === 'number' && connections > MAX_CONNECTIONS) {
      issues.push(issue('ERR_ENDPOINTCONFIG_111', `${field}.maxHttpConnections`, `${field}.maxHttpConnections is ${connections}, above the documented maximum of ${MAX_CONNECTIONS}. Lower it when you next edit this config; a new config with it would be refused.`, 'warning'));
    } else if (mode === 'read' && connections !== -1 && !(Number.isInteger(connections) && (connections as number) >= 1)) {
      issues.push(issue('ERR_ENDPOINTCONFIG_111', `${field}.maxHttpConnections`, `${field}.maxHttpConnections is ${JSON.stringify(connections)}. Use a whole number from 1 to ${MAX_CONNECTIONS}, or leave it out.`));
    }
    const rating = isObject(service.rating) ? service.rating : undefined;
    if (rating?.maxCallsCount === 1) {
      issues.push(issue('ERR_ENDPOINTCONFIG_107', `${field}.rating.maxCallsCount`, `${field}.rating.maxCallsCount is 1: the API accepts it, but Adobe's external-systems guide asks for more than 1. Check that one call per period is what you mean.`, 'warning'));
    }
  }
  return issues;
}

export function validateThrottlingConfig(value: unknown, context: ThrottlingContext = {}): ConfigIssue[] {
  const issues = checkSchema(throttlingSchema as JsonSchema, value);
  if (isObject(value) && typeof value.urlPattern === 'string' && value.urlPattern.trim() !== '') {
    const parsed = parseUrlPattern(value.urlPattern);
    if ('problem' in parsed) {
      issues.push(
        parsed.problem === 'wildcard-host'
          ? issue('ERR_THROTTLING_CONFIG_105', 'urlPattern', `urlPattern ${JSON.stringify(value.urlPattern)} has a * in its host or port. Wildcards are allowed in the path only: name the host exactly.`)
          : issue('ERR_THROTTLING_CONFIG_104', 'urlPattern', `urlPattern ${JSON.stringify(value.urlPattern)} is not an http:// or https:// URL. Write it as https://host[:port]/path (a * is allowed in the path).`),
      );
    }
  }
  if (context.sandboxType !== undefined && context.sandboxType !== 'production') {
    issues.push(issue('1463', '', `Throttling configs can only be created in a production sandbox, and this sandbox is ${context.sandboxType}. Switch to the production sandbox (e.g. prod); the config then applies to every sandbox of the org.`));
  }
  const others = (context.existing ?? []).filter((c) => c.uid !== context.uid);
  if (others.length > 0) {
    issues.push(issue('1465', '', `The org already has a throttling config (${others[0].uid}) and may have only one. Update that config instead of creating another.`));
  }
  return issues;
}

/** Issues that block sending (errors), apart from warnings. */
export function errorsOf(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

/** `CODE: message` lines, for a message box or the terminal. */
export function describeIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${i.severity === 'warning' ? 'warning ' : ''}${i.code}: ${i.message}`).join('\n');
}
