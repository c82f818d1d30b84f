// The Endpoints view's behaviour: row actions, config documents and the "which limits apply" lookup. It is
// bundled into dist/journey.js with the Journey core and loaded on first use (index.ts registers the ids).
import * as vscode from 'vscode';
import { AioError } from '../../core/errors';
import type { CappingConfig, ConfigKind, ThrottlingConfig } from '../../core/journey/types';
import { UserCancelled } from '../commands';
import type { ExtensionDeps } from '../deps';
import { SETTINGS_SECTION } from '../setting-keys';
import { ConfigDocuments, TEMPLATES, openConfigDocument } from './config-documents';
import { EndpointsModel, journeyBaseUrl } from './endpoints-view';
import type { EndpointCommand } from './command-names';
import { JOURNEY_BASE_URLS } from '../../core/journey/client';
import { EndpointMatcher } from '../../core/journey/matcher';
import { createRequestText, editablePayload, endpointRequestsText } from './http-text';
import { simulationTarget } from './simulation-target';
import type { EndpointNode } from './tree-nodes';
import type { EndpointsLoadGate } from './load-gate';

type ConfigNode = Extract<EndpointNode, { type: 'config' }>;
const COMPARE_SCHEME = 'aio-endpoint-config';

function configNode(arg: unknown): ConfigNode {
  const node = arg as EndpointNode | undefined;
  if (node?.type !== 'config') throw new AioError('usage', 'Run this from a config row of the Endpoints view.');
  return node;
}

export interface EndpointsFeature extends vscode.Disposable {
  readonly model: EndpointsModel;
  readonly commands: Record<EndpointCommand, (...args: never[]) => unknown>;
}

/** The view's model and command handlers, built on first use (this module lives in dist/journey.js). */
export function createEndpointsFeature(deps: ExtensionDeps, redraw: () => void, view: vscode.TreeView<EndpointNode>, gate: EndpointsLoadGate): EndpointsFeature {
  const model = new EndpointsModel(deps, redraw, view, gate);
  const documents = new ConfigDocuments(model, deps.context.globalStorageUri);
  const compareContents = new Map<string, string>();

  const find = (node: ConfigNode): { kind: ConfigKind; config: CappingConfig | ThrottlingConfig } => {
    const snapshot = model.snapshot;
    const list: Array<CappingConfig | ThrottlingConfig> = node.row.kind === 'capping' ? (snapshot?.capping ?? []) : (snapshot?.throttling ?? []);
    const config = list.find((c) => c.uid === node.row.uid);
    if (!config || !snapshot) throw new AioError('usage', `Config ${node.row.uid} is no longer listed: refresh the Endpoints view.`);
    return { kind: node.row.kind, config };
  };
  const resourceOf = (kind: ConfigKind) => {
    const snapshot = model.snapshot;
    if (!snapshot) throw new AioError('usage', 'The Endpoints view has not loaded yet: refresh it.');
    const client = model.client(snapshot.sandbox, snapshot.profile);
    return { sandbox: snapshot.sandbox, resource: kind === 'capping' ? client.capping : client.throttling };
  };
  const confirm = async (message: string, detail: string, ...buttons: string[]): Promise<string> => {
    const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
    if (!answer) throw new UserCancelled();
    return answer;
  };

  const deploy = async (arg: unknown) => {
    const node = configNode(arg);
    const { sandbox, resource } = resourceOf(node.row.kind);
    const check = await resource.canDeploy(node.row.uid);
    const errors = (check.errors ?? []).map((e) => `${e.errorCode}: ${e.error ?? ''}`);
    const warnings = (check.warnings ?? []).map((w) => `${w.warningCode}: ${w.warning ?? ''}`);
    if (errors.length > 0 || check.validationStatus !== 'ok') {
      model.refresh();
      throw new AioError('journey-cannot-deploy', `Cannot deploy ${node.row.kind} config ${node.row.uid}: ${check.reason ?? 'canDeploy refused it'}. ${errors.join(' ')}`.trim());
    }
    await confirm(`Deploy ${node.row.kind} config for ${node.endpoint} to sandbox ${sandbox}?`, warnings.length > 0 ? `canDeploy warnings:\n${warnings.join('\n')}` : 'canDeploy: ok.', 'Deploy');
    await resource.deploy(node.row.uid);
    model.refresh();
    void vscode.window.showInformationMessage(`Deployed ${node.row.kind} config ${node.row.uid} in sandbox ${sandbox}.`);
  };

  const undeploy = async (arg: unknown) => {
    const node = configNode(arg);
    const { sandbox, resource } = resourceOf(node.row.kind);
    await confirm(`Undeploy ${node.row.kind} config for ${node.endpoint} in sandbox ${sandbox}?`, 'Its limits stop applying to the endpoint.', 'Undeploy');
    await resource.undeploy(node.row.uid);
    model.refresh();
    void vscode.window.showInformationMessage(`Undeployed ${node.row.kind} config ${node.row.uid} in sandbox ${sandbox}.`);
  };

  const remove = async (arg: unknown) => {
    const node = configNode(arg);
    const { sandbox, resource } = resourceOf(node.row.kind);
    const live = node.row.capabilities.includes('undeployable');
    if (live) {
      await confirm(
        `The ${node.row.kind} config for ${node.endpoint} is deployed in sandbox ${sandbox}.`,
        'A deployed config cannot be deleted as is. Undeploy it (its limits stop applying) and delete it?',
        'Undeploy and Delete',
      );
      await resource.undeploy(node.row.uid);
    } else {
      await confirm(`Delete ${node.row.kind} config for ${node.endpoint} from sandbox ${sandbox}?`, 'This cannot be undone.', 'Delete');
    }
    await resource.delete(node.row.uid);
    model.refresh();
    void vscode.window.showInformationMessage(`Deleted ${node.row.kind} config ${node.row.uid} from sandbox ${sandbox}.`);
  };

  const edit = async (arg: unknown) => {
    const node = configNode(arg);
    const { kind, config } = find(node);
    const body = { uid: config.uid, ...editablePayload(kind, config) };
    await openConfigDocument(deps, kind, config.uid, body);
  };

  const compare = async (arg: unknown) => {
    const node = configNode(arg);
    const { config } = find(node);
    const capping = config as CappingConfig;
    if (node.row.kind !== 'capping' || !capping.deployedConfig) throw new AioError('usage', 'Only a deployed capping config with a pending edit has two versions to compare.');
    const live = editablePayload('capping', capping.deployedConfig as unknown as CappingConfig);
    const pending = editablePayload('capping', capping);
    const left = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${capping.uid}/live.capping.json` });
    const right = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${capping.uid}/pending.capping.json` });
    compareContents.set(left.toString(), `${JSON.stringify(live, null, 2)}\n`);
    compareContents.set(right.toString(), `${JSON.stringify(pending, null, 2)}\n`);
    await vscode.commands.executeCommand('vscode.diff', left, right, `Capping ${capping.uid}: live ↔ pending`);
  };

  const copyToSandbox = async (arg: unknown) => {
    const node = configNode(arg);
    const { config } = find(node);
    const snapshot = model.snapshot!;
    const target = await vscode.window.showInputBox({
      title: `Copy capping config ${config.uid} to sandbox`,
      prompt: 'Target sandbox name (lower-case, e.g. dev)',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[a-z0-9][a-z0-9-]*$/.test(v.trim()) ? (v.trim() === snapshot.sandbox ? 'That is the sandbox it is in: name another one.' : undefined) : 'Lower-case letters, digits and dashes.'),
    });
    if (!target) throw new UserCancelled();
    const client = model.client(target.trim(), snapshot.profile);
    const saved = await client.capping.create(editablePayload('capping', config) as unknown as CappingConfig);
    void vscode.window.showInformationMessage(`Copied to sandbox ${target.trim()} as ${saved.config.uid} (not deployed there yet).`);
  };

  const copyAsHttp = async (arg: unknown) => {
    const node = configNode(arg);
    const { kind, config } = find(node);
    await vscode.env.clipboard.writeText(createRequestText(kind, config, journeyBaseUrl(), model.snapshot!.sandbox));
    void vscode.window.showInformationMessage(`Copied a .http request that creates this ${kind} config.`);
  };

  const openRequests = async (arg: unknown) => {
    const node = arg as EndpointNode | undefined;
    if (node?.type !== 'endpoint') throw new AioError('usage', 'Run this from an endpoint row of the Endpoints view.');
    const snapshot = model.snapshot!;
    const uids = new Set(node.row.configs.map((c) => c.uid));
    const text = endpointRequestsText(
      node.row.endpoint,
      snapshot.capping.filter((c) => uids.has(c.uid)),
      snapshot.throttling.filter((c) => uids.has(c.uid)),
      journeyBaseUrl(),
      snapshot.sandbox,
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'http', content: text }));
  };

  // Opens the simulator (its own feature, reached by command id) with this endpoint and its deployed limits.
  const simulate = async (arg: unknown) => {
    const node = arg as EndpointNode | undefined;
    if (node?.type !== 'endpoint') throw new AioError('usage', 'Run this from an endpoint row of the Endpoints view.');
    const snapshot = model.snapshot;
    const uids = new Set(node.row.configs.map((c) => c.uid));
    await vscode.commands.executeCommand('aioRequests.simulateTraffic', simulationTarget(node.row.endpoint, snapshot?.capping.filter((c) => uids.has(c.uid)) ?? [], snapshot?.throttling.filter((c) => uids.has(c.uid)) ?? []));
  };

  const newConfig = (kind: ConfigKind) => async () => {
    await model.activeProfile();
    await openConfigDocument(deps, kind, `new-${kind}-${Date.now().toString(36)}`, TEMPLATES[kind]);
  };

  const whichLimits = async () => {
    if (!model.snapshot) await model.getChildren();
    const snapshot = model.snapshot;
    if (!snapshot) throw new AioError('usage', 'The Endpoints view could not load the configs: see its error row.');
    const input = await vscode.window.showInputBox({
      title: 'Which limits apply to a URL?',
      prompt: 'Method and URL, e.g. GET https://api.example.org/data/2.5/weather',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[A-Za-z]+\s+https?:\/\/\S+$/.test(v.trim()) ? undefined : 'Write a method, a space and an http(s) URL.'),
    });
    if (!input) throw new UserCancelled();
    const [method, url] = input.trim().split(/\s+/);
    const result = new EndpointMatcher(snapshot.capping, snapshot.throttling).match({ method: method!, url: url! });
    const rate = (l: { maxCallsCount: number; periodInMs: number }) => `${l.maxCallsCount} calls / ${l.periodInMs} ms`;
    const items: vscode.QuickPickItem[] = [];
    const effective: string[] = [];
    if (result.effectiveCapping?.live) effective.push(`capping ${rate(result.effectiveCapping.live)} (${result.effectiveCapping.service})`);
    if (result.effectiveThrottling) effective.push(`throttling ${result.effectiveThrottling.maxThroughput} calls/s`);
    items.push({ label: effective.length > 0 ? `Effective: ${effective.join(' · ')}` : 'No live config applies', detail: `${method!.toUpperCase()} ${url} in sandbox ${snapshot.sandbox}` });
    for (const m of result.capping) {
      const parts = [m.live ? `live ${rate(m.live)}` : 'not deployed', m.pending ? `pending ${rate(m.pending)}` : ''].filter(Boolean);
      items.push({ label: `Capping · ${m.service} · ${parts.join(' → ')}`, description: m.config.url, detail: `uid ${m.config.uid}` });
    }
    for (const m of result.throttling) items.push({ label: `Throttling · ${m.maxThroughput} calls/s · ${m.live ? 'deployed' : 'not deployed'}`, description: m.config.urlPattern, detail: `uid ${m.config.uid}` });
    await vscode.window.showQuickPick(items, { title: `Limits for ${method!.toUpperCase()} ${url}`, ignoreFocusOut: true });
  };

  const setBaseUrl = async () => {
    const current = journeyBaseUrl();
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Journey Optimizer', description: JOURNEY_BASE_URLS.current, url: JOURNEY_BASE_URLS.current as string },
        { label: 'Journey Orchestration (legacy)', description: JOURNEY_BASE_URLS.legacy, url: JOURNEY_BASE_URLS.legacy as string },
        { label: 'Custom URL…', description: 'a gateway or the emulator', url: '' },
      ],
      { title: `Journey API base URL (now ${current})`, ignoreFocusOut: true },
    );
    if (!picked) throw new UserCancelled();
    let url = picked.url;
    if (!url) {
      url = (await vscode.window.showInputBox({ title: 'Journey API base URL', value: current, ignoreFocusOut: true, validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'An http(s) URL.') }))?.trim() ?? '';
      if (!url) throw new UserCancelled();
    }
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('journeyBaseUrl', url, vscode.ConfigurationTarget.Global);
  };

  const commands: Record<EndpointCommand, (...args: never[]) => unknown> = {
    'aioRequests.endpoints.refresh': () => model.refresh(),
    'aioRequests.endpoints.newCapping': newConfig('capping'),
    'aioRequests.endpoints.newThrottling': newConfig('throttling'),
    'aioRequests.endpoints.whichLimits': whichLimits,
    'aioRequests.endpoints.applyConfig': (arg: unknown) => documents.apply(arg),
    'aioRequests.endpoints.setJourneyBaseUrl': setBaseUrl,
    'aioRequests.endpoints.edit': edit,
    'aioRequests.endpoints.deploy': deploy,
    'aioRequests.endpoints.undeploy': undeploy,
    'aioRequests.endpoints.delete': remove,
    'aioRequests.endpoints.compare': compare,
    'aioRequests.endpoints.copyToSandbox': copyToSandbox,
    'aioRequests.endpoints.copyAsHttp': copyAsHttp,
    'aioRequests.endpoints.openRequests': openRequests,
    'aioRequests.endpoints.simulate': simulate,
  };
  const disposable = vscode.Disposable.from(
    model,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, { provideTextDocumentContent: (uri) => compareContents.get(uri.toString()) ?? '' }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (['journeyBaseUrl', 'authHosts', 'insecureTlsHosts'].some((k) => e.affectsConfiguration(`${SETTINGS_SECTION}.${k}`)) || e.affectsConfiguration('http.proxy')) {
        model.resetClients();
        model.refresh();
      }
    }),
  );
  return { model, commands, dispose: () => disposable.dispose() };
}
