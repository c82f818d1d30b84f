// Builds the core RunContext for a `.http` document in the editor, from the user's settings and the extension's
// services. The Send Request feature (a later issue) calls this; nothing else here sends anything.
//
// API for that feature:
//   const contexts = new EditorRunContexts(deps);          // one per extension; dispose with the extension
//   const context = await contexts.forDocument(doc, { environmentName });  // cached per file; re-parsed per version
//   const run = await context.sendBlock(blockIndex, { signal, onResult });  // chains run first only without a result
//   await context.send(indices) / context.sendAll();                         // a selection / the whole file
//   context.cancel();                                                         // cancels every send in progress
//   context.results / context.cookies                                         // outlive a send: {{login.response…}} chains
//   contexts.forget(uri) when a document closes; contexts.dispose() at deactivation.
// Hooks: pass `scheduler` (pacing, issue 12) and `onSettled` (assertions, issue 13) in EditorRunContextDeps.
// Settings: aioRequests.authHosts / insecureTlsHosts / allowedFileRoots from user values only (shared/settings.ts);
// http.proxy* applied live to every open context. `{{$aio.*}}` come from the authenticator (a core port).
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { registerStoredSecrets } from '../../core/credentials/stored-secrets';
import type { ProfileRepository } from '../../core/credentials/profile';
import type { RequestScheduler, ResultHook } from '../../core/http/file-runner';
import type { RequestResult } from '../../core/http/types';
import type { RequestAuthenticator } from '../../core/ims/types';
import type { KnownSecrets } from '../../core/known-secrets';
import type { SecretStore } from '../../core/ports';
import { AuthHostList } from '../../core/net/auth-hosts';
import { ResultsStore } from '../../core/run/results-store';
import { RunContext, type RunContextOptions } from '../../core/run/run-context';
import { allowedFileRoots, hostSettings, onDidChangeProxySettings, vscodeProxySettings } from './settings';

// Send All paces each run with the CLI's scheduler (in this bundle, loaded with the first send).
export { ObservedPacingScheduler } from '../../core/traffic/pacing-progress';

export interface EditorRunContextDeps {
  authenticator: RequestAuthenticator;
  /** The extension's registry, also fed by the token service: stored secrets are added to it per context. */
  knownSecrets: KnownSecrets;
  profileRepository: ProfileRepository;
  secrets: SecretStore;
  scheduler?: RequestScheduler;
  onSettled?: ResultHook;
  prompt?: RunContextOptions['prompt'];
}

export interface DocumentLike {
  readonly uri: vscode.Uri;
  readonly version: number;
  getText(): string;
}

const HOW_TO_ALLOW = 'To allow it, add a folder that holds it to the user setting aioRequests.allowedFileRoots.';

/** One RunContext per open `.http` file; results are kept per file across contexts being rebuilt. */
export class EditorRunContexts implements vscode.Disposable {
  private readonly results = new ResultsStore();
  private readonly contexts = new Map<string, { context: RunContext; version: number; environmentName?: string }>();
  private readonly proxyWatch: vscode.Disposable;

  constructor(private readonly deps: EditorRunContextDeps) {
    this.proxyWatch = onDidChangeProxySettings((proxy) => {
      for (const { context } of this.contexts.values()) void context.setProxy(proxy);
    });
  }

  /**
   * The context for `document`: built on first use (or when the environment changes), re-parsed when the
   * document changed since. Host settings are read when it is built; an invalid authHosts entry is ignored.
   */
  async forDocument(document: DocumentLike, options: { environmentName?: string } = {}): Promise<RunContext> {
    const key = document.uri.toString();
    const known = this.contexts.get(key);
    if (known && known.environmentName === options.environmentName) {
      if (known.version !== document.version) {
        known.context.update(document.getText());
        known.version = document.version;
      }
      return known.context;
    }
    if (known) void known.context.close();
    const fsPath = document.uri.fsPath;
    const hosts = hostSettings();
    await registerStoredSecrets(this.deps.knownSecrets, this.deps.profileRepository, this.deps.secrets);
    const context = await RunContext.create({
      filePath: fsPath,
      source: document.getText(),
      workspaceRoot: vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(fsPath),
      readFile: (path) => readFile(path),
      fileRoots: allowedFileRoots(fsPath),
      howToAllow: HOW_TO_ALLOW,
      processEnv: process.env,
      environmentName: options.environmentName,
      authHosts: hosts.authHosts.filter((h) => AuthHostList.invalid([h]).length === 0),
      authenticator: this.deps.authenticator,
      knownSecrets: this.deps.knownSecrets,
      results: this.results,
      scheduler: this.deps.scheduler,
      onSettled: this.deps.onSettled,
      prompt: this.deps.prompt,
      transport: { proxy: vscodeProxySettings(), insecureTlsHosts: hosts.insecureTlsHosts },
    });
    this.contexts.set(key, { context, version: document.version, environmentName: options.environmentName });
    return context;
  }

  /** The last result of the request named `name` in the file at `uri` (completion and hover read it). */
  lastResult(uri: string, name: string): RequestResult | undefined {
    return this.results.for(vscode.Uri.parse(uri).fsPath).get(name);
  }

  /** Drops a closed document's context and its results. */
  forget(uri: vscode.Uri): void {
    const known = this.contexts.get(uri.toString());
    if (!known) return;
    known.context.cancel();
    void known.context.close();
    this.contexts.delete(uri.toString());
    this.results.clear(uri.fsPath);
  }

  dispose(): void {
    this.proxyWatch.dispose();
    for (const { context } of this.contexts.values()) {
      context.cancel();
      void context.close();
    }
    this.contexts.clear();
  }
}
