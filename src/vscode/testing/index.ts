// The Testing view (issue 13): each `.http` file in the workspace is a test item, each request a child. Discovery
// is lazy: files are listed when the view first asks and parsed only when it expands one or the file changes.
// Running sends through the window's EditorRunContexts, shared with Send Request (shared/run-slot.ts): what a run gets
// is there for a chained Send, cookies are common; Adobe auth on allow-listed hosts, egress and the chosen environment
// apply as in Send Request; failed `??` assertions come back as expected-vs-actual messages.
import * as vscode from 'vscode';
import { describeError } from '../../core/log/redact';
import type { Range } from '../../core/http/parse-types';
import type { ExtensionDeps } from '../deps';
import type { TestSender } from './sender';
import { ENVIRONMENT_STATE_KEY } from './test-model';

const HTTP_GLOB = '**/*.http';
const EXCLUDE = '**/node_modules/**';

export const UNTRUSTED_MESSAGE = 'Requests from workspace files are not sent in an untrusted workspace. Trust the folder (Manage Workspace Trust) to run them as tests.';

/** What a finished run reported per item id (read by the in-host tests through the extension's exports). */
export interface TestingOutcome {
  status: 'passed' | 'failed' | 'errored' | 'skipped';
  messages: string[];
}

export interface TestingFeature extends vscode.Disposable {
  readonly controller: vscode.TestController;
  readonly outcomes: Map<string, TestingOutcome>;
  /** Runs `include` (every file when omitted) as the Run profile would. */
  run(include?: readonly vscode.TestItem[], token?: vscode.CancellationToken): Promise<void>;
}

const toRange = (r: Range): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

interface RequestData {
  file: vscode.Uri;
  index: number;
}

export function register(deps: ExtensionDeps): TestingFeature {
  const controller = vscode.tests.createTestController('aioRequests.tests', 'Adobe I/O Requests');
  const requests = new WeakMap<vscode.TestItem, RequestData>();
  const outcomes = new Map<string, TestingOutcome>();
  const disposables: vscode.Disposable[] = [controller];
  // The parser and the sending half live in the run bundle (dist/run.js), loaded when the view first expands a file or runs.
  const heavy = () => deps.run.module();
  let sender: TestSender | undefined;
  const testSender = (): TestSender => (sender ??= heavy().createTestSender(deps.run.contexts()));
  let watching = false;

  const fileItem = (uri: vscode.Uri): vscode.TestItem => {
    const id = uri.toString();
    const existing = controller.items.get(id);
    if (existing) return existing;
    const item = controller.createTestItem(id, vscode.workspace.asRelativePath(uri, false), uri);
    item.canResolveChildren = true;
    controller.items.add(item);
    return item;
  };

  const readText = async (uri: vscode.Uri): Promise<string> => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  };

  const setChildren = (item: vscode.TestItem, source: string): void => {
    const uri = item.uri as vscode.Uri;
    const children = heavy().requestItemsOf(item.id, source).map((model) => {
      const child = controller.createTestItem(model.id, model.label, uri);
      child.range = toRange(model.range);
      child.description = model.description;
      requests.set(child, { file: uri, index: model.index });
      return child;
    });
    item.children.replace(children);
    item.error = undefined;
  };

  const parseFile = async (item: vscode.TestItem): Promise<void> => {
    try {
      setChildren(item, await readText(item.uri as vscode.Uri));
    } catch (error) {
      item.error = `Could not read this file: ${describeError(error)}`;
    }
  };

  const watch = (): void => {
    if (watching) return;
    watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(HTTP_GLOB);
    disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void fileItem(uri)),
      watcher.onDidChange((uri) => {
        const item = controller.items.get(uri.toString());
        // Only files the view has expanded are re-parsed; others stay unparsed until asked.
        if (item && item.children.size > 0) void parseFile(item);
        else if (!item) fileItem(uri);
      }),
      watcher.onDidDelete((uri) => {
        controller.items.delete(uri.toString());
        sender?.forget(uri);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const item = controller.items.get(doc.uri.toString());
        if (item && item.children.size > 0) setChildren(item, doc.getText());
      }),
    );
  };

  controller.resolveHandler = async (item) => {
    if (item) return parseFile(item);
    watch();
    const uris = await vscode.workspace.findFiles(HTTP_GLOB, EXCLUDE);
    for (const uri of uris) fileItem(uri);
  };

  const report = (run: vscode.TestRun, item: vscode.TestItem, status: TestingOutcome['status'], messages: vscode.TestMessage[], durationMs?: number): void => {
    outcomes.set(item.id, { status, messages: messages.map((m) => (typeof m.message === 'string' ? m.message : m.message.value)) });
    if (status === 'passed') run.passed(item, durationMs);
    else if (status === 'failed') run.failed(item, messages, durationMs);
    else if (status === 'errored') run.errored(item, messages, durationMs);
    else run.skipped(item);
  };

  const runFile = async (run: vscode.TestRun, file: vscode.TestItem, wanted: vscode.TestItem[], excluded: ReadonlySet<string>, signal: AbortSignal): Promise<void> => {
    const uri = file.uri as vscode.Uri;
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      setChildren(file, document.getText());
      const selected = (wanted.length > 0 ? wanted.map((w) => file.children.get(w.id)) : [...iterate(file.children)])
        .filter((c): c is vscode.TestItem => c !== undefined && !excluded.has(c.id));
      const cases = new Map(selected.map((child) => [requests.get(child)?.index ?? -1, child]));
      for (const child of selected) run.started(child);
      const environmentName = deps.context.workspaceState.get<string>(ENVIRONMENT_STATE_KEY) || undefined;
      await testSender().runFile({ document, cases, environmentName, signal, report: (item, status, messages, durationMs) => report(run, item, status, messages, durationMs) });
    } catch (error) {
      // An unknown environment, an unreadable file: every selected request of this file errors with the reason.
      const message = new vscode.TestMessage(describeError(error));
      for (const child of wanted.length > 0 ? wanted : [...iterate(file.children)]) report(run, child, 'errored', [message]);
      deps.logger.warn(`Testing: ${uri.fsPath}: ${describeError(error)}`);
    }
  };

  const runHandler = async (request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> => {
    const run = controller.createTestRun(request);
    try {
      if (!vscode.workspace.isTrusted) {
        run.appendOutput(`${UNTRUSTED_MESSAGE}\r\n`);
        void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
        return;
      }
      if (controller.items.size === 0) await controller.resolveHandler?.(undefined);
      const excluded = new Set((request.exclude ?? []).map((i) => i.id));
      // Group the chosen items by file: a file item means all its requests.
      const plan = new Map<string, { file: vscode.TestItem; wanted: vscode.TestItem[]; all: boolean }>();
      for (const item of request.include ?? [...iterate(controller.items)]) {
        if (excluded.has(item.id)) continue;
        const file = item.parent ?? item;
        const entry = plan.get(file.id) ?? { file, wanted: [], all: false };
        if (item.parent) entry.wanted.push(item);
        else entry.all = true;
        plan.set(file.id, entry);
      }
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      if (token.isCancellationRequested) abort.abort();
      try {
        // After a cancel every file still runs through: nothing is sent and its requests are reported skipped.
        for (const { file, wanted, all } of plan.values()) {
          await runFile(run, file, all ? [] : wanted, excluded, abort.signal);
        }
      } finally {
        cancel.dispose();
      }
    } finally {
      run.end();
    }
  };

  controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, runHandler, true);
  const source = new vscode.CancellationTokenSource();
  disposables.push(source);
  return {
    controller,
    outcomes,
    run: (include, token) => runHandler(new vscode.TestRunRequest(include), token ?? source.token),
    dispose: () => vscode.Disposable.from(...disposables).dispose(),
  };
}

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  for (const [, item] of collection) yield item;
}
