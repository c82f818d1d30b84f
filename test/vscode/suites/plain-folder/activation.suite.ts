import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../../framework/test';
import { ourExtension, openWorkspaceFile, workspaceDir } from '../../framework/host';

// A folder with no .http file, and AIO_REQUESTS_PREIMPORT naming credentials (as in `npm run demo`):
// nothing activates the extension until a .http file is opened; then a command run that very moment
// must see the pre-imported profile, not race the import that activation started.

test('the extension is installed but not active in a folder with no .http file', () => {
  assert.equal(vscode.window.visibleTextEditors.length, 0, 'an editor is open already');
  assert.equal(ourExtension().isActive, false);
});

test('opening a plain text file does not activate it', async () => {
  const editor = await openWorkspaceFile('notes.txt');
  assert.equal(editor.document.languageId, 'plaintext');
  // A negative check has no state to wait for: give a wrongly declared activation event the time to fire.
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(ourExtension().isActive, false);
});

test('opening a .http file activates it (onLanguage:http), and a command run at once sees the pre-imported profile', async () => {
  await vscode.workspace.fs.writeFile(vscode.Uri.file(`${workspaceDir()}/opened-later.http`), Buffer.from('GET https://example.com/\n'));
  const editor = await openWorkspaceFile('opened-later.http');
  assert.equal(editor.document.languageId, 'http');
  await ourExtension().activate();
  // No wait here on purpose: the pre-import that activation started may still be running.
  await vscode.commands.executeCommand('aioRequests.showTokenDetails');
  const shown = vscode.window.activeTextEditor?.document;
  assert.equal(shown?.uri.scheme, 'aio-token-details', `Show Token Details opened no token document (active: ${shown?.uri.toString() ?? 'none'})`);
  const { name } = JSON.parse(process.env.AIO_REQUESTS_PREIMPORT ?? '{}') as { name?: string };
  assert.ok(name && shown.uri.path.includes(name), `the token document is not the pre-imported profile's: ${shown.uri.path}`);
}, { timeoutMs: 60_000 });
