// The `.http` language service in the editor: diagnostics (debounced), completion, hover, go to definition,
// outline, folding and quick fixes. Registration is cheap; nothing is parsed until a `.http` document is asked for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Range as CoreRange } from '../../core/http/parse-types';
import type { LastResponses } from '../../core/http/language/context';
import type { CompletionKind } from '../../core/http/language/completion';
import type { LanguageProblem } from '../../core/http/language/diagnostics';
import type { ExtensionDeps } from '../deps';
import type { HttpFileStore } from '../shared/http-file-store';
import { httpLanguage } from '../shared/http-language';
import type { LastResponsesSlot } from '../shared/last-responses';
import type { LanguageContextSource } from './context-source';

const SELECTOR: vscode.DocumentSelector = { language: 'http' };
/** Typing pauses this long before diagnostics are recomputed. */
const DEBOUNCE_MS = 250;

export function toRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  method: vscode.CompletionItemKind.Keyword,
  header: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.Value,
  variable: vscode.CompletionItemKind.Variable,
  directive: vscode.CompletionItemKind.Keyword,
  property: vscode.CompletionItemKind.Property,
  module: vscode.CompletionItemKind.Module,
};

/** A problem as a VS Code diagnostic; `data` rides along in a side map for the quick fixes. */
function toDiagnostic(p: LanguageProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'aio-requests';
  d.code = p.code;
  return d;
}

/** Under the test harness only: last responses seeded from a JSON file the UI scenario writes in the user-data folder. */
function testLastResponses(env: NodeJS.ProcessEnv = process.env): LastResponses | undefined {
  const dir = env.AIO_TEST_USER_DATA_DIR;
  if (!dir) return undefined;
  return {
    get: (_uri, name) => {
      try {
        const seeded = JSON.parse(readFileSync(join(dir, 'aio-test-last-responses.json'), 'utf8')) as Record<string, { status: number; body: string }>;
        const r = seeded[name];
        if (!r) return undefined;
        const body = new TextEncoder().encode(r.body);
        return { request: { method: 'GET', url: 'http://test', headers: [] }, response: { status: r.status, statusText: '', headers: [['content-type', 'application/json']], body, url: 'http://test', timings: { firstByteMs: 0, totalMs: 0 } } };
      } catch {
        return undefined;
      }
    },
  };
}

export function register(deps: ExtensionDeps, store: HttpFileStore, lastResponses: LastResponsesSlot): vscode.Disposable {
  const seeded = testLastResponses();
  const disposables: vscode.Disposable[] = [];
  let source: LanguageContextSource | undefined;
  /** Built on first use: it reads profiles and env files, which activation must not wait for. */
  const contexts = (): LanguageContextSource => {
    if (!source) {
      source = new (httpLanguage().LanguageContextSource)(deps, lastResponses);
      disposables.push(source, source.onDidChange(() => vscode.workspace.textDocuments.forEach((d) => schedule(d))));
    }
    return source;
  };
  if (seeded) disposables.push({ dispose: lastResponses.fallback(seeded) });
  const diagnostics = vscode.languages.createDiagnosticCollection('aio-requests');
  const problemsByUri = new Map<string, LanguageProblem[]>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const refresh = async (document: vscode.TextDocument): Promise<void> => {
    const version = document.version;
    const ctx = await contexts().contextFor(document.uri);
    const current = (): boolean => !document.isClosed && document.version === version;
    if (!current()) return;
    // A large file opened: its details (problems, variable uses) are read a step at a time, other work in between.
    await store.withDetails(document, current);
    if (!current()) return;
    const problems = httpLanguage().languageProblems(store.get(document), ctx);
    problemsByUri.set(document.uri.toString(), problems);
    diagnostics.set(document.uri, problems.map(toDiagnostic));
  };
  const schedule = (document: vscode.TextDocument, delay = DEBOUNCE_MS): void => {
    if (document.languageId !== 'http') return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      refresh(document).catch((e: unknown) => deps.logger.warn(`Diagnostics failed for ${document.uri.fsPath}: ${(e as Error).message}`));
    }, delay));
  };
  const forget = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
    problemsByUri.delete(key);
    diagnostics.delete(document.uri);
  };

  disposables.push(
    diagnostics,
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument(forget),
    vscode.languages.registerCompletionItemProvider(SELECTOR, {
      async provideCompletionItems(document, position) {
        const ctx = await contexts().contextFor(document.uri);
        const lineText = document.lineAt(position.line).text;
        const entries = httpLanguage().completionsAt({
          file: store.get(document), lineText, position, ctx,
          lineAt: (n) => (n < document.lineCount ? document.lineAt(n).text : ''),
        });
        const range = new vscode.Range(position.line, httpLanguage().completionReplaceStart(lineText, position.character), position.line, position.character);
        return entries.map((e, i) => {
          const item = new vscode.CompletionItem(e.label, KINDS[e.kind]);
          item.insertText = e.insertText ?? e.label;
          item.detail = e.detail;
          item.range = range;
          item.sortText = String(i).padStart(4, '0');
          // The header/method labels are offered even when the typed word is a different case.
          item.filterText = e.label;
          return item;
        });
      },
    }, '{', '.', '@', '$', ':'),
    vscode.languages.registerHoverProvider(SELECTOR, {
      async provideHover(document, position) {
        const hover = httpLanguage().hoverAt(store.get(document), position, await contexts().contextFor(document.uri));
        return hover && new vscode.Hover(new vscode.MarkdownString(hover.text), toRange(hover.range));
      },
    }),
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      async provideDefinition(document, position) {
        const target = httpLanguage().definitionAt(store.get(document), position, await contexts().contextFor(document.uri));
        if (!target) return undefined;
        if (target.kind === 'file') return new vscode.Location(document.uri, toRange(target.range));
        const { path, line, character } = target.location;
        return new vscode.Location(vscode.Uri.file(path), new vscode.Position(line, character));
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, {
      provideDocumentSymbols(document) {
        return httpLanguage().requestSymbols(store.get(document)).map((s) =>
          new vscode.DocumentSymbol(s.name, s.detail, vscode.SymbolKind.Method, toRange(s.range), toRange(s.selectionRange)));
      },
    }),
    vscode.languages.registerFoldingRangeProvider(SELECTOR, {
      provideFoldingRanges(document) {
        return httpLanguage().foldingSpans(store.get(document)).map((f) => new vscode.FoldingRange(f.startLine, f.endLine, vscode.FoldingRangeKind.Region));
      },
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, {
      provideCodeActions(document, _range, context) {
        const problems = problemsByUri.get(document.uri.toString()) ?? [];
        return httpLanguage().quickFixes(document, context.diagnostics, problems, contexts());
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
  // Documents already open when the extension activates: checked after activation, not during it.
  for (const d of vscode.workspace.textDocuments) schedule(d);
  return { dispose: () => disposables.forEach((d) => d.dispose()) };
}
