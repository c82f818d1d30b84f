import type * as vscode from 'vscode';
import type { Logger } from '../core/ports';

/** What the composition root hands to every feature. Later features extend it with core services. */
export interface ExtensionDeps {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  readonly logChannel: vscode.LogOutputChannel;
}
