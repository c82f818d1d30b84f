import * as assert from 'node:assert/strict';
import { test } from '../../framework/test';
import { emulatorUrl, ourExtension } from '../../framework/host';
import type { TestingFeature } from '../../../../src/vscode/testing/index';

// In an untrusted folder the Testing view refuses to send the workspace's requests (with a message).

const healthCalls = async () => ((await (await fetch(`${emulatorUrl()}/__control/calls?prefix=GET%20/health`)).json()) as { count: number }).count;

test('running tests in Restricted Mode sends nothing and reports nothing', async () => {
  const exports = (await ourExtension().activate()) as { testing?: TestingFeature } | undefined;
  assert.ok(exports?.testing, 'the extension exposes the Testing feature under the harness');
  const testing = exports.testing;
  await testing.controller.resolveHandler?.(undefined);
  assert.ok(testing.controller.items.size > 0, 'the files are still listed');
  const before = await healthCalls();
  testing.outcomes.clear();
  await testing.run();
  assert.equal(testing.outcomes.size, 0, 'no request was reported');
  assert.equal(await healthCalls(), before, 'and none reached the emulator');
}, { timeoutMs: 30_000 });
