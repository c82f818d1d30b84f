import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { ProxySettings } from '../../core/net/proxy-config';
import { SETTINGS_SECTION, type SettingKey } from '../setting-keys';

// The one place the extension reads its settings. Features that send requests take their hosts and proxy from here.

/** Hosts that may receive Adobe credentials and hosts with TLS checks off, from the user's own settings only. */
export interface HostSettings {
  authHosts: string[];
  insecureTlsHosts: string[];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

/**
 * `aioRequests.authHosts` and `aioRequests.insecureTlsHosts`, global (user) values only: a cloned repository's
 * `.vscode/settings.json` must not send credentials to its own host or turn off certificate checks.
 */
export function hostSettings(config: Pick<vscode.WorkspaceConfiguration, 'inspect'> = vscode.workspace.getConfiguration(SETTINGS_SECTION)): HostSettings {
  const userValue = (key: SettingKey) => stringList(config.inspect<string[]>(key)?.globalValue);
  return { authHosts: userValue('authHosts'), insecureTlsHosts: userValue('insecureTlsHosts') };
}

/**
 * VS Code's own proxy settings (`http.proxy`, `http.proxyStrictSSL`, `http.noProxy`): VS Code applies them to
 * its patched fetch only, not to our undici agents, so they are read here.
 */
export function vscodeProxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  const url = http.get<string>('proxy')?.trim();
  return {
    ...(url ? { url } : {}),
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    noProxy: http.get<string[]>('noProxy', []),
  };
}

const PROXY_KEYS = ['http.proxy', 'http.proxyStrictSSL', 'http.noProxy'];

/** Calls `listener` with the new proxy settings whenever one of them changes, so no reload is needed. */
export function onDidChangeProxySettings(listener: (settings: ProxySettings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (PROXY_KEYS.some((key) => e.affectsConfiguration(key))) listener(vscodeProxySettings());
  });
}

/** `aioRequests.allowedFileRoots`, user-level only: a workspace's own settings must not widen what its files may read. */
function userFileRoots(): string[] {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>('allowedFileRoots')?.globalValue;
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => (v.startsWith('~/') ? join(homedir(), v.slice(2)) : v.trim()))
    .filter((v) => isAbsolute(v));
}

/** The folders the `.http` file at `fsPath` may read includes and `.env` from: its own, the workspace's, the user's roots. */
export function allowedFileRoots(fsPath: string): string[] {
  const workspace = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return [dirname(fsPath), ...workspace, ...userFileRoots()];
}
