import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFiles, draftFromAnalysis, type InputFile } from '../../../src/core/credentials/index';
import { generateCertificate, generateCredentialPair, generateKeyPair, makeConfigZip, makeWorkspaceJson, makeZip } from '../../support/credentials-fixtures';

const DAY = 24 * 60 * 60 * 1000;
const json = (value: unknown, name = 'workspace.json'): InputFile => ({ name, bytes: Buffer.from(JSON.stringify(value)) });

test('config.zip + workspace JSON: acceptable, one JWT credential picked because a key is present', async () => {
  const pair = await generateCredentialPair();
  const analysis = await analyzeFiles([{ name: 'config.zip', bytes: makeConfigZip(pair) }, json(makeWorkspaceJson())]);
  assert.deepEqual(analysis.problems, []);
  assert.deepEqual(analysis.needs, []);
  assert.equal(analysis.keyMatchesCertificate, true);
  assert.equal(analysis.credential?.name, 'JWT Service Account');
  const { draft, secrets, missing } = draftFromAnalysis(analysis);
  assert.deepEqual(missing, []);
  assert.equal(draft.kind, 'jwt');
  assert.equal(draft.orgId, '0A1B2C3D4E5F60718293A4B5@AdobeOrg');
  assert.equal(draft.certificate?.fingerprint256, analysis.certificate?.summary.fingerprint256);
  assert.equal(secrets.privateKey, pair.key.privateKeyPem);
  assert.equal(secrets.clientSecret, 'p8e-FAKE-jwt-secret-0001');
});

test('loose key (PKCS#1) and DER certificate files: acceptable, the rest is asked for', async () => {
  const pair = await generateCredentialPair({ format: 'pkcs1' });
  const analysis = await analyzeFiles([
    { name: 'private.key', bytes: Buffer.from(pair.key.privateKeyPem) },
    { name: 'certificate_pub.crt', bytes: pair.cert.der },
  ]);
  assert.ok(analysis.acceptable);
  assert.equal(analysis.key?.format, 'pkcs1');
  assert.equal(analysis.certificate?.encoding, 'der');
  const { missing } = draftFromAnalysis(analysis);
  assert.deepEqual(missing, ['name', 'clientId', 'orgId', 'technicalAccountId', 'metaScopes', 'clientSecret']);
});

test('an encrypted key needs a passphrase; a wrong one is refused as wrong', async () => {
  const pair = await generateCredentialPair({ format: 'encrypted-pkcs8', passphrase: 'open sesame' });
  const zip: InputFile = { name: 'config.zip', bytes: makeConfigZip(pair, { folder: 'cfg', macNoise: true }) };
  const first = await analyzeFiles([zip]);
  assert.ok(first.acceptable);
  assert.deepEqual(first.needs, [{ kind: 'passphrase', file: 'config.zip › private.key' }]);
  const wrong = await analyzeFiles([zip], { passphrase: 'nope' });
  assert.equal(wrong.problems[0]?.code, 'wrong-passphrase');
  assert.match(wrong.problems[0]!.message, /wrong passphrase/);
  const right = await analyzeFiles([zip], { passphrase: 'open sesame' });
  assert.deepEqual(right.needs, []);
  assert.ok(right.acceptable);
  assert.equal(draftFromAnalysis(right, { passphrase: 'open sesame' }).secrets.passphrase, 'open sesame');
});

test('several credentials without a key: the caller must choose; a named choice is honoured or refused', async () => {
  const ws = json(makeWorkspaceJson());
  const analysis = await analyzeFiles([ws]);
  assert.deepEqual(analysis.needs, [{ kind: 'credential', choices: ['JWT Service Account', 'OAuth S2S'] }]);
  const chosen = await analyzeFiles([ws], { credentialName: 'oauth s2s' });
  assert.equal(chosen.credential?.kind, 'oauth-s2s');
  const s2s = draftFromAnalysis(chosen);
  assert.deepEqual(s2s.missing, []);
  assert.equal(s2s.secrets.privateKey, undefined);
  const missing = await analyzeFiles([ws], { credentialName: 'Nope' });
  assert.match(missing.problems[0]!.message, /no credential named 'Nope' \(found: JWT Service Account, OAuth S2S\)/);
});

test('refuses a key that does not match the certificate, a small key, an expired certificate', async () => {
  const a = await generateCredentialPair();
  const b = generateKeyPair();
  const mismatch = await analyzeFiles([{ name: 'config.zip', bytes: makeConfigZip({ key: b, cert: a.cert }) }]);
  assert.equal(mismatch.acceptable, false);
  assert.match(mismatch.problems.map((p) => p.message).join('\n'), /does not belong to the private key/);

  const small = await generateCredentialPair({ bits: 1024 });
  const tooSmall = await analyzeFiles([{ name: 'config.zip', bytes: makeConfigZip(small) }]);
  assert.equal(tooSmall.problems[0]?.code, 'key-too-small');

  const expiredCert = await generateCertificate(a.key, { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
  const expired = await analyzeFiles([{ name: 'config.zip', bytes: makeConfigZip({ key: a.key, cert: expiredCert }) }]);
  assert.equal(expired.problems[0]?.code, 'certificate-expired');

  const soonCert = await generateCertificate(a.key, { notAfter: new Date(Date.now() + 10 * DAY) });
  const soon = await analyzeFiles([{ name: 'config.zip', bytes: makeConfigZip({ key: a.key, cert: soonCert }) }]);
  assert.ok(soon.acceptable);
  assert.match(soon.warnings.join('\n'), /expires on \d{4}-\d{2}-\d{2} \(in \d+ days\)/);
});

test('refuses unknown files, zips with extra files, several keys; messages never carry key bodies', async () => {
  const pair = await generateCredentialPair();
  const body = pair.key.privateKeyPem.split('\n')[2]!;
  const unknown = await analyzeFiles([{ name: 'notes.txt', bytes: Buffer.from('hello') }]);
  assert.match(unknown.problems[0]!.message, /notes\.txt is not a config\.zip, workspace JSON, private key or certificate/);
  const extra = await analyzeFiles([
    { name: 'config.zip', bytes: makeZip([{ name: 'private.key', data: pair.key.privateKeyPem }, { name: 'run.sh', data: 'rm -rf /' }]) },
  ]);
  assert.match(extra.problems[0]!.message, /run\.sh is not a certificate or private key/);
  const two = await analyzeFiles([
    { name: 'a.key', bytes: Buffer.from(pair.key.privateKeyPem) },
    { name: 'b.key', bytes: Buffer.from(generateKeyPair().privateKeyPem) },
  ]);
  assert.equal(two.problems[0]?.code, 'too-many-keys');
  for (const analysis of [unknown, extra, two]) {
    assert.ok(!JSON.stringify({ p: analysis.problems, w: analysis.warnings, f: analysis.files }).includes(body));
  }
});

test('a hostile zip next to a good workspace JSON refuses the whole import', async () => {
  const analysis = await analyzeFiles([{ name: 'config.zip', bytes: makeZip([{ name: '../private.key', data: 'x' }]) }, json(makeWorkspaceJson())]);
  assert.equal(analysis.acceptable, false);
  assert.equal(analysis.problems[0]?.code, 'zip-refused');
});
