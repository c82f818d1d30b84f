import * as vscode from 'vscode';
import type { ExtensionDeps } from '../deps';
import { registerCommand } from '../commands';

/**
 * The Profiles view. It lists no profile until credential import lands, so VS Code shows its welcome
 * content; the import command explains that it is not available yet.
 */
export function register(deps: ExtensionDeps): vscode.Disposable {
  const provider: vscode.TreeDataProvider<never> = {
    getChildren: () => [],
    getTreeItem: (item) => item,
  };
  return vscode.Disposable.from(
    vscode.window.createTreeView('aioRequests.profiles', { treeDataProvider: provider }),
    registerCommand(deps.logger, 'aioRequests.importCredentials', () => {
      void vscode.window.showInformationMessage('Importing credentials is not available in this build yet.');
    }),
  );
}
