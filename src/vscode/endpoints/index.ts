// The Endpoints view: Journey capping and throttling configs of the active profile's sandbox, grouped per
// endpoint. Only this shell is in extension.js: the tree, the command ids and the Apply CodeLens. The
// model, the handlers and the Journey core are in dist/journey.js, required the first time they are needed.
import * as vscode from 'vscode';
import { registerCommand } from '../commands';
import type { ExtensionDeps } from '../deps';
import { ENDPOINT_COMMANDS, VIEW_ID } from './command-names';
import type { EndpointsFeature } from './feature';
import { asLocalError, loadJourney } from './journey-loader';
import { EndpointsLoadGate } from './load-gate';
import type { EndpointNode } from './tree-nodes';

const CONFIG_FILES = '**/*.{capping,throttling}.json';

/** What the test hooks and the bench see: the root rows' labels once VS Code has them. */
export interface EndpointsProbe {
  onDidRender(listener: (labels: string[]) => void): vscode.Disposable;
}

export function register(deps: ExtensionDeps): vscode.Disposable & { probe: EndpointsProbe } {
  const changed = new vscode.EventEmitter<EndpointNode | undefined>();
  const rendered = new vscode.EventEmitter<string[]>();
  let feature: EndpointsFeature | undefined;
  const provider: vscode.TreeDataProvider<EndpointNode> = {
    onDidChangeTreeData: changed.event,
    getTreeItem: (node) => load().model.getTreeItem(node),
    getChildren: async (node) => {
      // No profile: no rows, so VS Code shows the welcome content (and journey.js stays unloaded).
      if (!node && !feature && !(await deps.profiles.getActive())) {
        view.description = undefined;
        return [];
      }
      const nodes = await load().model.getChildren(node);
      if (!node) rendered.fire(nodes.map((n) => load().model.getTreeItem(n).label as string));
      return nodes;
    },
  };
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const gate = new EndpointsLoadGate();
  const load = (): EndpointsFeature => (feature ??= loadJourney().createEndpointsFeature(deps, () => changed.fire(undefined), view, gate));
  // Send All, test runs and Simulate Traffic apply the configs this view loads (loaded once on their first ask if
  // it has not); a single Send Request only those already loaded.
  const stopProviding = deps.journeyLimits.provide(async (options) => {
    if (!(await deps.profiles.getActive())) return undefined;
    if (options?.ifLoaded && !feature) return undefined;
    try {
      const snapshot = options?.ifLoaded ? await load().model.loadedConfigs() : await load().model.deployedConfigs();
      return snapshot && { profile: snapshot.profile.name, sandbox: snapshot.sandbox, capping: snapshot.capping, throttling: snapshot.throttling };
    } catch (error) {
      throw asLocalError(error);
    }
  });

  let lastProfile: string | undefined;
  const followProfile = async (): Promise<void> => {
    const profile = await deps.profiles.getActive();
    const key = profile ? `${profile.id}|${profile.sandbox}` : '';
    if (key === lastProfile) return;
    lastProfile = key;
    view.description = profile ? `sandbox ${profile.sandbox}` : undefined;
    // A hidden view reloads when it is shown again, not on every change (each load may fail and log).
    if (!gate.profileChanged(view.visible)) return;
    if (feature) feature.model.refresh();
    else changed.fire(undefined);
  };
  void followProfile();
  const visibility = view.onDidChangeVisibility(({ visible }) => {
    if (!gate.visibilityChanged(visible)) return;
    if (feature) feature.model.refresh();
    else changed.fire(undefined);
  });

  const codeLenses: vscode.CodeLensProvider = {
    provideCodeLenses: async (document) => {
      const sandbox = (await deps.profiles.getActive())?.sandbox;
      const title = sandbox ? `$(cloud-upload) Apply to sandbox ${sandbox}` : '$(cloud-upload) Apply (import credentials first)';
      return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title, command: 'aioRequests.endpoints.applyConfig', arguments: [document.uri.toString()] })];
    },
  };

  const disposable = vscode.Disposable.from(
    changed,
    rendered,
    view,
    { dispose: () => feature?.dispose() },
    { dispose: stopProviding },
    visibility,
    deps.profiles.onDidChange(() => void followProfile()),
    vscode.languages.registerCodeLensProvider({ pattern: CONFIG_FILES }, codeLenses),
    ...ENDPOINT_COMMANDS.map((name) =>
      registerCommand(deps, name, async (...args: unknown[]) => {
        try {
          return await (load().commands[name] as (...a: unknown[]) => unknown)(...args);
        } catch (error) {
          throw asLocalError(error);
        }
      }),
    ),
  );
  return Object.assign(disposable, { probe: { onDidRender: (listener: (labels: string[]) => void) => rendered.event(listener) } });
}
