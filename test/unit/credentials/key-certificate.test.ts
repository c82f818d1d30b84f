import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { analyzeCertificate, analyzePrivateKey, certificateMatchesKey, certificateStatus, loadPrivateKey } from '../../../src/core/credentials/index';
import { isAioError, type AioErrorCode } from '../../../src/core/errors';
import { generateCertificate, generateKeyPair } from '../../support/credentials-fixtures';

const DAY = 24 * 60 * 60 * 1000;

function rejectsWith(fn: () => unknown, code: AioErrorCode, pattern: RegExp, secretBody?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isAioError(error, code), `expected ${code}, got ${String(error)}`);
    assert.match(error.message, pattern);
    if (secretBody) assert.ok(!error.message.includes(secretBody), 'message leaks key material');
    return true;
  });
}

const bodyOf = (pem: string) => pem.split('\n').find((l) => l.length > 40 && !l.includes(':'))!;

test('reads PKCS#8 and PKCS#1 RSA keys and reports bits', () => {
  for (const format of ['pkcs8', 'pkcs1'] as const) {
    const key = generateKeyPair({ format });
    const analysis = analyzePrivateKey(key.privateKeyPem);
    assert.equal(analysis.format, format);
    assert.equal(analysis.bits, 2048);
    assert.equal(analysis.encrypted, false);
  }
  assert.equal(analyzePrivateKey(generateKeyPair({ bits: 3072 }).privateKeyPem).bits, 3072);
});

test('reads a key pasted with literal \\n sequences, quotes and CRLF', () => {
  const key = generateKeyPair();
  const pasted = `"${key.privateKeyPem.trim().replace(/\n/g, '\\n')}"`;
  const analysis = analyzePrivateKey(pasted);
  assert.equal(analysis.bits, 2048);
  assert.equal(analyzePrivateKey(key.privateKeyPem.replace(/\n/g, '\r\n')).format, 'pkcs8');
  assert.equal(analysis.publicKeyFingerprint, analyzePrivateKey(key.privateKeyPem).publicKeyFingerprint);
});

test('encrypted keys: passphrase needed, wrong passphrase, right passphrase', () => {
  for (const format of ['encrypted-pkcs8', 'encrypted-pkcs1'] as const) {
    const key = generateKeyPair({ format, passphrase: 'correct horse' });
    rejectsWith(() => analyzePrivateKey(key.privateKeyPem, { label: 'private.key' }), 'passphrase-needed', /private\.key is encrypted: a passphrase is needed/);
    rejectsWith(() => analyzePrivateKey(key.privateKeyPem, { passphrase: 'battery staple' }), 'wrong-passphrase', /wrong passphrase/);
    const ok = analyzePrivateKey(key.privateKeyPem, { passphrase: 'correct horse' });
    assert.equal(ok.format, format);
    assert.equal(ok.encrypted, true);
    assert.equal(loadPrivateKey(key.privateKeyPem, 'correct horse').asymmetricKeyType, 'rsa');
  }
});

test('refuses RSA keys below 2048 bits, non-RSA keys and garbage, without quoting the key', () => {
  const small = generateKeyPair({ bits: 1024 });
  rejectsWith(() => analyzePrivateKey(small.privateKeyPem), 'key-too-small', /1024 bits; at least 2048/, bodyOf(small.privateKeyPem));
  const ec = generateKeyPair({ type: 'ec' });
  rejectsWith(() => analyzePrivateKey(ec.privateKeyPem), 'key-not-rsa', /EC key; Adobe IMS needs an RSA key/, bodyOf(ec.privateKeyPem));
  const sec1 = String(ec.privateKey.export({ type: 'sec1', format: 'pem' }));
  rejectsWith(() => analyzePrivateKey(sec1), 'key-not-rsa', /EC private key/, bodyOf(sec1));
  rejectsWith(() => analyzePrivateKey('hello'), 'key-invalid', /no PEM private key/);
  const broken = generateKeyPair().privateKeyPem.replace(/[A-Za-z]{20}/, 'AAAAAAAAAAAAAAAAAAAA');
  rejectsWith(() => analyzePrivateKey(broken), 'key-invalid', /could not be read/, bodyOf(broken));
});

test('certificate: PEM and DER, subject, SHA-256 fingerprint, validity dates', async () => {
  const key = generateKeyPair();
  const cert = await generateCertificate(key, { subject: 'CN=journey-ops, O=Example Corp' });
  const pem = analyzeCertificate(cert.pem);
  const der = analyzeCertificate(cert.der);
  assert.equal(pem.encoding, 'pem');
  assert.equal(der.encoding, 'der');
  assert.equal(pem.summary.subject, 'CN=journey-ops, O=Example Corp');
  const expected = createHash('sha256').update(cert.der).digest('hex').toUpperCase().match(/../g)!.join(':');
  assert.equal(pem.summary.fingerprint256, expected);
  assert.deepEqual(der.summary, pem.summary);
  assert.equal(pem.warning, undefined);
  assert.ok(certificateMatchesKey(pem, key.privateKey));
  assert.ok(!certificateMatchesKey(pem, generateKeyPair().privateKey));
  assert.equal(new X509Certificate(cert.pem).subject, 'CN=journey-ops\nO=Example Corp');
});

test('certificate: expired is refused with its date; expiring within 30 days warns with the date', async () => {
  const key = generateKeyPair();
  const now = Date.parse('2026-06-01T00:00:00Z');
  const clock = { now: () => now };
  const expired = await generateCertificate(key, { notBefore: new Date(now - 400 * DAY), notAfter: new Date('2026-05-20T12:00:00Z') });
  rejectsWith(() => analyzeCertificate(expired.pem, { clock }), 'certificate-expired', /expired on 2026-05-20/);
  const soon = await generateCertificate(key, { notBefore: new Date(now - 300 * DAY), notAfter: new Date('2026-06-15T12:00:00Z') });
  const analysis = analyzeCertificate(soon.pem, { clock });
  assert.match(analysis.warning ?? '', /expires on 2026-06-15 \(in 14 days\)/);
  assert.deepEqual(certificateStatus(analysis.summary, clock), { daysLeft: 14, state: 'expiring' });
  assert.equal(certificateStatus(analysis.summary, { now: () => now + 30 * DAY }).state, 'expired');
  const fine = await generateCertificate(key, { notBefore: new Date(now - DAY), notAfter: new Date(now + 90 * DAY) });
  assert.equal(analyzeCertificate(fine.pem, { clock }).warning, undefined);
});

test('certificate: garbage is refused', () => {
  rejectsWith(() => analyzeCertificate(Buffer.from('not a certificate')), 'certificate-invalid', /not an X\.509 certificate/);
  rejectsWith(() => analyzeCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'certificate-invalid', /not an X\.509/);
});
