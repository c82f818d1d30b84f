import * as vscode from 'vscode';
import { describeTokenStatus, tokenDetails } from '../../core/ims/token-status';
import type { ProfileRepository } from '../../core/credentials/profile';
import type { TokenService } from '../../core/ims/token-service';
import type { AccessToken } from '../../core/ims/types';
import { systemClock } from '../../core/ports';
import { registerCommand } from '../commands';
import type { ExtensionDeps } from '../deps';
import { curlCommand } from './curl';
import { pickProfile } from '../shared/profile-picker';
import { revalidateTokens } from './revalidate';

const DETAILS_SCHEME = 'aio-token-details';

/**
 * Token commands: Copy Access Token, Show Token Details, Clear Cached Token, Copy as cURL, and the Profiles
 * view's token row lives in the profiles feature. The token itself is never logged or shown; details are decoded claims in a read-only
 * document that VS Code never backs up.
 */
export function register(deps: ExtensionDeps): vscode.Disposable {
  const { logger, tokens } = deps;
  const profiles = deps.profileRepository;
  const details = new TokenDetailsProvider(profiles, tokens);

  async function tokenWithProgress(profileName: string, run: () => Promise<AccessToken>): Promise<AccessToken> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Adobe I/O: getting an access token for "${profileName}"` },
      run,
    );
  }

  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    details,
    // Another window's re-import (this window does not hear its own SecretStorage writes).
    deps.context.secrets.onDidChange((e) => tokens.handleSecretChange(e.key)),
    // This window's re-import, rename or removal.
    new vscode.Disposable(deps.profiles.onDidChange(() => void revalidateTokens(profiles, tokens, logger)).dispose),
    registerCommand(deps, 'aioRequests.copyAccessToken', async (arg?: unknown) => {
      const profile = await pickProfile(profiles, arg, { title: 'Copy Access Token' });
      const token = await tokenWithProgress(profile.name, () => tokens.getToken(profile));
      await vscode.env.clipboard.writeText(token.accessToken);
      const status = describeTokenStatus(token, systemClock.now());
      logger.debug(`Copied an access token of profile "${profile.name}" to the clipboard (${status.label}).`);
      void vscode.window.showInformationMessage(`Access token of "${profile.name}" copied to the clipboard — ${status.label}.`);
    }),
    registerCommand(deps, 'aioRequests.showTokenDetails', async (arg?: unknown) => {
      const profile = await pickProfile(profiles, arg, { title: 'Show Token Details' });
      await tokenWithProgress(profile.name, () => tokens.getToken(profile));
      const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${profile.name.replace(/[\\/]/g, '_')} token.json`, query: profile.id });
      details.refresh(uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    registerCommand(deps, 'aioRequests.clearCachedToken', async (arg?: unknown) => {
      const profile = await pickProfile(profiles, arg, { title: 'Clear Cached Token' });
      await tokens.invalidate(profile.id);
      logger.info(`Cleared the cached token of profile "${profile.name}".`);
      void vscode.window.showInformationMessage(`Cleared the cached access token of "${profile.name}"; the next request mints a new one.`);
    }),
    registerCommand(deps, 'aioRequests.copyAsCurl', async (arg?: unknown) => {
      const profile = await pickProfile(profiles, arg, { title: 'Copy as cURL' });
      const token = await tokenWithProgress(profile.name, () => tokens.getToken(profile));
      await vscode.env.clipboard.writeText(curlCommand(profile, token.accessToken));
      logger.debug(`Copied a cURL command for profile "${profile.name}" to the clipboard.`);
      void vscode.window.showWarningMessage(
        `A cURL command for "${profile.name}" is on the clipboard. It contains a secret access token (${describeTokenStatus(token, systemClock.now()).label}): do not paste it into chats, tickets or files.`,
      );
    }),
  );
}

/** Serves the read-only "token details" documents: decoded claims, never the token or its signature. */
class TokenDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly tokens: TokenService,
  ) {}

  refresh(uri: vscode.Uri): void {
    this.emitter.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const profile = await this.profiles.get(uri.query);
    if (!profile) return JSON.stringify({ error: 'This profile no longer exists.' }, null, 2);
    const token = await this.tokens.peek(profile);
    if (!token) return JSON.stringify({ profile: profile.name, token: 'none cached' }, null, 2);
    const d = tokenDetails(token);
    return `${JSON.stringify(
      {
        profile: profile.name,
        status: describeTokenStatus(token, systemClock.now()).label,
        client: d.client,
        technicalAccount: d.user,
        scopes: d.scopes,
        tokenType: d.tokenType,
        created: d.created,
        expires: d.expires,
        claims: d.claims,
      },
      null,
      2,
    )}\n`;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
