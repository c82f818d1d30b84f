// Small wrappers over vscode.window prompts: every dismissal becomes UserCancelled, every input is validated
// as the user types, passphrases and secrets are masked.
import * as vscode from 'vscode';
import { MAX_INPUT_FILE_BYTES, type InputFile } from '../../core/credentials/analyze-files';
import { AioError } from '../../core/errors';
import { UserCancelled } from '../commands';

export interface AskOptions {
  title: string;
  prompt: string;
  value?: string;
  placeHolder?: string;
  password?: boolean;
  validate?: (value: string) => string | undefined;
}

export async function ask(options: AskOptions): Promise<string> {
  const value = await vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    placeHolder: options.placeHolder,
    password: options.password ?? false,
    ignoreFocusOut: true,
    validateInput: options.validate ? (v) => options.validate!(v) : undefined,
  });
  if (value === undefined) throw new UserCancelled();
  return value.trim();
}

export async function pick<T extends vscode.QuickPickItem>(items: T[], options: { title: string; placeHolder: string }): Promise<T> {
  const picked = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeHolder, ignoreFocusOut: true });
  if (!picked) throw new UserCancelled();
  return picked;
}

export const CREDENTIAL_FILE_FILTERS: Record<string, string[]> = {
  'Credential files': ['zip', 'json', 'key', 'pem', 'crt', 'cer', 'der'],
  'All files': ['*'],
};

export async function pickFiles(title: string, many = true): Promise<vscode.Uri[]> {
  const uris = await vscode.window.showOpenDialog({
    title,
    openLabel: 'Import',
    canSelectMany: many,
    canSelectFiles: true,
    canSelectFolders: false,
    filters: CREDENTIAL_FILE_FILTERS,
  });
  if (!uris || uris.length === 0) throw new UserCancelled();
  return uris;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.path;
}

/** Reads the chosen files into memory (never copies them anywhere), refusing oversized ones unread. */
export async function readInputFiles(uris: readonly vscode.Uri[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const uri of uris) {
    const name = baseName(uri);
    const stat = await vscode.workspace.fs.stat(uri).then(undefined, () => {
      throw new AioError('file-unreadable', `Cannot read ${name}.`);
    });
    if (stat.type & vscode.FileType.Directory) throw new AioError('file-unreadable', `${name} is a folder; choose the files inside it.`);
    if (stat.size > MAX_INPUT_FILE_BYTES) throw new AioError('file-too-large', `${name} is ${stat.size} bytes; credential files are a few KB. Nothing was imported.`);
    files.push({ name, bytes: await vscode.workspace.fs.readFile(uri) });
  }
  return files;
}

/** Normalises a command argument into file URIs: a Uri, a list of them (explorer multi-select) or paths. */
export function urisFromArgs(args: unknown[]): vscode.Uri[] | undefined {
  const out: vscode.Uri[] = [];
  const add = (v: unknown) => {
    if (v instanceof vscode.Uri) out.push(v);
    else if (typeof v === 'string' && v) out.push(vscode.Uri.file(v));
  };
  for (const arg of args) {
    if (Array.isArray(arg)) arg.forEach(add);
    else add(arg);
  }
  // Explorer passes (clicked, allSelected): keep each file once.
  const unique = [...new Map(out.map((u) => [u.toString(), u])).values()];
  return unique.length > 0 ? unique : undefined;
}
