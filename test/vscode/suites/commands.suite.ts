import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../src/vscode/command-ids';
import { test } from '../framework/test';
import { ourExtension } from '../framework/host';

test('every command in COMMAND_IDS and in the manifest is registered after activation', async () => {
  await ourExtension().activate();
  const registered = new Set(await vscode.commands.getCommands(true));
  const contributed = (ourExtension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
  const missing = [...new Set([...COMMAND_IDS, ...contributed])].filter((id) => !registered.has(id));
  assert.deepEqual(missing, []);
});

test('Adobe I/O: Show Log runs without an error', async () => {
  await vscode.commands.executeCommand('aioRequests.showLog');
});
