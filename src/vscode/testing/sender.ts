// The heavy half of the Testing view, in the run bundle (dist/run.js, see run-machinery.ts) loaded when the view first
// expands a file or runs: the parser and assertion checks; it sends through the window's shared EditorRunContexts.
// Listing files needs none of it.
import * as vscode from 'vscode';
import { testCaseOf } from '../../core/testing/test-cases';
import type { Range } from '../../core/http/parse-types';
import type { EditorRunContexts } from '../shared/run-context';
import { parseHttpFileInFull } from '../../core/http/parser';
import { caseReport, requestItems, type RequestItemModel } from './test-model';

/** The request items of a file's text (see test-model.ts). */
export function requestItemsOf(fileId: string, source: string): RequestItemModel[] {
  // In full: a file refused for its density lists no requests to run.
  return requestItems(fileId, parseHttpFileInFull(source));
}

export type CaseStatus = 'passed' | 'failed' | 'errored' | 'skipped';

export interface FileRunRequest {
  document: vscode.TextDocument;
  /** Block index → what it is reported as; requests they chain on are sent but not reported. */
  cases: ReadonlyMap<number, vscode.TestItem>;
  environmentName?: string;
  signal: AbortSignal;
  report(item: vscode.TestItem, status: CaseStatus, messages: vscode.TestMessage[], durationMs?: number): void;
}

export interface TestSender {
  runFile(request: FileRunRequest): Promise<void>;
  forget(uri: vscode.Uri): void;
}

const toRange = (r: Range): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/** Runs test items through `contexts`, the window's run contexts (owned and disposed by the caller). */
export function createTestSender(contexts: EditorRunContexts): TestSender {
  return {
    async runFile({ document, cases, environmentName, signal, report }) {
      const pending = new Map(cases);
      const context = await contexts.forDocument(document, { environmentName });
      // Paced like Send All, on the window's budgets: a test run never pushes a limit over what other sends left.
      const scheduler = await contexts.schedulerFor(context.file, document.uri.toString(), { batch: true });
      await context.send([...cases.keys()], {
        signal,
        scheduler,
        onResult: (blockRun) => {
          const item = pending.get(blockRun.block.index);
          if (!item) return;
          pending.delete(blockRun.block.index);
          const { status, durationMs, messages } = caseReport(testCaseOf(blockRun));
          report(item, status, messages.map((m) => {
            const message = m.expected !== undefined && m.actual !== undefined ? vscode.TestMessage.diff(m.message, m.expected, m.actual) : new vscode.TestMessage(m.message);
            if (m.range) message.location = new vscode.Location(document.uri, toRange(m.range));
            return message;
          }), durationMs);
        },
      });
      for (const item of pending.values()) report(item, 'skipped', []);
    },
    forget: (uri) => contexts.forget(uri),
  };
}
