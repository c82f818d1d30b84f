import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../framework/test';
import { ourExtension, openWorkspaceFile, waitFor } from '../framework/host';

// Runs first in a fresh window on a folder holding .http files: the extension activates by itself
// (workspaceContains), so its status bar item is there before any file, view or command is used.
// The opposite (a folder without .http files) is suites/plain-folder/activation.suite.ts.

test('a folder holding .http files activates the extension at start-up, with no editor, view or command used', async () => {
  assert.equal(vscode.window.visibleTextEditors.length, 0, 'an editor is open already');
  await waitFor(() => ourExtension().isActive, 'the extension to activate by workspaceContains:**/*.http');
});

test('opening a .http file sets language http', async () => {
  const editor = await openWorkspaceFile('sample.http');
  assert.equal(editor.document.languageId, 'http');
});

test('it runs in the VS Code the harness installed, or at least the engines.vscode minimum', () => {
  const expected = process.env.AIO_EXPECT_VSCODE;
  if (expected) {
    assert.ok(vscode.version.startsWith(expected), `VS Code ${vscode.version} is not the expected ${expected}x`);
    return;
  }
  const engine = String(ourExtension().packageJSON.engines?.vscode ?? '');
  const minimum = /(\d+)\.(\d+)\.(\d+)/.exec(engine);
  assert.ok(minimum, `engines.vscode "${engine}" names no version`);
  const parts = (v: readonly string[]) => v.map(Number);
  const [major, minor, patch] = parts(minimum.slice(1, 4));
  const [vMajor, vMinor, vPatch] = parts(/^(\d+)\.(\d+)\.(\d+)/.exec(vscode.version)?.slice(1, 4) ?? []);
  const atLeast = vMajor! !== major! ? vMajor! > major! : vMinor! !== minor! ? vMinor! > minor! : vPatch! >= patch!;
  assert.ok(atLeast, `VS Code ${vscode.version} is older than engines.vscode ${engine}`);
});
