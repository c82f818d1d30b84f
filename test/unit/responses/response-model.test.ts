import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExchange } from '../../../src/core/http/exchange';
import { displayRequest } from '../../../src/core/http/runner';
import { formatExpiry, toResponseModel } from '../../../src/vscode/responses/response-model';
import { parseFromWebview, parseToWebview } from '../../../src/webview/protocol';

const enc = (s: string) => new TextEncoder().encode(s);

function exchangeWith(body: Uint8Array, contentType: string) {
  return buildExchange(
    {
      request: displayRequest('GET', 'https://platform.adobe.io/x', [['Authorization', 'Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl']]),
      response: { status: 200, statusText: 'OK', headers: [['content-type', contentType]], body, url: 'https://platform.adobe.io/x', timings: { firstByteMs: 3, totalMs: 4 } },
    },
    { auth: { profileId: 'p1', expiresAt: new Date(2026, 11, 1, 14, 32).getTime() } },
  );
}

test('the request as sent shows the token as dots with its expiry, never the token', () => {
  const now = new Date(2026, 11, 1, 9, 0).getTime();
  const model = toResponseModel(exchangeWith(enc('{}'), 'application/json'), { canResend: false, now });
  assert.deepEqual(model.request.headers[0], ['Authorization', 'Bearer •••• (expires 14:32)']);
  assert.equal(formatExpiry(new Date(2026, 11, 2, 8, 5).getTime(), now), '2026-12-02 08:05');
  assert.ok(parseToWebview({ type: 'show', model }), 'the model passes the webview\'s own check');
});

test('bodies over the render limit are summarised; images go as base64; binary as a hex summary', () => {
  const big = toResponseModel(exchangeWith(enc(`[${'1,'.repeat(100)}1]`), 'application/json'), { canResend: true, renderLimit: 100 });
  assert.deepEqual(big.response!.body, { kind: 'too-large', size: 203, mime: 'application/json' });
  const png = toResponseModel(exchangeWith(new Uint8Array([0x89, 0x50]), 'image/png'), { canResend: true });
  assert.deepEqual(png.response!.body, { kind: 'image', mime: 'image/png', base64: 'iVA=' });
  const bin = toResponseModel(exchangeWith(new Uint8Array([1, 2, 3]), 'application/octet-stream'), { canResend: true });
  assert.equal(bin.response!.body.kind, 'binary');
  const dropped = toResponseModel(exchangeWith(enc('{}'), 'application/json'), { canResend: true, bodyKept: false });
  assert.deepEqual(dropped.response!.body, { kind: 'not-kept', size: 2 });
});

test('messages of the wrong shape are refused on both sides', () => {
  const model = toResponseModel(exchangeWith(enc('{}'), 'application/json'), { canResend: false });
  assert.equal(parseToWebview({ type: 'show', model: { ...model, exchangeId: 5 } }), undefined);
  assert.equal(parseToWebview({ type: 'show', model: { ...model, response: { ...model.response, body: { kind: 'image', mime: 'text/html', base64: 'AA==' } } } }), undefined, 'an image must be an image/* type');
  assert.equal(parseToWebview({ type: 'show', model: { ...model, response: { ...model.response, headers: [['a']] } } }), undefined);
  assert.equal(parseToWebview('show'), undefined);
  assert.deepEqual(parseFromWebview({ type: 'action', action: 'copyBody', exchangeId: 'abc' }), { type: 'action', action: 'copyBody', exchangeId: 'abc' });
  assert.equal(parseFromWebview({ type: 'action', action: 'runShell', exchangeId: 'abc' }), undefined);
  assert.equal(parseFromWebview({ type: 'action', action: 'copyBody', exchangeId: 'x'.repeat(65) }), undefined);
  assert.equal(parseFromWebview({ type: 'rendered', exchangeId: 'a', bodyKind: 'exe' }), undefined);
  assert.deepEqual(parseFromWebview({ type: 'rendered', exchangeId: 'a', bodyKind: 'json', status: 200 }), { type: 'rendered', exchangeId: 'a', bodyKind: 'json', status: 200 });
  assert.equal(parseFromWebview(null), undefined);
});
