import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { AioError, isAioError } from '../../../src/core/errors';
import { analyzeFiles } from '../../../src/core/credentials/analyze-files';
import { analyzePrivateKey } from '../../../src/core/credentials/private-key';
import { generateKeyPair } from '../../support/credentials-fixtures';

test('error codes have one spelling: the snake_case spelling no longer type-checks', () => {
  // @ts-expect-error key_not_rsa is not a code; key-not-rsa is.
  const refused = new AioError('key_not_rsa', 'x');
  assert.equal(refused.code, 'key_not_rsa');
  assert.ok(isAioError(new AioError('key-not-rsa', 'x'), 'key-not-rsa'));
});

test('the key check and the import report a non-RSA key with the same kebab-case code', async () => {
  const ec = generateKeyPair({ type: 'ec' });
  assert.throws(() => analyzePrivateKey(ec.privateKeyPem), (e: unknown) => isAioError(e, 'key-not-rsa'));
  const analysis = await analyzeFiles([{ name: 'private.key', bytes: Buffer.from(ec.privateKeyPem) }]);
  assert.deepEqual(analysis.problems.map((p) => p.code), ['key-not-rsa']);
});
