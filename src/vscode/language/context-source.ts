// Builds the language service's LanguageContext for a document: stored profiles (with cached token expiry, never
// the token), the environments visible to the file, the user's auth allow-list. Cached; refreshed on change.
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { AuthHostList } from '../../core/net/auth-hosts';
import { loadEnvironments, type Environments } from '../../core/http/environments';
import type { LanguageContext, ProfileSummary } from '../../core/http/language/context';
import type { ProfileRepository } from '../../core/credentials/profile';
import type { Logger } from '../../core/ports';
import type { TokenService } from '../../core/ims/token-service';
import { locateInEnvJson } from '../../core/http/language/hover';
import { hostSettings } from '../shared/settings';
import type { LastResponsesSlot } from '../shared/last-responses';
import { SETTINGS_SECTION } from '../setting-keys';

/** Where Send Request's environment picker keeps the choice (workspace state); read here for diagnostics. */
export const SELECTED_ENVIRONMENT_KEY = 'http.selectedEnvironment';

/** What it needs from the extension (ExtensionDeps has all of it). */
export interface LanguageContextDeps {
  profiles: { onDidChange(listener: () => void): vscode.Disposable };
  profileRepository: ProfileRepository;
  tokens: Pick<TokenService, 'peek' | 'onDidChange'>;
  context: { workspaceState: vscode.Memento };
  logger: Logger;
}

interface LoadedEnvironments {
  envs?: Environments;
  /** Text of each env file read, for go to definition. */
  texts: Map<string, string>;
}

export class LanguageContextSource implements vscode.Disposable {
  private profiles?: Promise<{ list: ProfileSummary[]; active?: string }>;
  private hosts?: AuthHostList;
  private readonly environments = new Map<string, Promise<LoadedEnvironments>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when profiles, environments or settings changed: diagnostics are recomputed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly deps: LanguageContextDeps,
    private readonly lastResponses: LastResponsesSlot,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/http-client*.env.json');
    const envChanged = (): void => {
      this.environments.clear();
      this.changed.fire();
    };
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidChange(envChanged),
      watcher.onDidCreate(envChanged),
      watcher.onDidDelete(envChanged),
      deps.profiles.onDidChange(() => this.dropProfiles()),
      deps.tokens.onDidChange(() => this.dropProfiles()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        this.hosts = undefined;
        envChanged();
      }),
    );
  }

  private dropProfiles(): void {
    this.profiles = undefined;
    this.changed.fire();
  }

  private loadProfiles(): Promise<{ list: ProfileSummary[]; active?: string }> {
    this.profiles ??= (async () => {
      const { profileRepository, tokens } = this.deps;
      const [stored, activeId] = await Promise.all([profileRepository.list(), profileRepository.getActiveId()]);
      const list = await Promise.all(stored.map(async (p): Promise<ProfileSummary> => {
        const token = await tokens.peek(p).catch(() => undefined);
        return { name: p.name, sandbox: p.sandbox, orgId: p.orgId, clientId: p.clientId, imsHost: p.imsHost, tokenExpiresAt: token?.expiresAt };
      }));
      return { list, active: stored.find((p) => p.id === activeId)?.name };
    })();
    return this.profiles;
  }

  private loadEnvironments(fsPath: string | undefined): Promise<LoadedEnvironments> {
    const folder = fsPath ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath))?.uri.fsPath : undefined;
    const key = `${fsPath ? dirname(fsPath) : ''}|${folder ?? ''}`;
    let pending = this.environments.get(key);
    if (!pending) {
      pending = (async () => {
        const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('environments');
        try {
          const envs = await loadEnvironments({ filePath: fsPath, workspaceRoot: folder, readFile: (p) => readFile(p), settings });
          const texts = new Map<string, string>();
          await Promise.all(envs.sources.map(async (path) => texts.set(path, await readFile(path, 'utf8'))));
          return { envs, texts };
        } catch (error) {
          // A malformed env file is reported when sending; the editor carries on without environments.
          this.deps.logger.warn(`Environments not loaded for the editor: ${(error as Error).message}`);
          return { texts: new Map() };
        }
      })();
      this.environments.set(key, pending);
    }
    return pending;
  }

  async contextFor(uri: vscode.Uri): Promise<LanguageContext> {
    const fsPath = uri.scheme === 'file' ? uri.fsPath : undefined;
    const [profiles, loaded] = await Promise.all([this.loadProfiles(), this.loadEnvironments(fsPath)]);
    this.hosts ??= new AuthHostList(hostSettings().authHosts);
    const selected = this.deps.context.workspaceState.get<string>(SELECTED_ENVIRONMENT_KEY);
    const envs = loaded.envs;
    // Later files override earlier ones, so the last file holding the name is where it is defined.
    const fileOf = (env: string, name: string): string | undefined => {
      let found: string | undefined;
      for (const [path, text] of loaded.texts) if (locateInEnvJson(text, env, name)) found = path;
      return found;
    };
    return {
      fileUri: uri.toString(),
      profiles: profiles.list,
      activeProfile: profiles.active,
      authHosts: this.hosts,
      lastResponses: this.lastResponses,
      now: Date.now(),
      environments: envs && {
        sets: envs.sets,
        selected: selected !== undefined && envs.sets[selected] ? selected : undefined,
        locate: (env, name) => {
          const path = fileOf(env, name);
          const at = path ? locateInEnvJson(loaded.texts.get(path) ?? '', env, name) : undefined;
          return path && at ? { path, ...at } : undefined;
        },
        sourceOf: (env, name) => {
          const path = fileOf(env, name);
          return path ? basename(path) : `${SETTINGS_SECTION}.environments setting`;
        },
      },
    };
  }

  /** Env files of the `.http` file at `fsPath` that were read (for the "define in env file" quick fix). */
  async envFiles(fsPath: string): Promise<string[]> {
    return (await this.loadEnvironments(fsPath)).envs?.sources ?? [];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
