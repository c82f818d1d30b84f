import * as assert from 'node:assert/strict';
import { test } from '../../framework/test';
import { ourExtension } from '../../framework/host';
import type { TestingFeature } from '../../../../src/vscode/testing/index';

// In an untrusted folder the Testing view still lists the requests but refuses to send them.

test('running tests in Restricted Mode sends nothing and reports nothing', async () => {
  const exports = (await ourExtension().activate()) as { testing?: TestingFeature } | undefined;
  assert.ok(exports?.testing, 'the extension exposes the Testing feature under the harness');
  const testing = exports.testing;
  testing.outcomes.clear();
  await testing.run();
  assert.equal(testing.outcomes.size, 0, 'no request ran');
}, { timeoutMs: 30_000 });
