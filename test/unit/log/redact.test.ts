import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redact, redactUrl } from '../../../src/core/log/redact';

function assertHidden(text: string, ...secrets: string[]): string {
  const out = redact(text);
  for (const secret of secrets) assert.ok(!out.includes(secret), `${JSON.stringify(secret)} leaked in ${JSON.stringify(out)}`);
  return out;
}

test('redact masks every value of a client_secrets array', () => {
  const out = assertHidden('{"client_secrets":["p8e-Aaaa","p8e-Bbbb"],"client_id":"abc"}', 'p8e-Aaaa', 'p8e-Bbbb');
  assert.match(out, /"client_id":"abc"/);
});

test('redact masks bearer tokens whatever their case and characters', () => {
  assertHidden('authorization failed for bearer xyz', 'xyz');
  assertHidden('sent Bearer abc%2Fdef%3D', 'abc', 'def');
  assertHidden('sent Bearer a1,b2', 'a1', 'b2');
});

test('redact masks an Authorization value written as JSON', () => {
  const out = assertHidden('{"Authorization":"Basic dXNlcjpwYXNz","x-api-key":"my-client-id"}', 'dXNlcjpwYXNz');
  assert.match(out, /"x-api-key":"my-client-id"/);
});

test('redact masks secrets in escaped JSON, multipart, percent-encoded and camelCase keys', () => {
  assertHidden('body: {\\"client_secret\\":\\"p8e-escaped\\"}', 'p8e-escaped');
  assertHidden('--b\r\nContent-Disposition: form-data; name="client_secret"\r\n\r\np8e-multipart\r\n--b--', 'p8e-multipart');
  assertHidden('grant_type=client_credentials&client%5Fsecret=p8e-encoded&scope=x', 'p8e-encoded');
  assertHidden('{"clientSecret":"p8e-camel","privateKey":"key-value","accessToken":"tok-value"}', 'p8e-camel', 'key-value', 'tok-value');
  assertHidden('{"passphrase": "correct horse battery staple"}', 'correct', 'horse', 'staple');
});

test('redact keeps the API key (client id) readable', () => {
  assert.equal(redact('x-api-key: 0123abcd-client-id'), 'x-api-key: 0123abcd-client-id');
});

test('redact leaves ordinary log lines and secret-free URLs unchanged', () => {
  const lines = [
    'POST https://ims-na1.adobelogin.com/ims/token/v3 -> 200 OK in 120 ms',
    'GET https://platform.adobe.io/data/foundation/catalog/dataSets?limit=10&orderBy=created -> 200',
    'Send a bearer token in the Authorization header; the client secret is read from the keychain.',
    'Not sent: unresolved variable {{$aio.accessToken}} (the credential profile has no value for it).',
  ];
  for (const line of lines) assert.equal(redact(line), line);
});

test('redactUrl masks the password of user:password@, in URLs and in templates', () => {
  assert.equal(redactUrl('https://user:pa55word@api.test/x?limit=1'), 'https://user:***@api.test/x?limit=1');
  assert.equal(redactUrl('https://user:pa55word@{{host}}/x'), 'https://user:***@{{host}}/x');
  assert.equal(redactUrl('https://api.test/x?limit=1'), 'https://api.test/x?limit=1');
});
