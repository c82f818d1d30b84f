import * as vscode from 'vscode';
import { AioError } from '../../core/errors';
import type { Profile } from '../../core/credentials/profile';
import type { EndpointRow } from '../../core/journey/grouping';
import type { CanDeployResult, CappingConfig, ConfigKind, ThrottlingConfig } from '../../core/journey/types';
import type { ExtensionDeps } from '../deps';
import { SETTINGS_SECTION } from '../setting-keys';
import { hostSettings, vscodeProxySettings } from '../shared/settings';
import { JourneyClient } from '../../core/journey/client';
import { endpointRows, groupByEndpoint } from '../../core/journey/grouping';
import { createJourneyTransport } from '../shared/journey-transport';
import { checkNodes, childNodes, endpointNodes, viewOf, type EndpointNode } from './tree-nodes';

import { VIEW_ID } from './command-names';
import type { EndpointsLoadGate } from './load-gate';
const DEFAULT_BASE_URL = 'https://platform.adobe.io/journey/orchestration';

/** The Journey API base URL: the user's `aioRequests.journeyBaseUrl`, else Journey Optimizer's. */
export function journeyBaseUrl(): string {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>('journeyBaseUrl')?.globalValue;
  return typeof value === 'string' && /^https?:\/\/\S+$/.test(value.trim()) ? value.trim() : DEFAULT_BASE_URL;
}

/** What the view shows: one sandbox's configs, as loaded. */
export interface EndpointsSnapshot {
  profile: Profile;
  sandbox: string;
  capping: CappingConfig[];
  throttling: ThrottlingConfig[];
  rows: EndpointRow[];
}

type State = { kind: 'none' } | { kind: 'loaded'; snapshot: EndpointsSnapshot } | { kind: 'failed'; message: string };

/** Loads the active profile's configs, keeps the clients and answers the tree (index.ts forwards to it). */
export class EndpointsModel implements vscode.Disposable {
  private state: State = { kind: 'none' };
  private loading: Promise<State> | undefined;
  private readonly transports = new Map<string, { close(): Promise<void> }>();
  private readonly clients = new Map<string, JourneyClient>();
  private readonly checks = new Map<string, Promise<CanDeployResult>>();
  constructor(
    private readonly deps: ExtensionDeps,
    private readonly redraw: () => void,
    private readonly view: vscode.TreeView<EndpointNode>,
    private readonly gate: EndpointsLoadGate,
  ) {}

  /** A client for a sandbox of the active profile (one per sandbox and settings). */
  client(sandbox: string, profile: Profile): JourneyClient {
    const key = `${profile.id}|${sandbox}|${journeyBaseUrl()}`;
    let client = this.clients.get(key);
    if (!client) {
      const hosts = hostSettings();
      const transport = createJourneyTransport({ authenticator: this.deps.authenticator, authHosts: hosts.authHosts, insecureTlsHosts: hosts.insecureTlsHosts, proxy: vscodeProxySettings(), sandbox });
      this.transports.set(key, transport);
      client = new JourneyClient({ transport, sandbox, orgId: profile.orgId, baseUrl: journeyBaseUrl() });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Drops clients (settings changed: hosts, proxy or base URL). */
  resetClients(): void {
    for (const t of this.transports.values()) void t.close().catch(() => undefined);
    this.transports.clear();
    this.clients.clear();
  }

  get snapshot(): EndpointsSnapshot | undefined {
    return this.state.kind === 'loaded' ? this.state.snapshot : undefined;
  }

  /** Forgets what was loaded and redraws; the next getChildren loads again. */
  refresh(): void {
    this.state = { kind: 'none' };
    this.loading = undefined;
    this.checks.clear();
    this.redraw();
  }

  async activeProfile(): Promise<Profile> {
    const profile = await this.deps.profiles.getActive();
    if (!profile) throw new AioError('no-active-profile', 'No active credential profile: import credentials first (Adobe I/O: Import Credentials…).');
    return profile;
  }

  private async load(): Promise<State> {
    const profile = await this.deps.profiles.getActive();
    this.view.description = profile ? `sandbox ${profile.sandbox}` : undefined;
    if (!profile) return { kind: 'none' };
    try {
      const client = this.client(profile.sandbox, profile);
      const [capping, throttling] = await Promise.all([client.capping.list(), client.throttling.list()]);
      const rows = endpointRows(groupByEndpoint(capping, throttling));
      this.gate.loaded();
      return { kind: 'loaded', snapshot: { profile, sandbox: profile.sandbox, capping, throttling, rows } };
    } catch (error) {
      const message = (error as Error).message;
      if (this.gate.shouldWarn(message)) this.deps.logger.warn(`Endpoints: listing the configs of sandbox ${profile.sandbox} failed: ${message}`);
      return { kind: 'failed', message };
    }
  }

  private ensureLoaded(): Promise<State> {
    if (!this.loading) {
      const loading = this.load().then((state) => {
        if (this.loading === loading) this.state = state;
        return state;
      });
      this.loading = loading;
      void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => loading);
    }
    return this.loading;
  }

  /**
   * The configs a single send applies: what the view loaded for the active profile and sandbox, if it has; never
   * a listing of its own (a Send Request does not call the Journey API behind the user's back).
   */
  async loadedConfigs(): Promise<EndpointsSnapshot | undefined> {
    const active = await this.deps.profiles.getActive();
    const loaded = this.state.kind === 'loaded' ? this.state.snapshot : undefined;
    return loaded && loaded.profile.id === active?.id && loaded.sandbox === active?.sandbox ? loaded : undefined;
  }

  /**
   * The configs Send All and Simulate Traffic apply: what the view loaded, else loaded once now; undefined with
   * no active profile; rejects with the reason when listing them failed.
   */
  async deployedConfigs(): Promise<EndpointsSnapshot | undefined> {
    // A profile or sandbox change while the view was hidden left the old sandbox's configs here.
    const active = await this.deps.profiles.getActive();
    const loaded = this.snapshot;
    if (loaded && (loaded.profile.id !== active?.id || loaded.sandbox !== active?.sandbox)) this.refresh();
    const state = this.state.kind === 'none' ? await this.ensureLoaded() : this.state;
    if (state.kind === 'failed') throw new AioError('usage', state.message);
    return state.kind === 'loaded' ? state.snapshot : undefined;
  }

  getTreeItem(node: EndpointNode): vscode.TreeItem {
    const view = viewOf(node);
    const collapsible = { none: vscode.TreeItemCollapsibleState.None, collapsed: vscode.TreeItemCollapsibleState.Collapsed, expanded: vscode.TreeItemCollapsibleState.Expanded }[view.collapsible];
    const item = new vscode.TreeItem(view.label, collapsible);
    item.id = node.id;
    item.description = view.description;
    item.tooltip = view.tooltip;
    item.contextValue = view.contextValue;
    item.iconPath = new vscode.ThemeIcon(view.icon);
    if (view.command) item.command = { command: view.command.id, title: view.command.title };
    return item;
  }

  async getChildren(node?: EndpointNode): Promise<EndpointNode[]> {
    if (!node) {
      const state = this.state.kind === 'none' ? await this.ensureLoaded() : this.state;
      return this.rootNodes(state);
    }
    if (node.type === 'config') return this.checkChildren(node.row.kind, node.row.uid);
    return childNodes(node);
  }

  private rootNodes(state: State): EndpointNode[] {
    if (state.kind === 'failed') return [{ type: 'message', id: 'error', text: state.message, error: true }];
    if (state.kind === 'none') return [];
    if (state.snapshot.rows.length === 0) return [{ type: 'message', id: 'empty', text: `No capping or throttling configs in sandbox ${state.snapshot.sandbox}`, error: false }];
    return endpointNodes(state.snapshot.rows);
  }

  /** canDeploy of a config, asked once per load when its row is expanded. */
  canDeploy(kind: ConfigKind, uid: string): Promise<CanDeployResult> {
    const snapshot = this.snapshot;
    if (!snapshot) return Promise.reject(new AioError('no-active-profile', 'The Endpoints view has not loaded yet.'));
    const key = `${kind}:${uid}`;
    let check = this.checks.get(key);
    if (!check) {
      const client = this.client(snapshot.sandbox, snapshot.profile);
      check = (kind === 'capping' ? client.capping : client.throttling).canDeploy(uid);
      this.checks.set(key, check);
      check.catch(() => this.checks.delete(key));
    }
    return check;
  }

  private async checkChildren(kind: ConfigKind, uid: string): Promise<EndpointNode[]> {
    try {
      return checkNodes(kind, uid, await this.canDeploy(kind, uid));
    } catch (error) {
      return [{ type: 'check', id: `check:${kind}:${uid}:failed`, severity: 'error', text: `canDeploy failed: ${(error as Error).message}` }];
    }
  }

  dispose(): void {
    this.resetClients();
  }
}
