import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// Helpers for suites running inside the extension host. The harness passes its facts through the
// environment of code-server (or of the desktop VS Code), which the extension host inherits.

export const EXTENSION_ID = 'aio-requests.aio-requests';

/** The emulator's base URL, e.g. `http://127.0.0.1:40123`. */
export function emulatorUrl(): string {
  return required('AIO_EMULATOR_URL');
}

/** The absolute path of the workspace folder the window opened (a throwaway copy of test/vscode/fixtures/workspace). */
export function workspaceDir(): string {
  return required('AIO_TEST_WORKSPACE');
}

/** The window's `--user-data-dir`: grep it to prove no secret was written in clear. */
export function userDataDir(): string {
  return required('AIO_TEST_USER_DATA_DIR');
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites through the harness`);
  return value;
}

export function ourExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this window`);
  return extension;
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens a file of the workspace in an editor. */
export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the window has no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, relativePath);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}
