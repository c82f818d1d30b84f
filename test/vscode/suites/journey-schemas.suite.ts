import * as assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../framework/test';
import { waitFor, workspaceDir } from '../framework/host';

// The packaged extension contributes the capping and throttling JSON Schemas (jsonValidation): a config file
// gets the editor's errors from the same rules the core checks before sending.

async function diagnosticsOf(name: string, text: string, expectSome: boolean): Promise<vscode.Diagnostic[]> {
  const file = join(workspaceDir(), name);
  await writeFile(file, text);
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  let found: vscode.Diagnostic[] = [];
  if (expectSome) {
    await waitFor(() => (found = vscode.languages.getDiagnostics(uri)).length > 0, `schema diagnostics for ${name}`, 30_000);
  }
  return found;
}

async function closeAndRemove(...names: string[]): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const name of names) await rm(join(workspaceDir(), name), { force: true });
}

test('a *.capping.json file is checked against the capping schema', async () => {
  try {
    const bad = await diagnosticsOf(
      'partner.capping.json',
      JSON.stringify({ url: 'https://api.example.org/*', methods: ['FETCH'], services: { dataSource: { maxHttpConnections: 5000, rating: { maxCallsCount: 10, periodInMs: 1000 } } } }, null, 2),
      true,
    );
    const messages = bad.map((d) => d.message).join(' | ');
    assert.match(messages, /400/, `maxHttpConnections above 400 is flagged: ${messages}`);
    assert.match(messages, /GET/, `an unknown method lists the allowed ones: ${messages}`);
  } finally {
    await closeAndRemove('partner.capping.json');
  }
}, { timeoutMs: 60_000 });

test('a *.throttling.json file is checked against the throttling schema', async () => {
  try {
    const bad = await diagnosticsOf('org.throttling.json', JSON.stringify({ urlPattern: 'https://api.example.org/*', methods: ['POST'], maxThroughput: 9000 }, null, 2), true);
    assert.match(bad.map((d) => d.message).join(' | '), /5000/);
  } finally {
    await closeAndRemove('org.throttling.json');
  }
}, { timeoutMs: 60_000 });
