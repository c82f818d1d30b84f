import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfigZip, ZIP_LIMITS } from '../../../src/core/credentials/index';
import { isAioError } from '../../../src/core/errors';
import { generateCredentialPair, makeConfigZip, makeZip } from '../../support/credentials-fixtures';

const pairPromise = generateCredentialPair();

async function refused(bytes: Buffer, pattern: RegExp): Promise<void> {
  await assert.rejects(readConfigZip(bytes, 'config.zip'), (error: unknown) => {
    assert.ok(isAioError(error, 'zip-refused'), `expected zip-refused, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

test('reads the two files of a Console config.zip', async () => {
  const pair = await pairPromise;
  const zip = await readConfigZip(makeConfigZip(pair));
  assert.deepEqual(zip.entries.map((e) => e.name).sort(), ['certificate_pub.crt', 'private.key']);
  assert.equal(zip.entries.find((e) => e.name === 'private.key')!.bytes.toString(), pair.key.privateKeyPem);
  assert.equal(zip.folder, undefined);
});

test('accepts one top-level folder and skips macOS noise', async () => {
  const zip = await readConfigZip(makeConfigZip(await pairPromise, { folder: 'config', macNoise: true }));
  assert.deepEqual(zip.entries.map((e) => e.name).sort(), ['certificate_pub.crt', 'private.key']);
  assert.equal(zip.folder, 'config');
  assert.ok(zip.ignored.some((n) => n.startsWith('__MACOSX/')));
  assert.ok(zip.ignored.some((n) => n.endsWith('.DS_Store')));
});

test('accepts stored (uncompressed) entries', async () => {
  const zip = await readConfigZip(makeZip([{ name: 'private.key', data: 'x', method: 0 }]));
  assert.equal(zip.entries[0]!.bytes.toString(), 'x');
});

test('refuses entry names that escape or are absolute', async () => {
  await refused(makeZip([{ name: '../private.key', data: 'x' }]), /'\.\.'.*\.\.\/private\.key/);
  await refused(makeZip([{ name: 'a/../../etc/passwd', data: 'x' }]), /climbs out/);
  await refused(makeZip([{ name: '/etc/private.key', data: 'x' }]), /absolute path/);
  await refused(makeZip([{ name: 'C:/private.key', data: 'x' }]), /absolute path/);
  await refused(makeZip([{ name: 'config\\private.key', data: 'x' }]), /backslash/);
});

test('refuses two entries that normalise to the same name', async () => {
  await refused(makeZip([{ name: 'private.key', data: 'a' }, { name: 'PRIVATE.KEY', data: 'b' }]), /same name/);
  await refused(makeZip([{ name: 'cfg/private.key', data: 'a' }, { name: 'cfg/private.key', data: 'b' }]), /same name/);
});

test('refuses a bomb: an entry declaring 2 KB that inflates to megabytes', async () => {
  const zeros = Buffer.alloc(40 * 1024 * 1024);
  const bomb = makeZip([{ name: 'private.key', data: zeros, declaredSize: 2048 }]);
  assert.ok(bomb.length < ZIP_LIMITS.maxArchiveBytes, `bomb is ${bomb.length} bytes`);
  await refused(bomb, /zip bomb/);
});

test('refuses a bomb that declares its real size (size and ratio limits)', async () => {
  await refused(makeZip([{ name: 'private.key', data: Buffer.alloc(1024 * 1024) }]), /declares 1048576 bytes/);
  await refused(makeZip([{ name: 'private.key', data: Buffer.alloc(60 * 1024) }]), /compresses \d+:1/);
});

test('refuses archives over 64 KiB and with too many entries', async () => {
  await refused(makeZip([{ name: 'private.key', data: Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)), method: 0 }]), /limit 65536/);
  const many = makeZip(Array.from({ length: 300 }, (_, i) => ({ name: `f${i}`, data: '' })));
  assert.ok(many.length < ZIP_LIMITS.maxArchiveBytes);
  await refused(many, /300 entries/);
  await refused(makeZip(Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}`, data: '' }))), /bytes/);
});

test('refuses password-protected zips and unsupported compression methods', async () => {
  await refused(makeZip([{ name: 'private.key', data: 'x', encrypted: true }]), /password-protected/);
  await refused(makeZip([{ name: 'private.key', data: 'x', method: 12 }]), /unsupported compression method \(12\)/);
});

test('refuses symbolic links', async () => {
  await refused(makeZip([{ name: 'private.key', data: '/home/user/.ssh/id_rsa', symlink: true, method: 0 }]), /symbolic link/);
});

test('refuses truncated, corrupt and non-zip input', async () => {
  const good = makeConfigZip(await pairPromise);
  await refused(good.subarray(0, good.length - 30), /not a zip archive|cut short|damaged/);
  await refused(good.subarray(0, 200), /not a zip archive|cut short|damaged/);
  await refused(Buffer.from('-----BEGIN PRIVATE KEY-----\nnot a zip\n'), /not a zip archive/);
  // Flip a byte inside the first entry's compressed data: inflate fails or the checksum does not match.
  await refused(makeZip([{ name: 'private.key', data: 'hello '.repeat(50) }], { corruptAt: 30 + 'private.key'.length + 5 }), /damaged|checksum/);
});

test('refuses a stored entry whose checksum does not match', async () => {
  const zip = makeZip([{ name: 'private.key', data: 'abcdef', method: 0 }]);
  const at = zip.indexOf('abcdef');
  zip[at] = 'z'.charCodeAt(0);
  await refused(zip, /checksum/);
});

test('refuses nested folders and files spread over several folders', async () => {
  await refused(makeZip([{ name: 'a/b/private.key', data: 'x' }]), /nested folders/);
  await refused(makeZip([{ name: 'a/private.key', data: 'x' }, { name: 'b/certificate_pub.crt', data: 'y' }]), /several folders/);
  await refused(makeZip([{ name: '__MACOSX/._x', data: 'x' }]), /no files/);
});

test('refusal messages carry no key material', async () => {
  const pair = await pairPromise;
  const body = pair.key.privateKeyPem.split('\n')[1]!;
  const zip = makeZip([{ name: 'private.key', data: pair.key.privateKeyPem }, { name: 'PRIVATE.key', data: pair.key.privateKeyPem }]);
  await assert.rejects(readConfigZip(zip), (error: Error) => !error.message.includes(body) && /same name/.test(error.message));
});

