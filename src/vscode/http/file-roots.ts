// The folders a `.http` file may read from in the editor: its own folder, the workspace folders and the user's
// `aioRequests.allowedFileRoots`. Nothing calls this yet: the Send Request feature (a later issue) builds its
// file reader with `httpFileReader` so that body includes and `.env` stay confined as in the CLI.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { confinedReader } from '../../core/http/file-roots';
import type { ReadFile } from '../../core/http/environments';
import { SETTINGS_SECTION } from '../setting-keys';

/** The user-level roots only: a workspace's own settings must not widen what its files may read. */
function userFileRoots(): string[] {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>('allowedFileRoots')?.globalValue;
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => (v.startsWith('~/') ? join(homedir(), v.slice(2)) : v.trim()))
    .filter((v) => isAbsolute(v));
}

/** The roots for the `.http` file at `fsPath`. */
export function allowedFileRoots(fsPath: string): string[] {
  const workspace = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return [dirname(fsPath), ...workspace, ...userFileRoots()];
}

/** A reader for the ResolveContext of the `.http` file at `fsPath` that reads only inside its roots. */
export function httpFileReader(fsPath: string): ReadFile {
  return confinedReader((path) => readFile(path), {
    roots: allowedFileRoots(fsPath),
    howToAllow: 'To allow it, add a folder that holds it to the user setting aioRequests.allowedFileRoots.',
  });
}
