import * as vscode from 'vscode';
import type { ExtensionDeps } from './deps';

/** The status bar item: the active profile and its sandbox; a click opens the profile picker. */
export function statusBarText(active: { name: string; sandbox: string } | undefined, missingSecret: boolean): { text: string; tooltip: string } {
  if (!active) return { text: '$(key) Adobe: no profile', tooltip: 'No Adobe I/O credential profile. Click to import one.' };
  const icon = missingSecret ? '$(error)' : '$(key)';
  return {
    text: `${icon} ${active.name} · ${active.sandbox}`,
    tooltip: `Adobe I/O profile '${active.name}', sandbox '${active.sandbox}'${missingSecret ? ' — secret missing, re-import' : ''}. Click to switch.`,
  };
}

export function register(deps: ExtensionDeps): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('aioRequests.profile', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Adobe I/O Profile';
  item.command = 'aioRequests.selectActiveProfile';
  const update = async () => {
    const active = await deps.profiles.getActive();
    const missing = active ? (await deps.profiles.missingSecrets(active)).length > 0 : false;
    const { text, tooltip } = statusBarText(active, missing);
    item.text = text;
    item.tooltip = tooltip;
    item.show();
  };
  const refresh = () => void update().catch((error: unknown) => deps.logger.error(error instanceof Error ? error : String(error)));
  refresh();
  const subscription = deps.profiles.onDidChange(refresh);
  return vscode.Disposable.from(item, { dispose: () => subscription.dispose() }, deps.context.secrets.onDidChange(refresh));
}

