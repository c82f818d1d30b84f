import { createHash } from 'node:crypto';
import type { ExtensionDeps } from '../deps';
import { secretKey, type SecretKind } from '../../core/credentials/profile';
import type { ProfileService } from '../../core/credentials/profile-service';

/** What in-host tests reach through the extension's exports; never a secret in clear. */
export interface CredentialTestHooks {
  profiles: ProfileService;
  /** SHA-256 (hex) of a stored secret, or undefined when absent: proves it is in SecretStorage. */
  secretDigest(profileId: string, kind: SecretKind): Promise<string | undefined>;
  /** Deletes a secret, as a keyring reset would. */
  dropSecret(profileId: string, kind: SecretKind): Promise<void>;
  /** The extension's storage folders, for leak checks. */
  storagePaths: string[];
  /**
   * Everything in globalState and workspaceState, as JSON. In code-server web that state lives in browser
   * storage, out of reach of the harness's disk scan, so suites check it from inside the host.
   */
  stateDump(): string;
}

/** Only the test harness sets AIO_TEST_USER_DATA_DIR; otherwise other extensions see no hooks at all. */
export function credentialTestHooks(deps: ExtensionDeps, env: NodeJS.ProcessEnv = process.env): CredentialTestHooks | undefined {
  if (!env.AIO_TEST_USER_DATA_DIR) return undefined;
  const { context } = deps;
  return {
    profiles: deps.profiles,
    secretDigest: async (id, kind) => {
      const value = await deps.secrets.get(secretKey(id, kind));
      return value === undefined ? undefined : createHash('sha256').update(value).digest('hex');
    },
    dropSecret: (id, kind) => deps.secrets.delete(secretKey(id, kind)),
    storagePaths: [context.globalStorageUri.fsPath, context.storageUri?.fsPath, context.logUri.fsPath].filter((p): p is string => !!p),
    stateDump: () =>
      JSON.stringify({
        global: Object.fromEntries(context.globalState.keys().map((k) => [k, context.globalState.get(k)])),
        workspace: Object.fromEntries(context.workspaceState.keys().map((k) => [k, context.workspaceState.get(k)])),
      }),
  };
}
