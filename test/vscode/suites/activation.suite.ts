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
