// Send Request in the editor: CodeLens above each request ("Send Request", "Send with…", and "Send All" plus
// the environment above the first), Ctrl+Alt+R for the request(s) under the cursor, a status bar item while a
// send runs (click to cancel), an environment picker kept per workspace. Sending goes through the core run
// context (shared/run-context.ts), one per window shared with the Testing view: chains, cookies and results outlive a send.
import * as vscode from 'vscode';
import type { BlockRun } from '../../core/http/file-runner';
import { codeLensAnchors } from '../../core/http/language/outline';
import { refusalOf, type HttpFile, type RequestBlock } from '../../core/http/parse-types';
import type { RunContext } from '../../core/run/run-context';
import { registerCommand, UserCancelled } from '../commands';
import type { ExtensionDeps } from '../deps';
import { outputChannelSink, responseViewSink, type ResponsePresenter } from './response-sink';

const HTTP_LANGUAGE = 'http';
// Shared with the Testing view: one chosen environment per workspace.
const ENVIRONMENT_KEY = 'aioRequests.environment';
const NO_ENVIRONMENT = '(no environment)';

/** A send in progress: what the status bar and the CodeLens show, and how to stop it. */
interface RunningSend {
  readonly uri: string;
  readonly blocks: Set<number>;
  readonly controller: AbortController;
  readonly startedAt: number;
  readonly label: string;
}

/** The sends in progress, their status bar item (spinner, elapsed time, click to cancel) and a change event. */
class RunningSends implements vscode.Disposable {
  private readonly running = new Set<RunningSend>();
  private readonly item = vscode.window.createStatusBarItem('aioRequests.sending', vscode.StatusBarAlignment.Left, 49);
  private readonly changed = new vscode.EventEmitter<void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item.name = 'Adobe I/O Request in Progress';
    this.item.command = 'aioRequests.cancelRequest';
  }

  start(uri: vscode.Uri, blocks: readonly number[], label: string): RunningSend {
    const send: RunningSend = { uri: uri.toString(), blocks: new Set(blocks), controller: new AbortController(), startedAt: Date.now(), label };
    this.running.add(send);
    this.refresh();
    this.timer ??= setInterval(() => this.refresh(), 200);
    this.changed.fire();
    return send;
  }

  finish(send: RunningSend): void {
    this.running.delete(send);
    if (this.running.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.refresh();
    this.changed.fire();
  }

  isSending(uri: vscode.Uri, block: number): boolean {
    const key = uri.toString();
    for (const send of this.running) if (send.uri === key && send.blocks.has(block)) return true;
    return false;
  }

  /** Cancels the sends of `uri` (every send when omitted); returns how many. */
  cancel(uri?: vscode.Uri): number {
    let count = 0;
    for (const send of this.running) {
      if (uri && send.uri !== uri.toString()) continue;
      send.controller.abort();
      count++;
    }
    return count;
  }

  private refresh(): void {
    const first = [...this.running][0];
    if (!first) {
      this.item.hide();
      return;
    }
    const seconds = ((Date.now() - first.startedAt) / 1000).toFixed(1);
    const more = this.running.size > 1 ? ` (+${this.running.size - 1})` : '';
    this.item.text = `$(sync~spin) Sending ${first.label}${more} ${seconds}s`;
    this.item.tooltip = 'Click to cancel the request';
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.item.dispose();
    this.changed.dispose();
  }
}

/** The block whose section holds `line`: the last one starting at or before it. */
export function blockAtLine(file: HttpFile, line: number): RequestBlock | undefined {
  let found: RequestBlock | undefined;
  for (const block of file.blocks) {
    if (block.range.start.line <= line) found = block;
    else break;
  }
  return found;
}

/** Blocks whose sections a selection from `startLine` to `endLine` touches, in file order. */
export function blocksInLines(file: HttpFile, startLine: number, endLine: number): number[] {
  const first = blockAtLine(file, startLine);
  return file.blocks.filter((b) => (first && b.index >= first.index) && b.range.start.line <= endLine).map((b) => b.index);
}

function blockLabel(block: RequestBlock): string {
  return block.name ?? block.title ?? `${block.request.method} ${block.request.url}`.slice(0, 60);
}

export function register(deps: ExtensionDeps, view?: ResponsePresenter): vscode.Disposable {
  // The window's run contexts, shared with the Testing view (shared/run-slot.ts); the bundle loads on the first send.
  const contexts = () => deps.run.contexts();
  const running = new RunningSends();
  const parses = deps.httpFiles;
  const stopLastResponses = deps.lastResponses.provide({ get: (fileUri, name) => deps.run.loaded?.lastResult(fileUri, name) });
  const state = deps.context.workspaceState;
  const environment = (): string | undefined => state.get<string>(ENVIRONMENT_KEY);

  const envItem = vscode.window.createStatusBarItem('aioRequests.requestEnvironment', vscode.StatusBarAlignment.Left, 48);
  envItem.name = 'Adobe I/O Request Environment';
  envItem.command = 'aioRequests.selectEnvironment';
  const updateEnvItem = () => {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId !== HTTP_LANGUAGE) {
      envItem.hide();
      return;
    }
    envItem.text = `$(server-environment) ${environment() ?? 'No environment'}`;
    envItem.tooltip = 'Environment for requests in this workspace. Click to switch.';
    envItem.show();
  };

  const resendBlock = (fileUri: vscode.Uri, name: string | undefined, index: number | undefined) => {
    void withMessage(
      (async () => {
        const document = await vscode.workspace.openTextDocument(fileUri);
        const file = parses.get(document);
        const found = (name !== undefined ? file.blocks.find((b) => b.name === name)?.index : undefined) ?? index;
        if (found === undefined || !file.blocks[found]) throw new UserCancelledWithMessage('That request is no longer in its file; send it from the file instead.');
        await sendBlocks(document, [found]);
      })(),
    ).catch((error: unknown) => void vscode.window.showErrorMessage(String(error instanceof Error ? error.message : error)));
  };
  const sink = view ? responseViewSink(view, resendBlock, (error) => deps.logger.error(`Showing a response failed: ${String(error)}`)) : outputChannelSink();

  const lensesChanged = new vscode.EventEmitter<void>();
  const runningChange = running.onDidChange(() => lensesChanged.fire());
  // A file refused when its details were read has no requests left: its CodeLens go (if they were asked for first).
  const requestsDropped = parses.onDidDropRequests(() => lensesChanged.fire());

  function requireTrust(): void {
    if (vscode.workspace.isTrusted) return;
    void vscode.window
      .showWarningMessage('Requests are not sent from an untrusted workspace: a file here could send your Adobe credentials anywhere. Trust the folder to send.', 'Manage Workspace Trust')
      .then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    throw new UserCancelled();
  }

  async function documentFor(uriArg: unknown): Promise<vscode.TextDocument> {
    if (typeof uriArg === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(uriArg));
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== HTTP_LANGUAGE) {
      throw new UserCancelledWithMessage('Open an .http file and put the cursor in a request to send it.');
    }
    return editor.document;
  }

  async function contextFor(document: vscode.TextDocument, environmentName = environment()): Promise<RunContext> {
    try {
      return await contexts().forDocument(document, { environmentName });
    } catch (error) {
      // The stored environment was removed from the env files: fall back to none, and say so.
      if (environmentName === undefined) throw error;
      await state.update(ENVIRONMENT_KEY, undefined);
      updateEnvItem();
      void vscode.window.showWarningMessage(`The environment '${environmentName}' is no longer defined; sending with no environment.`);
      return contexts().forDocument(document, {});
    }
  }

  async function confirmNote(block: RequestBlock): Promise<boolean> {
    if (block.options.note === undefined) return true;
    const detail = block.options.note || `${block.request.method} ${block.request.url}`;
    const choice = await vscode.window.showWarningMessage(`Send "${blockLabel(block)}"?`, { modal: true, detail }, 'Send');
    return choice === 'Send';
  }

  function showRun(document: vscode.TextDocument, run: BlockRun): void {
    const error = run.result.error;
    if (error?.kind === 'unresolved-variable') {
      void vscode.window.showErrorMessage(`Not sent: ${error.message}`);
    } else if (error?.kind === 'timeout') {
      void vscode.window.showWarningMessage(`"${blockLabel(run.block)}" timed out: ${error.message}`);
    }
    sink.show(document.uri, run, () => void sendBlocks(document, [run.block.index]));
  }

  /**
   * Sends `indices` one after the other (chains reuse results), showing each; notes are confirmed first. Paced like
   * Send All and with the same budgets: a request under a rate, a cap or a deployed Journey config waits for its turn.
   */
  async function sendBlocks(document: vscode.TextDocument, indices: readonly number[], overrides?: { environmentName?: string; profile?: string; sandbox?: string }): Promise<BlockRun[]> {
    requireTrust();
    const context = await contextFor(document, overrides?.environmentName ?? environment());
    refuseDenseFile(context.file);
    const scheduler = await contexts().schedulerFor(context.file, document.uri.toString(), { batch: false });
    const runs: BlockRun[] = [];
    for (const index of indices) {
      const block = context.file.blocks[index];
      if (!block) continue;
      if (!(await confirmNote(block))) continue;
      const send = running.start(document.uri, [index], blockLabel(block));
      try {
        const current = context.file;
        if (overrides?.profile !== undefined || overrides?.sandbox !== undefined) {
          // This send only: the run reads the file when it starts, so the original is put back at once.
          const options = { ...block.options, ...(overrides.profile ? { profile: overrides.profile } : {}), ...(overrides.sandbox ? { sandbox: overrides.sandbox } : {}) };
          context.update({ ...current, blocks: current.blocks.map((b) => (b.index === index ? { ...b, options } : b)) });
        }
        const pending = context.sendBlock(index, { signal: send.controller.signal, scheduler });
        context.update(current);
        const run = await pending;
        runs.push(run);
        showRun(document, run);
      } finally {
        running.finish(send);
      }
    }
    return runs;
  }

  /**
   * Sends every request of the file under its pacing (`# @rate`, `# @concurrency`, Adobe's known limits, the
   * sandbox's deployed Journey configs), with the CLI's scheduler; the progress says what paces it, cancel drops the queue.
   */
  async function sendAll(document: vscode.TextDocument): Promise<void> {
    requireTrust();
    const context = await contextFor(document);
    refuseDenseFile(context.file);
    const blocks = context.file.blocks;
    const summary = { sent: 0, failed: 0, skipped: 0 };
    // Notes are confirmed before the run starts, so a paced run is not held up by a dialog.
    const indices: number[] = [];
    for (const block of blocks) {
      if (await confirmNote(block)) indices.push(block.index);
      else summary.skipped++;
    }
    let pacedBy = '';
    let onPacing: () => void = () => undefined;
    const scheduler = await contexts().schedulerFor(context.file, document.uri.toString(), {
      batch: true,
      onPacing: (description) => {
        pacedBy = description;
        onPacing();
      },
    });
    let shapedBy: string[] = [];
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Sending all requests', cancellable: true },
      async (progress, token) => {
        const total = indices.length;
        let done = 0;
        const report = (increment?: number) => progress.report({ message: `${done}/${total}${pacedBy ? ` · ${pacedBy}` : ''}`, increment });
        onPacing = () => report();
        const send = running.start(document.uri, indices, 'all requests');
        // The run's signal drops its waiting requests; other sends on the same limits keep their turns.
        const stop = token.onCancellationRequested(() => send.controller.abort());
        report();
        try {
          await context.send(indices, {
            signal: send.controller.signal,
            scheduler,
            onResult: (run) => {
              done = Math.min(done + 1, total);
              report(total > 0 ? 100 / total : undefined);
              if (run.result.response && !run.result.error) summary.sent++;
              else if (run.result.error?.kind === 'aborted') summary.skipped++;
              else summary.failed++;
              sink.show(document.uri, run, () => void sendBlocks(document, [run.block.index]));
            },
          });
        } finally {
          stop.dispose();
          running.finish(send);
          shapedBy = scheduler.shapedBy;
        }
      },
    );
    const text = `Send All: ${summary.sent} sent, ${summary.failed} failed, ${summary.skipped} skipped.`;
    deps.logger.info(shapedBy.length > 0 ? `${text} Paced by: ${shapedBy.join('; ')}.` : text);
    if (summary.failed > 0) void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
  }

  async function pick<T extends vscode.QuickPickItem>(items: T[], title: string): Promise<T> {
    const chosen = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
    if (!chosen) throw new UserCancelled();
    return chosen;
  }

  async function selectEnvironment(uriArg?: unknown): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const document = typeof uriArg === 'string' ? await documentFor(uriArg) : editor?.document.languageId === HTTP_LANGUAGE ? editor.document : undefined;
    const names = document ? (await contextFor(document)).environments.names : [];
    if (names.length === 0) {
      void vscode.window.showInformationMessage('No environments: add them to http-client.env.json beside your .http files (or its private variant) to switch between them here.');
      return;
    }
    const current = environment();
    const chosen = await pick(
      [NO_ENVIRONMENT, ...names].map((label) => ({ label, description: (label === NO_ENVIRONMENT ? current === undefined : label === current) ? 'current' : undefined })),
      'Environment for requests in this workspace',
    );
    await state.update(ENVIRONMENT_KEY, chosen.label === NO_ENVIRONMENT ? undefined : chosen.label);
    updateEnvItem();
    lensesChanged.fire();
  }

  async function sendWith(uriArg: unknown, index: unknown): Promise<void> {
    requireTrust();
    const document = await documentFor(uriArg);
    const block = typeof index === 'number' ? index : blockAtLine(parses.get(document), vscode.window.activeTextEditor?.selection.active.line ?? 0)?.index;
    if (block === undefined) throw new UserCancelledWithMessage('Put the cursor in a request to send it.');
    const context = await contextFor(document);
    const profiles = await deps.profiles.list();
    const profile = profiles.length > 0
      ? await pick([{ label: '(active profile)', name: undefined as string | undefined }, ...profiles.map((p) => ({ label: p.name, description: `sandbox ${p.sandbox}`, name: p.name as string | undefined }))], 'Send with which profile?')
      : { name: undefined };
    const environmentName = context.environments.names.length > 0
      ? (await pick([NO_ENVIRONMENT, ...context.environments.names].map((label) => ({ label })), 'Send with which environment?')).label
      : NO_ENVIRONMENT;
    const sandbox = await vscode.window.showInputBox({ title: 'Sandbox for this send', prompt: 'Leave empty for the profile\'s sandbox', ignoreFocusOut: true });
    if (sandbox === undefined) throw new UserCancelled();
    await sendBlocks(document, [block], { environmentName: environmentName === NO_ENVIRONMENT ? undefined : environmentName, profile: profile.name, sandbox: sandbox.trim() || undefined });
  }

  async function sendRequest(uriArg?: unknown, index?: unknown): Promise<void> {
    requireTrust();
    if (typeof uriArg === 'string' && typeof index === 'number') {
      const document = await documentFor(uriArg);
      if (running.isSending(document.uri, index)) {
        running.cancel(document.uri);
        return;
      }
      await sendBlocks(document, [index]);
      return;
    }
    const document = await documentFor(undefined);
    const editor = vscode.window.activeTextEditor!;
    const file = parses.get(document);
    const selection = editor.selection;
    const indices = selection.isEmpty ? [blockAtLine(file, selection.active.line)?.index].filter((i): i is number => i !== undefined) : blocksInLines(file, selection.start.line, selection.end.line);
    if (indices.length === 0) throw new UserCancelledWithMessage('Put the cursor in a request (below its ### line) to send it.');
    await sendBlocks(document, indices);
  }

  const lenses: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensesChanged.event,
    provideCodeLenses(document) {
      const file = parses.get(document);
      const uri = document.uri.toString();
      const result: vscode.CodeLens[] = [];
      for (const anchor of codeLensAnchors(file)) {
        const range = new vscode.Range(anchor.line, 0, anchor.line, 0);
        if (anchor.first) {
          result.push(new vscode.CodeLens(range, { title: 'Send All', command: 'aioRequests.sendAll', arguments: [uri] }));
          result.push(new vscode.CodeLens(range, { title: `Env: ${environment() ?? 'none'}`, command: 'aioRequests.selectEnvironment', arguments: [uri] }));
        }
        const sending = running.isSending(document.uri, anchor.blockIndex);
        result.push(new vscode.CodeLens(range, { title: sending ? 'Sending… (cancel)' : 'Send Request', command: 'aioRequests.sendRequest', arguments: [uri, anchor.blockIndex] }));
        if (!sending) result.push(new vscode.CodeLens(range, { title: 'Send with…', command: 'aioRequests.sendWith', arguments: [uri, anchor.blockIndex] }));
      }
      return result;
    },
  };

  const disposables = vscode.Disposable.from(
    { dispose: stopLastResponses },
    running,
    envItem,
    lensesChanged,
    runningChange,
    requestsDropped,
    sink,
    vscode.languages.registerCodeLensProvider({ language: HTTP_LANGUAGE }, lenses),
    vscode.window.onDidChangeActiveTextEditor(updateEnvItem),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.languageId !== HTTP_LANGUAGE) return;
      deps.run.loaded?.forget(document.uri);
    }),
    registerCommand(deps, 'aioRequests.sendRequest', (uri?: unknown, index?: unknown) => withMessage(sendRequest(uri, index))),
    registerCommand(deps, 'aioRequests.sendWith', (uri?: unknown, index?: unknown) => withMessage(sendWith(uri, index))),
    registerCommand(deps, 'aioRequests.sendAll', async (uri?: unknown) => withMessage(documentFor(uri).then(sendAll))),
    registerCommand(deps, 'aioRequests.cancelRequest', () => {
      if (running.cancel() === 0) void vscode.window.showInformationMessage('No request is being sent.');
    }),
    registerCommand(deps, 'aioRequests.selectEnvironment', (uri?: unknown) => selectEnvironment(uri)),
  );
  updateEnvItem();
  return disposables;
}

/** A file refused for its density (its details read by the run context) has no requests: say why instead of nothing. */
function refuseDenseFile(file: HttpFile): void {
  const refused = refusalOf(file);
  if (refused) throw new UserCancelledWithMessage(refused.message);
}

/** A refusal that is explained in an information message rather than an error. */
class UserCancelledWithMessage extends UserCancelled {
  constructor(readonly text: string) {
    super();
  }
}

async function withMessage(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (error instanceof UserCancelledWithMessage) {
      void vscode.window.showInformationMessage(error.text);
      return;
    }
    throw error;
  }
}
