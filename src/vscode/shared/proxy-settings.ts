import * as vscode from 'vscode';
import type { ProxySettings } from '../../core/net/proxy-config';

/**
 * VS Code's own proxy settings (`http.proxy`, `http.proxyStrictSSL`, `http.noProxy`): VS Code applies them to
 * its patched fetch only, not to the undici agent that talks to IMS, so they are read here.
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
