import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../framework/test';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ourExtension, workspaceDir } from '../framework/host';
import type { TestingFeature } from '../../../src/vscode/testing/index';
import { startEchoServer } from '../../support/echo-server';

// The Testing view's controller in the real extension host: checks.http (fixture) is discovered, its two
// requests become children with their ranges, and running them against the emulator passes the one that
// asserts `status == 200` and fails the one asserting 418 with expected vs actual.

let testing: TestingFeature;
const fileItem = (): vscode.TestItem | undefined => [...iterate(testing.controller.items)].find((i) => i.label === 'checks.http');

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  for (const [, item] of collection) yield item;
}

test('the controller lists the workspace .http files lazily and each request as a child with its range', async () => {
  const exports = (await ourExtension().activate()) as { testing?: TestingFeature } | undefined;
  assert.ok(exports?.testing, 'the extension exposes the Testing feature under the harness');
  testing = exports.testing;
  await testing.controller.resolveHandler?.(undefined);
  const file = fileItem();
  assert.ok(file, 'checks.http is a test item');
  assert.ok(file.canResolveChildren);
  await testing.controller.resolveHandler?.(file);
  const children = [...iterate(file.children)];
  assert.deepEqual(children.map((c) => c.label), ['healthUp', 'wrongStatus']);
  assert.equal(children[0].range?.start.line, 3);
  assert.equal(children[1].description, 'GET {{host}}/health');
}, { timeoutMs: 30_000 });

test('running the passing request passes and the wrong one fails with expected vs actual at its assertion', async () => {
  const file = fileItem() as vscode.TestItem;
  const [up, wrong] = [...iterate(file.children)];
  testing.outcomes.clear();
  await testing.run([up]);
  assert.deepEqual(testing.outcomes.get(up.id), { status: 'passed', messages: [] });
  assert.equal(testing.outcomes.has(wrong.id), false, 'only the chosen request ran');
  await testing.run([wrong]);
  const outcome = testing.outcomes.get(wrong.id);
  assert.equal(outcome?.status, 'failed');
  assert.match(outcome?.messages[0] ?? '', /status == 418/);
  assert.match(outcome?.messages[0] ?? '', /200/);
}, { timeoutMs: 30_000 });

test('running everything (Run All Tests) runs both requests of the file', async () => {
  testing.outcomes.clear();
  await testing.run();
  const file = fileItem() as vscode.TestItem;
  const [up, wrong] = [...iterate(file.children)];
  assert.equal(testing.outcomes.get(up.id)?.status, 'passed');
  assert.equal(testing.outcomes.get(wrong.id)?.status, 'failed');
}, { timeoutMs: 30_000 });

test('a cancelled run sends nothing more and reports the rest as skipped', async () => {
  const source = new vscode.CancellationTokenSource();
  source.cancel();
  testing.outcomes.clear();
  const file = fileItem() as vscode.TestItem;
  await testing.run([file], source.token);
  const statuses = [...iterate(file.children)].map((c) => testing.outcomes.get(c.id)?.status);
  assert.deepEqual(statuses, ['skipped', 'skipped']);
}, { timeoutMs: 30_000 });

test('Send Request and the Testing view share one run context: a Send chained on a request the Testing view ran uses its response, without sending it again', async () => {
  let stamps = 0;
  const server = await startEchoServer((req, res) => {
    if (req.url !== '/stamp') return false;
    stamps++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ stamp: `stamp-${stamps}` }));
    return true;
  });
  const path = join(workspaceDir(), 'shared-chain.http');
  const uri = vscode.Uri.file(path);
  await writeFile(path, [
    '### stamp',
    '# @name stamp',
    `GET ${server.url}/stamp`,
    '?? status == 200',
    '',
    '### uses the stamp',
    '# @name useStamp',
    `GET ${server.url}/use?stamp={{stamp.response.body.$.stamp}}`,
    '',
  ].join('\n'));
  try {
    await testing.controller.resolveHandler?.(undefined);
    const file = [...iterate(testing.controller.items)].find((i) => i.uri?.toString() === uri.toString());
    assert.ok(file, 'shared-chain.http is a test item');
    await testing.controller.resolveHandler?.(file);
    const stamp = [...iterate(file.children)].find((c) => c.label === 'stamp');
    assert.ok(stamp, 'the named request is a test item');
    testing.outcomes.clear();
    await testing.run([stamp]);
    assert.deepEqual(testing.outcomes.get(stamp.id), { status: 'passed', messages: [] });
    assert.equal(stamps, 1, 'the test run reached the server');
    // Send Request on the chained block, as its CodeLens does: the response the test run got is used.
    await vscode.commands.executeCommand('aioRequests.sendRequest', uri.toString(), 1);
    assert.equal(stamps, 1, 'the Send did not send the named request again');
    assert.ok(server.received.some((r) => r.url === '/use?stamp=stamp-1'), `the chained Send carried the value the test run got (${server.received.map((r) => r.url).join(', ')})`);
  } finally {
    await server.close();
    await rm(path, { force: true });
  }
}, { timeoutMs: 30_000 });
