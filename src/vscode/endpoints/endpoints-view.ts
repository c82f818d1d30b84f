import * as vscode from 'vscode';
import type { ExtensionDeps } from '../deps';

/**
 * The Endpoints view. Until the Journey client lands it has no rows, so VS Code shows its welcome content.
 */
export function register(_deps: ExtensionDeps): vscode.Disposable {
  const provider: vscode.TreeDataProvider<never> = {
    getChildren: () => [],
    getTreeItem: (item) => item,
  };
  return vscode.window.createTreeView('aioRequests.endpoints', { treeDataProvider: provider });
}
