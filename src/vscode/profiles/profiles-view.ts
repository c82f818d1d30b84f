import * as vscode from 'vscode';
import type { Profile } from '../../core/credentials/profile';
import { systemClock } from '../../core/ports';
import type { ExtensionDeps } from '../deps';
import { detailRows, profileRow, type ProfileState, type RowModel, type TokenRowSource } from './profile-rows';

type Node =
  | { type: 'profile'; profile: Profile; state: ProfileState; row: RowModel }
  | { type: 'detail'; row: RowModel; profileId: string }
  | { type: 'token'; item: vscode.TreeItem; profileId: string };

export function toTreeItem(row: RowModel): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, row.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = row.id;
  if (row.description !== undefined) item.description = row.description;
  if (row.tooltip !== undefined) item.tooltip = row.tooltip;
  if (row.contextValue !== undefined) item.contextValue = row.contextValue;
  if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  if (row.command) item.command = { command: row.command.id, title: row.command.title, arguments: row.command.args };
  return item;
}

/** Profiles with their details and token row; redraws on every profile change and token change. */
export class ProfilesTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(
    private readonly deps: ExtensionDeps,
    private readonly tokenRows: TokenRowSource,
  ) {
    if (tokenRows.onDidChange) this.disposables.push(tokenRows.onDidChange(() => this.refresh()));
    this.disposables.push(
      new vscode.Disposable(deps.profiles.onDidChange(() => this.refresh()).dispose),
      // Another window's import or removal (SecretStorage does not report this window's own writes).
      deps.context.secrets.onDidChange(() => this.refresh()),
    );
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'token') return node.item;
    return toTreeItem(node.row);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const { profiles } = this.deps;
    if (!node) {
      const activeId = await profiles.repository.getActiveId();
      const list = await profiles.list();
      return Promise.all(
        list.map(async (profile) => {
          const state: ProfileState = { active: profile.id === activeId, missingSecrets: await profiles.missingSecrets(profile) };
          return { type: 'profile' as const, profile, state, row: profileRow(profile, state) };
        }),
      );
    }
    if (node.type !== 'profile') return [];
    const children: Node[] = detailRows(node.profile, node.state, systemClock).map((row) => ({ type: 'detail' as const, row, profileId: node.profile.id }));
    const token = await Promise.resolve(this.tokenRows.row(node.profile)).catch(() => undefined);
    if (token) children.push({ type: 'token', item: token, profileId: node.profile.id });
    return children;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The Profiles view. With no profile, VS Code shows its welcome content (an "Import config.zip…" button). */
export function register(deps: ExtensionDeps, tokenRows: TokenRowSource): vscode.Disposable {
  const provider = new ProfilesTreeProvider(deps, tokenRows);
  return vscode.Disposable.from(provider, vscode.window.createTreeView('aioRequests.profiles', { treeDataProvider: provider, showCollapseAll: true }));
}
