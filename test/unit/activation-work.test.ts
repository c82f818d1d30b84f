import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ActivationWork } from '../../src/vscode/activation-work';

// What every command awaits first (registerCommand): the work activation started, such as the pre-import.

test('settled() waits for the work added at activation, and a failed work does not fail the commands', async () => {
  const work = new ActivationWork();
  const order: string[] = [];
  let finish!: () => void;
  work.add(new Promise<void>((resolve) => (finish = resolve)).then(() => order.push('pre-import done')));
  work.add(Promise.reject(new Error('pre-import refused a file (logged by the pre-import)')));
  const command = work.settled().then(() => order.push('command runs'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, []);
  finish();
  await command;
  assert.deepEqual(order, ['pre-import done', 'command runs']);
});

test('with nothing started, settled() resolves at once', async () => {
  await new ActivationWork().settled();
});
