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

test('timings and redirect hops reach the view, with the secrets in redirect URLs masked', () => {
  const exchange = buildExchange({
    request: displayRequest('GET', 'https://example.test/start', []),
    response: {
      status: 200, statusText: 'OK', headers: [], body: enc(''), url: 'https://example.test/end',
      timings: { firstByteMs: 30, totalMs: 31, connection: { connection: 'new', dnsMs: 1, connectMs: 2, tlsMs: 3 } },
      redirects: [
        { method: 'GET', url: 'https://example.test/start', status: 302, location: 'https://user:hunter2@example.test/login?x=1', ms: 10, connection: { connection: 'new', connectMs: 2 } },
        { method: 'GET', url: 'https://user:hunter2@example.test/login?x=1', status: 302, location: '/end', ms: 5, connection: { connection: 'reused' } },
        { method: 'GET', url: 'https://example.test/end', status: 200, ms: 4, connection: { connection: 'reused' } },
      ],
    },
  });
  const model = toResponseModel(exchange, { canResend: false });
  assert.deepEqual(model.response!.timings, { firstByteMs: 30, totalMs: 31, connection: { connection: 'new', dnsMs: 1, connectMs: 2, tlsMs: 3 } });
  const hops = model.response!.redirects!;
  assert.deepEqual(hops.map((h) => [h.status, h.method, h.connection?.connection]), [[302, 'GET', 'new'], [302, 'GET', 'reused'], [200, 'GET', 'reused']]);
  assert.ok(!JSON.stringify(hops).includes('hunter2'), 'a password in a redirect URL is masked');
  assert.ok(parseToWebview({ type: 'show', model }), 'the model passes the webview\'s own check');
  // The webview refuses hops and timings of the wrong shape.
  const bad = (response: object) => parseToWebview({ type: 'show', model: { ...model, response: { ...model.response, ...response } } });
  assert.equal(bad({ redirects: [{ ...hops[0], status: '302' }] }), undefined);
  assert.equal(bad({ redirects: 'x' }), undefined);
  assert.equal(bad({ timings: { firstByteMs: 1, totalMs: 2, connection: { connection: 'maybe' } } }), undefined);
  assert.equal(bad({ timings: { firstByteMs: 1, totalMs: 2, connection: { connection: 'new', tlsMs: 'fast' } } }), undefined);
});

test('a hand-edited history entry with malformed hops or connection facts still shows, without them', () => {
  const exchange = exchangeWith(enc('{}'), 'application/json');
  const rs = exchange.response as unknown as Record<string, unknown>;
  rs.redirects = [{ method: 'GET', url: 5 }, 'junk'];
  rs.timings = { firstByteMs: 3, totalMs: 4, connection: { connection: 'sideways' } };
  const model = toResponseModel(exchange, { canResend: false });
  assert.equal(model.response!.redirects, undefined);
  assert.deepEqual(model.response!.timings, { firstByteMs: 3, totalMs: 4 });
  assert.ok(parseToWebview({ type: 'show', model }));
});
