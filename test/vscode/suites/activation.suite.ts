import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../framework/test';
import { ourExtension, openWorkspaceFile, waitFor } from '../framework/host';

// Runs first in a fresh window: nothing has asked for the extension yet.

test('the extension is installed but not active in a window with no .http file open', () => {
  assert.equal(vscode.window.visibleTextEditors.length, 0, 'an editor is open already');
  assert.equal(ourExtension().isActive, false);
});

test('opening a plain text file does not activate it', async () => {
  const editor = await openWorkspaceFile('notes.txt');
  assert.equal(editor.document.languageId, 'plaintext');
  // Give a wrongly declared activation event the time to fire.
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(ourExtension().isActive, false);
});

test('opening a .http file sets language http and activates the extension', async () => {
  const editor = await openWorkspaceFile('sample.http');
  assert.equal(editor.document.languageId, 'http');
  await waitFor(() => ourExtension().isActive, 'the extension to activate');
});

test('the extension reports the VS Code it runs in', () => {
  // The harness prints the version too; this keeps a record in the results.
  assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  assert.ok(ourExtension().packageJSON.engines.vscode, 'engines.vscode is missing');
});
