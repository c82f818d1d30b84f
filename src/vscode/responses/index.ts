import * as vscode from 'vscode';
import type { Exchange } from '../../core/http/exchange';
import { filterHistory, HistoryStore, type HistoryEntry, type HistoryFile } from '../../core/http/history';
import { registerCommand } from '../commands';
import type { ExtensionDeps } from '../deps';
import { historyRow } from './history-rows';
import type { ResendHandler, ResponsePanels, ResponsePanelsDeps } from './response-panels';

/** Sends this close together share one history write. */
const HISTORY_BATCH_MS = 200;

/** The longest a send waits for its render before it is recorded in the history. */
const RECORD_AFTER_MS = 1000;

/** The history file under the extension's global storage: on the extension host's disk, never in settings or state. */
export function historyFile(storageUri: vscode.Uri): HistoryFile & { uri: vscode.Uri } {
  const uri = vscode.Uri.joinPath(storageUri, 'history.json');
  return {
    uri,
    read: async () => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        return undefined;
      }
    },
    write: async (text) => {
      await vscode.workspace.fs.createDirectory(storageUri);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    },
  };
}

/** The History view: the last sends, newest first, filtered by a quick input. */
class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryEntry>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  query = '';

  constructor(private readonly store: HistoryStore) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getTreeItem(entry: HistoryEntry): vscode.TreeItem {
    const row = historyRow(entry, Date.now());
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = row.contextValue;
    item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
    item.command = { command: 'aioRequests.openHistoryEntry', title: 'Open Response', arguments: [row.id] };
    return item;
  }

  async getChildren(entry?: HistoryEntry): Promise<HistoryEntry[]> {
    if (entry) return [];
    return filterHistory(await this.store.list(), this.query);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/**
 * The response view and the history, as Send uses them: `present(fileUri, exchange)` after every send, and
 * `setResendHandler` so the view's Re-send and the history's Re-run can send again. The view's code is its own
 * bundle (dist/response-panels.js), loaded with the first response: activation does not pay for it.
 */
export class Responses implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private loaded: ResponsePanels | undefined;
  private resendHandler: ResendHandler | undefined;

  constructor(
    private readonly panelsDeps: ResponsePanelsDeps,
    readonly history: HistoryStore,
    private readonly tree: HistoryTreeProvider,
    private readonly view: vscode.TreeView<HistoryEntry>,
  ) {
    this.disposables.push(tree, view, { dispose: () => this.loaded?.dispose() });
  }

  /** The panels once the first response loaded them (tests read what the webview rendered through it). */
  get panels(): ResponsePanels | undefined {
    return this.loaded;
  }

  get resend(): ResendHandler | undefined {
    return this.resendHandler;
  }

  private loadPanels(): ResponsePanels {
    if (!this.loaded) {
      // A plain require: the bundle is CommonJS and VS Code resolves its `vscode` import only for require().
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ResponsePanels: Panels } = require('./response-panels') as { ResponsePanels: new (deps: ResponsePanelsDeps) => ResponsePanels };
      this.loaded = new Panels(this.panelsDeps);
      this.loaded.setResendHandler(this.resendHandler);
    }
    return this.loaded;
  }

  /** Records the send in the history (redacted, big bodies dropped) and shows it in its file's panel. */
  async present(fileUri: vscode.Uri | undefined, exchange: Exchange): Promise<HistoryEntry> {
    const panels = this.loadPanels();
    const rendered = panels.nextRender(fileUri);
    panels.show(fileUri, exchange);
    // Recorded once the view has drawn it (a second at most): writing the history and refreshing its view meanwhile
    // would compete with the response on its way to the screen.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([rendered, new Promise((resolve) => (timer = setTimeout(resolve, RECORD_AFTER_MS)))]);
    clearTimeout(timer);
    const entry = await this.history.record(exchange, fileUri?.toString());
    this.tree.refresh();
    return entry;
  }

  /** Reopens a history entry in the response view. */
  async open(id: string): Promise<boolean> {
    const entry = await this.history.get(id);
    if (!entry) return false;
    this.loadPanels().show(entry.fileUri ? vscode.Uri.parse(entry.fileUri) : undefined, entry.exchange, { bodyKept: !entry.bodyDropped });
    return true;
  }

  setResendHandler(handler: ResendHandler | undefined): void {
    this.resendHandler = handler;
    this.loaded?.setResendHandler(handler);
  }

  async setFilter(query: string): Promise<void> {
    this.tree.query = query.trim();
    const all = await this.history.list();
    const shown = filterHistory(all, this.tree.query).length;
    this.view.message = this.tree.query ? `Filter "${this.tree.query}": ${shown} of ${all.length}` : undefined;
    this.tree.refresh();
  }

  async clear(): Promise<void> {
    await this.history.clear();
    await this.setFilter('');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function idOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id = (arg as { exchange?: { id?: unknown } } | undefined)?.exchange?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Builds the response panels and the History view, and registers the history commands. */
export function register(deps: ExtensionDeps): { responses: Responses; disposable: vscode.Disposable } {
  const storageUri = deps.context.globalStorageUri;
  const panelsDeps: ResponsePanelsDeps = { extensionUri: deps.context.extensionUri, storageUri, logger: deps.logger, profileRepository: deps.profileRepository, tokens: deps.tokens };
  const store = new HistoryStore(historyFile(storageUri), undefined, HISTORY_BATCH_MS);
  const tree = new HistoryTreeProvider(store);
  const view = vscode.window.createTreeView('aioRequests.history', { treeDataProvider: tree });
  const responses = new Responses(panelsDeps, store, tree, view);
  const disposable = vscode.Disposable.from(
    responses,
    registerCommand(deps, 'aioRequests.openHistoryEntry', async (arg?: unknown) => {
      const id = idOf(arg);
      if (!id || !(await responses.open(id))) void vscode.window.showWarningMessage('This history entry is gone (the history was cleared).');
    }),
    registerCommand(deps, 'aioRequests.rerunHistoryEntry', async (arg?: unknown) => {
      const entry = await store.get(idOf(arg) ?? '');
      if (!entry) return void vscode.window.showWarningMessage('This history entry is gone (the history was cleared).');
      if (!responses.resend) return void vscode.window.showInformationMessage('Sending requests is not available in this version.');
      await responses.resend({ fileUri: entry.fileUri ? vscode.Uri.parse(entry.fileUri) : undefined, exchange: entry.exchange });
    }),
    registerCommand(deps, 'aioRequests.clearHistory', async () => {
      const count = (await store.list()).length;
      if (count === 0) return void vscode.window.showInformationMessage('The request history is already empty.');
      const answer = await vscode.window.showWarningMessage(`Clear the request history (${count} ${count === 1 ? 'entry' : 'entries'})?`, { modal: true }, 'Clear');
      if (answer === 'Clear') await responses.clear();
    }),
    registerCommand(deps, 'aioRequests.filterHistory', async () => {
      const query = await vscode.window.showInputBox({
        title: 'Filter History',
        prompt: 'Words that the method, URL, status or request name must contain (empty shows everything)',
        value: tree.query,
      });
      if (query !== undefined) await responses.setFilter(query);
    }),
  );
  return { responses, disposable };
}
