// Adobe's own examples in the editor: "Paste cURL as Request", an offer to convert a curl command pasted into
// a `.http` file (offered, never forced), "Import Postman Collection…" and "Import Postman Environment…".
import * as vscode from 'vscode';
import { AioError } from '../../core/errors';
import { looksLikeCurl, MAX_COLLECTION_BYTES, MAX_COMMAND_CHARS } from '../../core/import/limits';
import { curlToHttp, postmanToHttp } from './converters';
import { PUBLIC_ENV_FILE } from '../../core/http/environments';
import { registerCommand, UserCancelled } from '../commands';
import type { ExtensionDeps } from '../deps';

const HTTP_LANGUAGE = 'http';

/** Converts clipboard text and inserts it at the cursor of an `.http` editor (or a new untitled one). */
async function pasteCurl(deps: ExtensionDeps): Promise<void> {
  const clip = await vscode.env.clipboard.readText();
  if (!looksLikeCurl(clip)) {
    throw new AioError('import-invalid', 'The clipboard holds no curl command. Copy one from a docs page (it starts with curl, or with -X GET https://…) and try again.');
  }
  let editor = vscode.window.activeTextEditor;
  const into = editor?.document.languageId === HTTP_LANGUAGE ? editor.document : undefined;
  const after = into && editor ? into.getText(new vscode.Range(editor.selection.end, into.lineAt(into.lineCount - 1).range.end)) : undefined;
  // Base variables the file already has (`@journey = …`) are reused, so a retargeted file stays retargeted.
  const converted = curlToHttp(clip, { existingText: into?.getText() ?? '', textAfter: after });
  if (!editor || editor.document.languageId !== HTTP_LANGUAGE) {
    const doc = await vscode.workspace.openTextDocument({ language: HTTP_LANGUAGE, content: '' });
    editor = await vscode.window.showTextDocument(doc);
  }
  const target = editor;
  await target.edit((edit) => {
    for (const selection of target.selections) edit.replace(selection, converted.text);
  });
  deps.logger.info(`Pasted ${converted.requests} curl command${converted.requests === 1 ? '' : 's'} as request${converted.requests === 1 ? '' : 's'}.`);
  if (converted.unset.length > 0) {
    void vscode.window.showInformationMessage(`Set ${converted.unset.map((u) => `{{${u.name}}}`).join(', ')} before sending: the comment above the request says what to put there.`);
  }
}

/**
 * The paste-time offer. `registerDocumentPasteEditProvider` is not in the VS Code 1.95 API this extension
 * targets, so a paste of a curl command into an `.http` file is noticed as an edit and a conversion offered.
 */
function pasteOffer(deps: ExtensionDeps): vscode.Disposable {
  let offering = false;
  return vscode.workspace.onDidChangeTextDocument(async (event) => {
    if (offering || event.document.languageId !== HTTP_LANGUAGE || event.contentChanges.length !== 1) return;
    const change = event.contentChanges[0]!;
    const text = change.text;
    if (text.length < 12 || text.length > MAX_COMMAND_CHARS || !looksLikeCurl(text)) return;
    // Only a paste of the clipboard, not typing or a conversion of ours.
    if ((await vscode.env.clipboard.readText()) !== text) return;
    const document = event.document;
    const start = change.range.start;
    const end = document.positionAt(document.offsetAt(start) + text.length);
    offering = true;
    try {
      const choice = await vscode.window.showInformationMessage('You pasted a curl command. Convert it to a request?', 'Convert', 'Keep as pasted');
      if (choice !== 'Convert') return;
      const range = new vscode.Range(start, end);
      if (document.isClosed || document.getText(range) !== text) {
        void vscode.window.showWarningMessage('The pasted text has changed since; run "Paste cURL as Request" instead.');
        return;
      }
      const whole = document.getText();
      const at = document.offsetAt(start);
      const converted = curlToHttp(text, { existingText: whole.slice(0, at) + whole.slice(at + text.length), textAfter: whole.slice(at + text.length) });
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, range, converted.text);
      await vscode.workspace.applyEdit(edit);
      deps.logger.info('Converted a pasted curl command.');
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof AioError ? error.message : String(error));
    } finally {
      offering = false;
    }
  });
}

async function pickOne(title: string, filters: Record<string, string[]>): Promise<vscode.Uri> {
  const uris = await vscode.window.showOpenDialog({ title, openLabel: 'Import', canSelectMany: false, canSelectFiles: true, canSelectFolders: false, filters });
  if (!uris || uris.length === 0) throw new UserCancelled();
  return uris[0]!;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `name.http`, else `name-2.http`…: an existing file is never replaced. */
async function freeName(folder: vscode.Uri, name: string): Promise<vscode.Uri> {
  const dot = name.lastIndexOf('.');
  for (let n = 1; n < 100; n++) {
    const candidate = vscode.Uri.joinPath(folder, n === 1 ? name : `${name.slice(0, dot)}-${n}${name.slice(dot)}`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new AioError('import-invalid', `Too many files named like ${name} in ${folder.fsPath}; move some away.`);
}

/** Adds Adobe's host variables to an existing env file's `$shared` without touching what is there. */
function mergeEnvironment(existing: string, added: string): string | undefined {
  try {
    const current = JSON.parse(existing) as Record<string, Record<string, string>>;
    const extra = (JSON.parse(added) as { $shared: Record<string, string> }).$shared;
    const shared = { ...extra, ...(current.$shared ?? {}) };
    if (JSON.stringify(shared) === JSON.stringify(current.$shared ?? {})) return undefined;
    return `${JSON.stringify({ ...current, $shared: shared }, null, 2)}\n`;
  } catch {
    return undefined;
  }
}

async function importCollection(deps: ExtensionDeps, arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : await pickOne('Import Postman Collection', { 'Postman collection': ['json'] });
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_COLLECTION_BYTES) throw new AioError('import-too-large', `${uri.fsPath} is ${stat.size} bytes; at most ${MAX_COLLECTION_BYTES} are read. Export a folder at a time.`);
  const result = postmanToHttp(await vscode.workspace.fs.readFile(uri));
  const folder = vscode.Uri.joinPath(uri, '..');
  const written: vscode.Uri[] = [];
  for (const file of result.files) {
    const target = await freeName(folder, file.name);
    await vscode.workspace.fs.writeFile(target, Buffer.from(file.text, 'utf8'));
    written.push(target);
  }
  let envNote = '';
  if (result.environment) {
    const envUri = vscode.Uri.joinPath(folder, PUBLIC_ENV_FILE);
    if (await exists(envUri)) {
      const merged = mergeEnvironment(Buffer.from(await vscode.workspace.fs.readFile(envUri)).toString('utf8'), result.environment);
      if (merged) {
        await vscode.workspace.fs.writeFile(envUri, Buffer.from(merged, 'utf8'));
        envNote = ` Added Adobe's hosts to ${PUBLIC_ENV_FILE}.`;
      }
    } else {
      await vscode.workspace.fs.writeFile(envUri, Buffer.from(result.environment, 'utf8'));
      envNote = ` Wrote ${PUBLIC_ENV_FILE} with Adobe's hosts.`;
    }
  }
  for (const w of result.warnings) deps.logger.warn(w);
  deps.logger.info(`Imported ${result.requests} requests from ${uri.fsPath} into ${written.map((w) => w.fsPath).join(', ')}.`);
  if (written[0]) await vscode.window.showTextDocument(written[0]);
  void vscode.window.showInformationMessage(`Converted ${result.requests} request${result.requests === 1 ? '' : 's'}; scripts were not run (each is a comment).${envNote}${result.warnings.length ? ' See Adobe I/O: Show Log for warnings.' : ''}`);
}

async function importEnvironment(arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : await pickOne('Import Postman Environment', { 'Postman environment': ['json'] });
  // The same import as the workspace JSON: secrets to SecretStorage, a profile created, nothing in the workspace.
  await vscode.commands.executeCommand('aioRequests.importCredentials', uri);
}

export function register(deps: ExtensionDeps): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(deps, 'aioRequests.pasteCurlAsRequest', () => pasteCurl(deps)),
    registerCommand(deps, 'aioRequests.importPostmanCollection', (arg?: unknown) => importCollection(deps, arg)),
    registerCommand(deps, 'aioRequests.importPostmanEnvironment', (arg?: unknown) => importEnvironment(arg)),
    pasteOffer(deps),
  );
}
