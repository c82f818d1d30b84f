// Issue 8 §4: import says what is missing (a certificate without its key) or ambiguous (a file of several keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFiles } from '../../../src/core/credentials/index';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { analyzePrivateKey } from '../../../src/core/credentials/private-key';
import { isAioError } from '../../../src/core/errors';
import { generateCredentialPair, generateKeyPair, makeWorkspaceJson, makeZip } from '../../support/credentials-fixtures';

test('a config.zip holding only a certificate says the profile would have no key and could not sign a JWT', async () => {
  const pair = await generateCredentialPair();
  const zip = makeZip([{ name: 'certificate_pub.crt', data: pair.cert.pem }]);
  const analysis = await analyzeFiles([{ name: 'config.zip', bytes: zip }]);
  assert.deepEqual(analysis.problems, []);
  assert.equal(analysis.warnings.length, 1);
  assert.match(analysis.warnings[0], /config\.zip › certificate_pub\.crt is a certificate without its private key: a profile made from it would have no key and cannot sign a JWT until you add the private\.key created with it/);
  // With a JWT workspace JSON, the same one warning (not two), and the draft still lists the key as missing.
  const withJson = await analyzeFiles([{ name: 'config.zip', bytes: zip }, { name: 'ws.json', bytes: Buffer.from(JSON.stringify(makeWorkspaceJson())) }]);
  assert.equal(withJson.warnings.filter((w) => /private/.test(w)).length, 1);
});

test('inspect prints the missing key for a certificate-only config.zip, in the warning and the result', async (t) => {
  const pair = await generateCredentialPair();
  const dir = await mkdtemp(join(tmpdir(), 'aio-gaps-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'config.zip'), makeZip([{ name: 'certificate_pub.crt', data: pair.cert.pem }]));
  let out = '';
  const io: CliIo = { out: (text) => void (out += text), err: () => undefined, env: {}, cwd: dir };
  assert.equal(await main(['inspect', 'config.zip'], io), 0);
  assert.match(out, /warning: config\.zip › certificate_pub\.crt is a certificate without its private key/);
  assert.match(out, /Result: importable, but without a private key: no JWT can be signed until one is added\./);
});

test('a key file with several private keys is refused, saying how many it holds', async () => {
  const a = await generateKeyPair();
  const b = await generateKeyPair();
  const both = `${a.privateKeyPem}\n${b.privateKeyPem}`;
  assert.throws(() => analyzePrivateKey(both, { label: 'keys.pem' }), (e: unknown) => {
    assert.ok(isAioError(e, 'key-ambiguous'));
    assert.match((e as Error).message, /keys\.pem holds 2 private keys; give a file with exactly one/);
    return true;
  });
  const analysis = await analyzeFiles([{ name: 'keys.pem', bytes: Buffer.from(both) }]);
  assert.equal(analysis.acceptable, false);
  assert.equal(analysis.problems[0]?.code, 'key-ambiguous');
  // One key followed by its certificate is not ambiguous.
  const pair = await generateCredentialPair();
  assert.equal(analyzePrivateKey(`${pair.key.privateKeyPem}\n${pair.cert.pem}`).bits >= 2048, true);
});

test('inspect shows control characters in zip entry names as escapes', async (t) => {
  const pair = await generateCredentialPair();
  const dir = await mkdtemp(join(tmpdir(), 'aio-gaps-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'config.zip'), makeZip([{ name: 'cert\x1b[31m.crt', data: pair.cert.pem }, { name: 'private.key', data: pair.key.privateKeyPem }]));
  let out = '';
  const io: CliIo = { out: (text) => void (out += text), err: () => undefined, env: {}, cwd: dir };
  await main(['inspect', 'config.zip'], io);
  assert.ok(!out.includes('\x1b'), 'no raw ESC');
  assert.match(out, /cert\\x1b\[31m\.crt/);
});
