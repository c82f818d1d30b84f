// Quick fixes for the language service's diagnostics: define a missing variable in the file or in the env
// file; choose or import a profile for an Adobe request.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { PUBLIC_ENV_FILE } from '../../core/http/environments';
import type { LanguageProblem } from '../../core/http/language/diagnostics';
import type { CommandId } from '../command-ids';
import type { LanguageContextSource } from './context-source';

function sameRange(d: vscode.Diagnostic, p: LanguageProblem): boolean {
  return d.range.start.line === p.range.start.line && d.range.start.character === p.range.start.character &&
    d.range.end.line === p.range.end.line && d.range.end.character === p.range.end.character;
}

function commandFix(title: string, command: CommandId, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.command = { title, command };
  action.diagnostics = [diagnostic];
  return action;
}

/** `name: ""` added to the environment in the env file (created next to the `.http` file when there is none). */
async function envFileFix(document: vscode.TextDocument, name: string, diagnostic: vscode.Diagnostic, contexts: LanguageContextSource): Promise<vscode.CodeAction | undefined> {
  if (document.uri.scheme !== 'file') return undefined;
  const existing = (await contexts.envFiles(document.uri.fsPath)).find((p) => basename(p) === PUBLIC_ENV_FILE);
  const path = existing ?? join(dirname(document.uri.fsPath), PUBLIC_ENV_FILE);
  const uri = vscode.Uri.file(path);
  const edit = new vscode.WorkspaceEdit();
  if (existing) {
    let json: Record<string, Record<string, unknown>>;
    const text = await readFile(existing, 'utf8');
    try {
      json = JSON.parse(text) as Record<string, Record<string, unknown>>;
    } catch {
      return undefined; // a broken env file is not rewritten
    }
    const env = Object.keys(json).find((k) => k !== '$shared') ?? 'dev';
    json[env] = { ...(json[env] ?? {}), [name]: '' };
    const lines = text.split('\n');
    edit.replace(uri, new vscode.Range(0, 0, lines.length, 0), `${JSON.stringify(json, null, 2)}\n`);
  } else {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), `${JSON.stringify({ dev: { [name]: '' } }, null, 2)}\n`);
  }
  const action = new vscode.CodeAction(`Define \`${name}\` in ${PUBLIC_ENV_FILE}`, vscode.CodeActionKind.QuickFix);
  action.edit = edit;
  action.diagnostics = [diagnostic];
  return action;
}

export async function quickFixes(
  document: vscode.TextDocument,
  diagnostics: readonly vscode.Diagnostic[],
  problems: readonly LanguageProblem[],
  contexts: LanguageContextSource,
): Promise<vscode.CodeAction[]> {
  const actions: vscode.CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== 'aio-requests') continue;
    const p = problems.find((x) => x.code === d.code && sameRange(d, x));
    if (!p) continue;
    const name = p.data?.variable;
    if (p.code === 'unresolved-variable' && name) {
      const inFile = new vscode.CodeAction(`Define \`${name}\` in this file`, vscode.CodeActionKind.QuickFix);
      inFile.edit = new vscode.WorkspaceEdit();
      inFile.edit.insert(document.uri, new vscode.Position(0, 0), `@${name} = \n`);
      inFile.diagnostics = [d];
      inFile.isPreferred = true;
      actions.push(inFile);
      const inEnv = await envFileFix(document, name, d, contexts);
      if (inEnv) actions.push(inEnv);
    } else if (p.code === 'no-profile' || p.code === 'unknown-profile') {
      actions.push(commandFix('Choose a credential profile…', 'aioRequests.selectActiveProfile', d));
      actions.push(commandFix('Import credentials…', 'aioRequests.importCredentials', d));
    }
  }
  return actions;
}
