import type * as vscode from 'vscode';
import type { ExtensionDeps } from './deps';
import { registerCommand } from './commands';

export function register(deps: ExtensionDeps): vscode.Disposable {
  return registerCommand(deps, 'aioRequests.showLog', () => deps.logChannel.show(true));
}
