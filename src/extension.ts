import * as vscode from 'vscode';
import type { ExtensionDeps } from './vscode/deps';
import { createLogger } from './vscode/log';
import * as logFeature from './vscode/log-feature';
import * as profilesView from './vscode/views/profiles-view';
import * as endpointsView from './vscode/views/endpoints-view';
import * as credentials from './vscode/credentials/index';
import * as statusBar from './vscode/status-bar';
import { GlobalStateProfileRepository, secretStorageStore } from './vscode/credentials/storage';
import { ProfileService } from './core/credentials/profile-service';

/** The composition root: builds the adapters, wires them to the core and registers every feature. */
export function activate(context: vscode.ExtensionContext): void {
  const logChannel = vscode.window.createOutputChannel('Adobe I/O Requests', { log: true });
  const profileRepository = new GlobalStateProfileRepository(context.globalState);
  const secrets = secretStorageStore(context.secrets);
  const profiles = new ProfileService(profileRepository, secrets);
  const deps: ExtensionDeps = { context, logger: createLogger(logChannel), logChannel, profileRepository, secrets, profiles };
  context.subscriptions.push(
    logChannel,
    logFeature.register(deps),
    credentials.register(deps),
    profilesView.register(deps),
    statusBar.register(deps),
    endpointsView.register(deps),
  );
  deps.logger.info(`Activated in ${vscode.env.appName} ${vscode.version} (trusted: ${vscode.workspace.isTrusted})`);
}

export function deactivate(): void {
  // Every resource is owned by context.subscriptions.
}
