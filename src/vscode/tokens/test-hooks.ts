import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import type { Profile } from '../../core/credentials/profile';
import type { ExtensionDeps } from '../deps';
import { describeTokenStatus } from '../../core/ims/token-status';

/** What in-host tests reach through the extension's exports: token status and digests, never a token. */
export interface TokenTestHooks {
  /** The token row's text for a profile ("valid until …", "expired", "no token"). */
  rowDescription(profileId: string): Promise<string | undefined>;
  /** SHA-256 (hex) of the cached token, to compare with what reached the clipboard. */
  tokenDigest(profileId: string): Promise<string | undefined>;
  /** The status line the commands show, from the cache. */
  status(profileId: string): Promise<string>;
}

/** Only the test harness sets AIO_TEST_USER_DATA_DIR; otherwise other extensions see no hooks at all. */
export function tokenTestHooks(
  deps: ExtensionDeps,
  tokenRows: { row(profile: Profile): Thenable<vscode.TreeItem | undefined> | vscode.TreeItem | undefined },
  env: NodeJS.ProcessEnv = process.env,
): TokenTestHooks | undefined {
  if (!env.AIO_TEST_USER_DATA_DIR) return undefined;
  const profile = async (id: string) => deps.profileRepository.get(id);
  return {
    rowDescription: async (id) => {
      const p = await profile(id);
      const item = p && (await tokenRows.row(p));
      return typeof item?.description === 'string' ? item.description : undefined;
    },
    tokenDigest: async (id) => {
      const p = await profile(id);
      const token = p && (await deps.tokens.peek(p));
      return token && createHash('sha256').update(token.accessToken).digest('hex');
    },
    status: async (id) => {
      const p = await profile(id);
      return describeTokenStatus(p && (await deps.tokens.peek(p)), Date.now()).label;
    },
  };
}
