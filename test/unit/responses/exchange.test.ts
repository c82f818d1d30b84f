import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyFileName, buildExchange, classifyBody, curlFor, hexSummary, maskHeader } from '../../../src/core/http/exchange';
import { displayRequest } from '../../../src/core/http/runner';
import type { RequestResult } from '../../../src/core/http/types';

const enc = (s: string) => new TextEncoder().encode(s);
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZWNoQGFkb2JlIiwiZXhwIjoxfQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

function result(body: string | Uint8Array, contentType?: string, extra: Partial<RequestResult> = {}): RequestResult {
  return {
    request: displayRequest('GET', 'https://platform.adobe.io/x', [['Authorization', `Bearer ${TOKEN}`], ['x-api-key', 'client-id']]),
    response: {
      status: 200,
      statusText: 'OK',
      headers: contentType ? [['content-type', contentType]] : [],
      body: typeof body === 'string' ? enc(body) : body,
      url: 'https://platform.adobe.io/x',
      timings: { firstByteMs: 5, totalMs: 9 },
    },
    ...extra,
  };
}

test('bodies are classified by content type, and by their bytes without one', () => {
  assert.equal(classifyBody('application/json; charset=utf-8', enc('{}')), 'json');
  assert.equal(classifyBody('application/problem+json', enc('{}')), 'json');
  assert.equal(classifyBody('text/html', enc('<p>')), 'html');
  assert.equal(classifyBody('application/soap+xml', enc('<a/>')), 'xml');
  assert.equal(classifyBody('image/svg+xml', enc('<svg/>')), 'xml', 'SVG is shown as text, never as an image');
  assert.equal(classifyBody('image/png', new Uint8Array([0x89, 0x50])), 'image');
  assert.equal(classifyBody('text/csv', enc('a,b')), 'text');
  assert.equal(classifyBody('application/pdf', enc('%PDF-1.7')), 'binary');
  assert.equal(classifyBody(undefined, enc('[1,2]')), 'json');
  assert.equal(classifyBody(undefined, enc('plain words')), 'text');
  assert.equal(classifyBody(undefined, new Uint8Array([0, 1, 2, 0xff])), 'binary');
  assert.equal(classifyBody('application/json', new Uint8Array()), 'empty');
});

test('the exchange masks the token in the request and a token an API echoes in its body', () => {
  const ex = buildExchange(result(JSON.stringify({ headers: { authorization: `Bearer ${TOKEN}` }, access_token: TOKEN, note: 'ok' }), 'application/json'));
  const text = JSON.stringify(ex);
  assert.ok(!text.includes(TOKEN.split('.')[2]!), 'no part of the token survives');
  assert.deepEqual(ex.request.headers[0], ['Authorization', 'Bearer ***']);
  assert.deepEqual(ex.request.headers[1], ['x-api-key', 'client-id'], 'the public client id stays readable');
  assert.match(ex.response!.body.text!, /"note":"ok"/);
  assert.equal(ex.response!.body.kind, 'json');
});

test('response cookies keep their names, lose their values; secret-named headers are masked', () => {
  assert.deepEqual(maskHeader('Set-Cookie', 'sid=abc123; Path=/; HttpOnly'), ['Set-Cookie', 'sid=***; Path=/; HttpOnly']);
  assert.deepEqual(maskHeader('Cookie', 'a=1; b=2'), ['Cookie', 'a=***; b=***']);
  assert.deepEqual(maskHeader('x-client-secret', 'p8e-xyz'), ['x-client-secret', '***']);
  assert.deepEqual(maskHeader('content-type', 'text/plain'), ['content-type', 'text/plain']);
});

test('binary bodies keep their bytes and summarise as hex; errors are carried with their kind', () => {
  const bytes = new Uint8Array(600).map((_, i) => i % 256);
  const ex = buildExchange(result(bytes, 'application/octet-stream'));
  assert.equal(ex.response!.body.kind, 'binary');
  assert.equal(ex.response!.body.bytes!.byteLength, 600);
  const hex = hexSummary(bytes);
  assert.match(hex, /^00000000 {2}00 01 02 03/);
  assert.match(hex, /… 88 more bytes$/);
  const failed = buildExchange({ request: displayRequest('GET', 'http://127.0.0.1:1/', []), error: { kind: 'timeout', message: 'No complete response within 1 s.' } });
  assert.deepEqual(failed.error, { kind: 'timeout', message: 'No complete response within 1 s.' });
  assert.equal(failed.response, undefined);
});

test('a saved body is named from Content-Disposition (path parts dropped), else from its type', () => {
  assert.equal(bodyFileName([['Content-Disposition', 'attachment; filename="../../etc/report.csv"']], { kind: 'text', mime: 'text/csv' }), 'report.csv');
  assert.equal(bodyFileName([['content-disposition', "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"]], { kind: 'binary', mime: 'application/pdf' }), 'résumé.pdf');
  assert.equal(bodyFileName([], { kind: 'json', mime: 'application/json' }), 'response.json');
  assert.equal(bodyFileName([], { kind: 'image', mime: 'image/png' }), 'response.png');
  assert.equal(bodyFileName([['content-disposition', 'attachment; filename=".."']], { kind: 'binary', mime: '' }), 'response.bin');
});

test('copy as cURL keeps the token masked unless one is handed over', () => {
  const ex = buildExchange(result('{}', 'application/json'));
  const masked = curlFor(ex.request);
  assert.match(masked, /-H 'Authorization: Bearer \*\*\*'/);
  assert.ok(!masked.includes(TOKEN));
  assert.match(curlFor(ex.request, 'the-live-token'), /-H 'Authorization: Bearer the-live-token'/);
  const post = buildExchange({ request: displayRequest('POST', 'https://x.test/', [], "it's"), error: { kind: 'network', message: 'x' } });
  assert.match(curlFor(post.request), /--data-raw 'it'\\''s'/);
});

test('a body too big to show is redacted when first read, not when it arrives', async () => {
  const { bodyText, EAGER_REDACT_BYTES } = await import('../../../src/core/http/exchange');
  const big = `{"access_token":"${TOKEN}","pad":"${'x'.repeat(EAGER_REDACT_BYTES)}"}`;
  const ex = buildExchange(result(big, 'application/json'));
  const body = ex.response!.body;
  assert.equal(body.unredacted, true);
  assert.ok(!bodyText(body)!.includes(TOKEN));
  assert.equal(body.unredacted, undefined);
});
