// Builds the core RunContext for a `.http` document in the editor, from the user's settings and the extension's
// services. Send Request and the Testing view share one instance per window (run-slot.ts); nothing else here sends.
//
// API:
//   const contexts = deps.run.contexts();                  // one per window, built with the run bundle on first use
//   const context = await contexts.forDocument(doc, { environmentName });  // cached per file; re-parsed per version
//   const run = await context.sendBlock(blockIndex, { signal, onResult });  // chains run first only without a result
//   await context.send(indices) / context.sendAll();                         // a selection / the whole file
//   context.cancel();                                                         // cancels every send in progress
//   context.results / context.cookies                                         // outlive a send: {{login.response…}} chains
//   contexts.forget(uri) when a document closes; contexts.dispose() at deactivation.
//   const scheduler = await contexts.schedulerFor(context.file, uri, { batch });  // pacing for one send (see below)
// Hooks: `onSettled` (assertions, issue 13) in EditorRunContextDeps. Pacing: every send of the window (Send Request,
// Send with…, Send All, a test run) takes a scheduler from `schedulerFor`, on the window's one PacingSession, so a
// rate, a cap or a deployed Journey config holds across sends, not only within one; a send cancels its own queue.
// Settings: aioRequests.authHosts / insecureTlsHosts / allowedFileRoots from user values only (shared/settings.ts);
// http.proxy* applied live to every open context. `{{$aio.*}}` come from the authenticator (a core port).
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { registerStoredSecrets } from '../../core/credentials/stored-secrets';
import type { ProfileRepository } from '../../core/credentials/profile';
import type { ResultHook } from '../../core/http/file-runner';
import type { HttpFile } from '../../core/http/parse-types';
import type { RequestResult } from '../../core/http/types';
import type { RequestAuthenticator } from '../../core/ims/types';
import type { KnownSecrets } from '../../core/known-secrets';
import type { SecretStore } from '../../core/ports';
import { AuthHostList } from '../../core/net/auth-hosts';
import { ResultsStore } from '../../core/run/results-store';
import { RunContext, type RunContextOptions } from '../../core/run/run-context';
import type { DeployedConfigs } from './journey-limits';
import { PacingSession } from '../../core/traffic/paced-send';
import { ObservedPacingScheduler } from '../../core/traffic/pacing-progress';
import { allowedFileRoots, hostSettings, onDidChangeProxySettings, vscodeProxySettings } from './settings';

export interface EditorRunContextDeps {
  authenticator: RequestAuthenticator;
  /** The extension's registry, also fed by the token service: stored secrets are added to it per context. */
  knownSecrets: KnownSecrets;
  profileRepository: ProfileRepository;
  secrets: SecretStore;
  /**
   * The active sandbox's deployed Journey capping/throttling configs (the Endpoints view's, loaded once); undefined
   * when none can apply. A rejection is one warning and the send goes on without them.
   */
  journeyConfigs?: (options?: { ifLoaded?: boolean }) => Promise<Pick<DeployedConfigs, 'capping' | 'throttling'> | undefined>;
  /** Told when the Journey configs could not be listed (one line, no secret). */
  onPacingWarning?: (line: string) => void;
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
  /** The window's pacers, one per limit: shared by every send, never cancelled as a whole (see schedulerFor). */
  private readonly pacing = new PacingSession();
  /** The last warning about Journey configs: the same failure (cached until the Endpoints view reloads) is told once. */
  private lastPacingWarning: string | undefined;

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
      onSettled: this.deps.onSettled,
      prompt: this.deps.prompt,
      transport: { proxy: vscodeProxySettings(), insecureTlsHosts: hosts.insecureTlsHosts },
    });
    this.contexts.set(key, { context, version: document.version, environmentName: options.environmentName });
    return context;
  }

  /**
   * Pacing for one send of `file` (pass it as the send's `scheduler`): the file's and the requests' directives,
   * Adobe's known limits and, unless the file says `# @no-limits`, the sandbox's deployed Journey configs, with
   * the window's pacers. Two sends under one limit share its budget (for the file's own directives: two sends of
   * the file, `scope` naming it); cancelling a send (its signal) drops only its own waiting requests. `onPacing`
   * hears how the request being sent is paced, in words (a progress line). A batch (Send All, a test run) has the
   * Journey configs listed if the Endpoints view has not; a single send uses them only when already listed.
   */
  async schedulerFor(file: HttpFile, scope: string, options: { batch: boolean; onPacing?: (description: string) => void }): Promise<ObservedPacingScheduler> {
    let configs: Pick<DeployedConfigs, 'capping' | 'throttling'> | undefined;
    if (!file.filePacing?.noLimits && this.deps.journeyConfigs) {
      try {
        configs = await this.deps.journeyConfigs({ ifLoaded: !options.batch });
        this.lastPacingWarning = undefined;
      } catch (error) {
        const warning = `Journey capping/throttling limits not applied (listing the sandbox's configs failed: ${error instanceof Error ? error.message : String(error)}); sending anyway.`;
        if (warning !== this.lastPacingWarning) this.deps.onPacingWarning?.(warning);
        this.lastPacingWarning = warning;
      }
    }
    return new ObservedPacingScheduler({
      session: this.pacing, keyScope: scope, file: file.filePacing, capping: configs?.capping, throttling: configs?.throttling,
    }, options.onPacing);
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
