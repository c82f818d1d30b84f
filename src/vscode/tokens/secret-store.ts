import type * as vscode from 'vscode';
import type { SecretStore } from '../../core/ports';

/** VS Code's SecretStorage behind the core's SecretStore port (Thenables become Promises). */
export function secretStoreFrom(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => secrets.get(key),
    store: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
  };
}
