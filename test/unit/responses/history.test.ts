import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExchange, type Exchange } from '../../../src/core/http/exchange';
import { filterHistory, HistoryStore, type HistoryFile } from '../../../src/core/http/history';
import { displayRequest } from '../../../src/core/http/runner';
import { registerSecret } from '../../../src/core/log/redact';

const enc = (s: string) => new TextEncoder().encode(s);

function memoryFile(initial?: string): HistoryFile & { text?: string; writes: number } {
  const file = {
    text: initial,
    writes: 0,
    read: async () => file.text,
    write: async (t: string) => {
      file.text = t;
      file.writes++;
    },
  };
  return file;
}

function exchange(i: number, body: Uint8Array = enc(`{"i":${i}}`), contentType = 'application/json'): Exchange {
  return buildExchange(
    {
      request: displayRequest('GET', `https://platform.adobe.io/item/${i}`, [['Authorization', 'Bearer abc.def.ghi'], ['Cookie', 'sid=s3cr3t-cookie-value']]),
      response: { status: i % 2 ? 404 : 200, statusText: '', headers: [['content-type', contentType], ['set-cookie', 'sid=n3w-cookie-value; Path=/']], body, url: `https://platform.adobe.io/item/${i}`, timings: { firstByteMs: 1, totalMs: 2 } },
    },
    { at: 1_700_000_000_000 + i },
  );
}

test('the history keeps the last 100 sends, newest first', async () => {
  const store = new HistoryStore(memoryFile());
  for (let i = 0; i < 105; i++) await store.record(exchange(i));
  const list = await store.list();
  assert.equal(list.length, 100);
  assert.equal(list[0]!.exchange.request.url, 'https://platform.adobe.io/item/104');
  assert.equal(list[99]!.exchange.request.url, 'https://platform.adobe.io/item/5');
});

test('stored entries carry no Authorization value, cookie value or known secret; bodies over 1 MB are not kept', async () => {
  const secret = 'p8e-history-client-secret-0123456789';
  registerSecret(secret);
  const file = memoryFile();
  const store = new HistoryStore(file);
  const hand: Exchange = exchange(1, enc(JSON.stringify({ echoed: secret })));
  hand.request.headers.push(['Authorization', 'Bearer raw-token-value-that-slipped']); // as if built by hand, unmasked
  await store.record(hand, 'file:///w/a.http');
  await store.record(exchange(2, enc(`"${'x'.repeat(1024 * 1024 + 10)}"`)));
  const text = file.text!;
  for (const leak of [secret, 'raw-token-value-that-slipped', 's3cr3t-cookie-value', 'n3w-cookie-value', 'abc.def.ghi']) assert.ok(!text.includes(leak), `no ${leak} on disk`);
  const [big, small] = await store.list();
  assert.equal(big!.bodyDropped, true);
  assert.equal(big!.exchange.response!.body.text, undefined);
  assert.equal(big!.exchange.response!.body.size, 1024 * 1024 + 12);
  assert.equal(small!.fileUri, 'file:///w/a.http');
  assert.ok(text.length < 10_000, 'the big body is not in the file');
});

test('a reloaded history has the same entries, binary bodies included; a corrupt file starts afresh', async () => {
  const file = memoryFile();
  const store = new HistoryStore(file);
  await store.record(exchange(1, new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'image/png'));
  const again = await new HistoryStore(memoryFile(file.text)).list();
  assert.deepEqual(Array.from(again[0]!.exchange.response!.body.bytes!), [0x89, 0x50, 0x4e, 0x47]);
  assert.deepEqual(await new HistoryStore(memoryFile('{not json')).list(), []);
  assert.deepEqual(await new HistoryStore(memoryFile('{"entries":[{"exchange":{"id":5}}]}')).list(), [], 'entries of the wrong shape are dropped');
});

test('clear empties the history on disk; filter matches every word in method, URL and status', async () => {
  const file = memoryFile();
  const store = new HistoryStore(file);
  for (let i = 0; i < 4; i++) await store.record(exchange(i));
  const list = await store.list();
  assert.deepEqual(filterHistory(list, 'item/3 404').map((e) => e.exchange.request.url), ['https://platform.adobe.io/item/3']);
  assert.equal(filterHistory(list, 'GET 200').length, 2);
  assert.equal(filterHistory(list, '  ').length, 4);
  await store.clear();
  assert.deepEqual(JSON.parse(file.text!).entries, []);
});

test('all kept bodies together stay under the total limit: the oldest lose theirs first', async () => {
  const store = new HistoryStore(memoryFile(), { maxEntries: 100, maxBodyBytes: 1000, maxTotalBodyBytes: 2500 });
  for (let i = 0; i < 4; i++) await store.record(exchange(i, enc(`"${'x'.repeat(898)}"`)));
  const kept = (await store.list()).map((e) => (e.bodyDropped ? 'dropped' : 'kept'));
  assert.deepEqual(kept, ['kept', 'kept', 'dropped', 'dropped']);
});

test('the file on disk matches the history after each send, bodies dropped on the way included', async () => {
  const file = memoryFile();
  const store = new HistoryStore(file, { maxEntries: 3, maxBodyBytes: 1000, maxTotalBodyBytes: 2500 });
  for (let i = 0; i < 5; i++) {
    await store.record(exchange(i, enc(`"${String(i).repeat(898)}"`)));
    const reloaded = await new HistoryStore(memoryFile(file.text)).list();
    assert.deepEqual(reloaded, await store.list(), `after send ${i}`);
  }
  const onDisk = JSON.parse(file.text!) as { version: number; entries: Array<{ bodyDropped?: boolean; exchange: { response: { body: { text?: string } } } }> };
  assert.equal(onDisk.version, 1);
  assert.deepEqual(onDisk.entries.map((e) => [e.bodyDropped ?? false, e.exchange.response.body.text !== undefined]), [[false, true], [false, true], [true, false]]);
});

test('sends close together share one write of the history file, which holds them all', async () => {
  const file = memoryFile();
  const store = new HistoryStore(file, undefined, 30);
  await Promise.all([store.record(exchange(1)), store.record(exchange(2)), store.record(exchange(3))]);
  assert.equal(file.writes, 1);
  assert.equal((await new HistoryStore(memoryFile(file.text)).list()).length, 3);
  await store.record(exchange(4));
  assert.equal(file.writes, 2);
});
