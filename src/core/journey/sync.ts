// Configs as code: one JSON file per capping or throttling config, a plan that says what would make a
// sandbox match the files (create, update, deploy, undeploy, delete), and its execution. Files are matched
// to remote configs by uid, else by kind + endpoint + methods, so a folder exported from a dev sandbox
// applies to prod, and applying twice changes nothing the second time. Files are never rewritten.
import { AioError } from '../errors';
import type { JourneyClient } from './client';
import { cappingLimits, throttlingIsLive } from './limits';
import type { CappingConfig, CappingConfigPayload, CappingServices, ConfigKind, ThrottlingConfig, ThrottlingConfigPayload } from './types';
import { endpointKey } from './url-pattern';
import { parseConfigText, validateCappingConfig, validateThrottlingConfig, type ConfigIssue } from './validation';

export interface ConfigFileText {
  name: string;
  text: string;
}

export type DesiredConfig =
  | { kind: 'capping'; file: string; uid?: string; payload: CappingConfigPayload }
  | { kind: 'throttling'; file: string; uid?: string; payload: ThrottlingConfigPayload };

export interface FileProblem {
  file: string;
  issue: ConfigIssue;
}

const KIND_OF_FILE = /\.(capping|throttling)\.json$/;

/** The kind a file name declares (`*.capping.json`, `*.throttling.json`), or undefined for other files. */
export function kindOfFile(name: string): ConfigKind | undefined {
  return KIND_OF_FILE.exec(name)?.[1] as ConfigKind | undefined;
}

function cappingPayload(c: CappingConfigPayload): CappingConfigPayload {
  return { url: c.url, methods: c.methods, services: c.services };
}

function throttlingPayload(c: ThrottlingConfigPayload): ThrottlingConfigPayload {
  const out: ThrottlingConfigPayload = { urlPattern: c.urlPattern, methods: c.methods, maxThroughput: c.maxThroughput };
  if (c.name !== undefined) out.name = c.name;
  if (c.description !== undefined) out.description = c.description;
  return out;
}

const slug = (text: string): string =>
  text
    .replace(/^https?:\/\//i, '')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .toLowerCase();

/** The file for one remote config: its uid and what a user may edit, nothing the API adds. */
export function exportFile(kind: ConfigKind, config: CappingConfig | ThrottlingConfig): ConfigFileText {
  const body =
    kind === 'capping'
      ? { uid: config.uid, ...cappingPayload(config as CappingConfig) }
      : { uid: config.uid, ...throttlingPayload(config as ThrottlingConfig) };
  const url = kind === 'capping' ? (config as CappingConfig).url : (config as ThrottlingConfig).urlPattern;
  return { name: `${slug(String(url)) || 'config'}-${config.uid.slice(0, 8)}.${kind}.json`, text: `${JSON.stringify(body, null, 2)}\n` };
}

/** Reads config files; every problem (not JSON, invalid config, two files for one uid) and warning is reported with its file. */
export function readDesired(files: readonly ConfigFileText[]): { desired: DesiredConfig[]; problems: FileProblem[]; warnings: FileProblem[] } {
  const desired: DesiredConfig[] = [];
  const problems: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  const uids = new Map<string, string>();
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const kind = kindOfFile(file.name);
    if (!kind) continue;
    const parsed = parseConfigText(kind, file.text);
    if ('issue' in parsed) {
      problems.push({ file: file.name, issue: parsed.issue });
      continue;
    }
    const value = parsed.value as Record<string, unknown>;
    const issues = kind === 'capping' ? validateCappingConfig(value) : validateThrottlingConfig(value);
    const errors = issues.filter((i) => i.severity === 'error');
    for (const issue of errors) problems.push({ file: file.name, issue });
    if (errors.length > 0) continue;
    for (const issue of issues) if (issue.severity === 'warning') warnings.push({ file: file.name, issue });
    const uid = typeof value.uid === 'string' && value.uid !== '' ? value.uid : undefined;
    if (uid) {
      const other = uids.get(uid);
      if (other) {
        problems.push({ file: file.name, issue: { code: 'DUPLICATE_UID', severity: 'error', field: 'uid', message: `uid ${uid} is also in ${other}: each config needs its own file. Remove one, or drop the uid from a copy meant as a new config.` } });
        continue;
      }
      uids.set(uid, file.name);
    }
    if (kind === 'capping') desired.push({ kind, file: file.name, uid, payload: cappingPayload(value as unknown as CappingConfigPayload) });
    else desired.push({ kind, file: file.name, uid, payload: throttlingPayload(value as unknown as ThrottlingConfigPayload) });
  }
  return { desired, problems, warnings };
}

export type PlanStep =
  | { action: 'create'; kind: ConfigKind; file: string; endpoint: string; payload: CappingConfigPayload | ThrottlingConfigPayload; deploy: boolean }
  | { action: 'update'; kind: ConfigKind; file: string; uid: string; endpoint: string; payload: CappingConfigPayload | ThrottlingConfigPayload; changes: string[] }
  | { action: 'deploy' | 'undeploy' | 'delete'; kind: ConfigKind; uid: string; endpoint: string; file?: string };

export interface PlanOptions {
  /** Deploy what is created, updated or not live. */
  deploy?: boolean;
  /** Delete remote configs that no file describes (undeploying them first). */
  prune?: boolean;
}

const sameSet = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean =>
  [...(a ?? [])].map(String).sort().join() === [...(b ?? [])].map(String).sort().join();

/** Services compared as the API stores them: no connection limit is the same whether absent or -1. */
function servicesDiff(a: CappingServices | undefined, b: CappingServices | undefined): string[] {
  const changes: string[] = [];
  for (const name of ['dataSource', 'action'] as const) {
    const x = a?.[name];
    const y = b?.[name];
    if (!x && !y) continue;
    if (!x || !y) {
      changes.push(`services.${name}`);
      continue;
    }
    const conn = (v: number | undefined) => (v === undefined || v === -1 ? undefined : v);
    if (conn(x.maxHttpConnections) !== conn(y.maxHttpConnections)) changes.push(`services.${name}.maxHttpConnections ${x.maxHttpConnections ?? '(none)'} → ${y.maxHttpConnections ?? '(none)'}`);
    if (x.rating?.maxCallsCount !== y.rating?.maxCallsCount) changes.push(`services.${name}.rating.maxCallsCount ${x.rating?.maxCallsCount} → ${y.rating?.maxCallsCount}`);
    if (x.rating?.periodInMs !== y.rating?.periodInMs) changes.push(`services.${name}.rating.periodInMs ${x.rating?.periodInMs} → ${y.rating?.periodInMs}`);
  }
  return changes;
}

function cappingChanges(remote: CappingConfig, wanted: CappingConfigPayload): string[] {
  const changes: string[] = [];
  if (remote.url !== wanted.url) changes.push(`url ${remote.url} → ${wanted.url}`);
  if (!sameSet(remote.methods, wanted.methods)) changes.push(`methods ${remote.methods.join(',')} → ${wanted.methods.join(',')}`);
  return [...changes, ...servicesDiff(remote.services, wanted.services)];
}

function throttlingChanges(remote: ThrottlingConfig, wanted: ThrottlingConfigPayload): string[] {
  const changes: string[] = [];
  for (const field of ['name', 'description', 'urlPattern', 'maxThroughput'] as const) {
    if ((remote[field] ?? undefined) !== (wanted[field] ?? undefined)) changes.push(`${field} ${remote[field] ?? '(none)'} → ${wanted[field] ?? '(none)'}`);
  }
  if (!sameSet(remote.methods, wanted.methods)) changes.push(`methods ${remote.methods.join(',')} → ${wanted.methods.join(',')}`);
  return changes;
}

/** What identifies a config without its uid: kind, endpoint, methods and (capping) which services it limits. */
const identity = (kind: ConfigKind, url: string, methods: readonly string[], services?: CappingServices): string =>
  `${kind} ${endpointKey(url)} ${[...methods].sort().join(',')} ${Object.keys(services ?? {}).sort().join(',')}`;

/** The steps that make the remote configs match the files. Pure: same input, same plan. */
export function planSync(desired: readonly DesiredConfig[], remote: { capping: readonly CappingConfig[]; throttling: readonly ThrottlingConfig[] }, options: PlanOptions = {}): PlanStep[] {
  const steps: PlanStep[] = [];
  const unmatched = new Map<string, CappingConfig | ThrottlingConfig>();
  const kindOf = new Map<string, ConfigKind>();
  for (const c of remote.capping) {
    unmatched.set(c.uid, c);
    kindOf.set(c.uid, 'capping');
  }
  for (const c of remote.throttling) {
    unmatched.set(c.uid, c);
    kindOf.set(c.uid, 'throttling');
  }
  const byIdentity = new Map<string, string[]>();
  for (const [uid, c] of unmatched) {
    const kind = kindOf.get(uid)!;
    const key = kind === 'capping' ? identity(kind, (c as CappingConfig).url, c.methods, (c as CappingConfig).services) : identity(kind, (c as ThrottlingConfig).urlPattern, c.methods);
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), uid]);
  }
  for (const want of desired) {
    const url = want.kind === 'capping' ? want.payload.url : want.payload.urlPattern;
    const endpoint = endpointKey(url);
    let uid = want.uid && kindOf.get(want.uid) === want.kind && unmatched.has(want.uid) ? want.uid : undefined;
    uid ??= (byIdentity.get(identity(want.kind, url, want.payload.methods, want.kind === 'capping' ? want.payload.services : undefined)) ?? []).find((u) => unmatched.has(u));
    if (!uid) {
      steps.push({ action: 'create', kind: want.kind, file: want.file, endpoint, payload: want.payload, deploy: options.deploy === true });
      continue;
    }
    const current = unmatched.get(uid)!;
    unmatched.delete(uid);
    if (want.kind === 'capping') {
      const config = current as CappingConfig;
      const changes = cappingChanges(config, want.payload);
      if (changes.length > 0) steps.push({ action: 'update', kind: 'capping', file: want.file, uid, endpoint, payload: want.payload, changes });
      const limits = cappingLimits(config);
      // Deploy when nothing is live, or the live copy is not what the file says.
      const liveMatches = limits.live !== undefined && changes.length === 0 && !limits.differs;
      if (options.deploy && !liveMatches) steps.push({ action: 'deploy', kind: 'capping', uid, endpoint, file: want.file });
    } else {
      const config = current as ThrottlingConfig;
      const changes = throttlingChanges(config, want.payload);
      if (changes.length > 0) steps.push({ action: 'update', kind: 'throttling', file: want.file, uid, endpoint, payload: want.payload, changes });
      // A deployed throttling config takes updates at once; only an undeployed one needs a deploy.
      if (options.deploy && !throttlingIsLive(config)) steps.push({ action: 'deploy', kind: 'throttling', uid, endpoint, file: want.file });
    }
  }
  if (options.prune) {
    for (const [uid, config] of unmatched) {
      const kind = kindOf.get(uid)!;
      const endpoint = endpointKey(kind === 'capping' ? (config as CappingConfig).url : (config as ThrottlingConfig).urlPattern);
      const live = kind === 'capping' ? cappingLimits(config as CappingConfig).live !== undefined : throttlingIsLive(config as ThrottlingConfig);
      if (live) steps.push({ action: 'undeploy', kind, uid, endpoint });
      steps.push({ action: 'delete', kind, uid, endpoint });
    }
  }
  return steps;
}

/** One line per step, as `plan` prints it. */
export function describeStep(step: PlanStep): string {
  switch (step.action) {
    case 'create':
      return `+ create ${step.kind} ${step.endpoint} (${step.file})${step.deploy ? ' and deploy it' : ''}`;
    case 'update':
      return `~ update ${step.kind} ${step.uid} ${step.endpoint} (${step.file}): ${step.changes.join('; ')}`;
    case 'deploy':
      return `^ deploy ${step.kind} ${step.uid} ${step.endpoint}`;
    case 'undeploy':
      return `v undeploy ${step.kind} ${step.uid} ${step.endpoint}`;
    case 'delete':
      return `- delete ${step.kind} ${step.uid} ${step.endpoint}`;
  }
}

/** Runs the steps in order and stops at the first refusal (the error propagates, naming the step). */
export async function applyPlan(client: JourneyClient, steps: readonly PlanStep[], onStep?: (step: PlanStep, uid: string) => void): Promise<void> {
  for (const step of steps) {
    const resource = step.kind === 'capping' ? client.capping : client.throttling;
    // canDeploy first, so a refusal names Adobe's validation errors rather than a bare 500.
    const deploy = async (uid: string): Promise<void> => {
      const check = await resource.canDeploy(uid);
      if (check.validationStatus !== 'ok') {
        const errors = (check.errors ?? []).map((e) => `${e.errorCode}: ${e.error ?? ''}`).join('; ');
        throw new AioError('journey-cannot-deploy', `Deploy ${step.kind} config ${uid}: Adobe's canDeploy says no (${check.reason ?? 'error'}): ${errors || 'no detail'}.`);
      }
      await resource.deploy(uid);
    };
    let uid: string;
    switch (step.action) {
      case 'create': {
        const saved = step.kind === 'capping' ? await client.capping.create(step.payload as CappingConfigPayload) : await client.throttling.create(step.payload as ThrottlingConfigPayload);
        uid = saved.config.uid;
        if (step.deploy) await deploy(uid);
        break;
      }
      case 'update':
        uid = step.uid;
        if (step.kind === 'capping') await client.capping.update(uid, step.payload as CappingConfigPayload);
        else await client.throttling.update(uid, step.payload as ThrottlingConfigPayload);
        break;
      case 'deploy':
        uid = step.uid;
        await deploy(uid);
        break;
      case 'undeploy':
        uid = step.uid;
        await resource.undeploy(uid);
        break;
      case 'delete':
        uid = step.uid;
        await resource.delete(uid);
        break;
    }
    onStep?.(step, uid);
  }
}
