import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../../src/vscode/command-ids';
import { test } from '../../framework/test';
import { ourExtension, openWorkspaceFile, waitFor } from '../../framework/host';

// Workspace trust is on and the folder is not trusted: the extension declares limited support, so it
// must still be enabled, activate, and offer its commands.

test('the folder is in Restricted Mode', () => {
  assert.equal(vscode.workspace.isTrusted, false);
});

test('opening a .http file activates the extension in Restricted Mode', async () => {
  const editor = await openWorkspaceFile('sample.http');
  assert.equal(editor.document.languageId, 'http');
  await waitFor(() => ourExtension().isActive, 'the extension to activate');
});

test('its commands are registered in Restricted Mode', async () => {
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(COMMAND_IDS.filter((id) => !registered.has(id)), []);
});
