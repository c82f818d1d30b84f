import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followPages, linkNext, type PageAnswer } from '../../../src/core/traffic/paging';

const json = (body: unknown, headers: PageAnswer['headers'] = {}): PageAnswer => ({ status: 200, headers, json: body });

test('Campaign: next.href is followed exactly as given until a page has none', async () => {
  const sent: string[] = [];
  const hrefs = [
    'https://mc.adobe.io/acme/campaign/profileAndServices/profile?_lineCount=25&_lineStart=@Qy2MRJCS67PFf8soTf4BzF7BXsq1Gbkp_e5lLj1TbE7HJKqc',
    'https://mc.adobe.io/acme/campaign/profileAndServices/profile?_lineCount=25&_lineStart=@second%2Fpage',
  ];
  const result = await followPages('https://mc.adobe.io/acme/campaign/profileAndServices/profile', async (url, i) => {
    sent.push(url);
    return json({ content: [{ n: i }], next: i < 2 ? { href: hrefs[i] } : undefined });
  });
  assert.deepEqual(sent.slice(1), hrefs);
  assert.deepEqual(result.pages.map((p) => (p.response.json as { content: Array<{ n: number }> }).content[0]!.n), [0, 1, 2]);
  assert.equal(result.stop, 'last-page');
  assert.equal(result.style, 'next-href');
});

test('CJA: page goes up by one until lastPage, other query parameters kept', async () => {
  const sent: string[] = [];
  const result = await followPages('https://cja.adobe.io/data/dataviews?limit=10&page=0&expansion=name', async (url) => {
    sent.push(url);
    const page = Number(new URL(url).searchParams.get('page'));
    return json({ content: [page], number: page, totalPages: 3, lastPage: page === 2 });
  });
  assert.equal(result.pages.length, 3);
  assert.equal(result.style, 'page-number');
  assert.deepEqual(sent.map((u) => new URL(u).searchParams.get('page')), ['0', '1', '2']);
  assert.ok(sent.every((u) => new URL(u).searchParams.get('limit') === '10' && new URL(u).searchParams.get('expansion') === 'name'));
});

test('CJA: totalPages alone ends the run too, and a first URL without page starts at 0', async () => {
  const result = await followPages('https://cja.adobe.io/data/dataviews?limit=2', async (url) => {
    const page = Number(new URL(url).searchParams.get('page') ?? 0);
    return json({ content: [page], totalPages: 2 });
  });
  assert.deepEqual(result.pages.map((p) => p.url), ['https://cja.adobe.io/data/dataviews?limit=2', 'https://cja.adobe.io/data/dataviews?limit=2&page=1']);
});

test('Link header: rel=next is followed, relative targets resolved against the page', async () => {
  const result = await followPages('https://api.example.org/items', async (_url, i) =>
    json([i], i < 3 ? { Link: `<https://api.example.org/items?p=1>; rel="prev", </items?p=${i + 1}>; rel="next"` } : {}));
  assert.deepEqual(result.pages.map((p) => p.url), [
    'https://api.example.org/items',
    'https://api.example.org/items?p=1',
    'https://api.example.org/items?p=2',
    'https://api.example.org/items?p=3',
  ]);
  assert.equal(result.style, 'link-header');
  assert.equal(linkNext({ link: ['<a>; rel="last"', '<b>; rel="next last"'] }, 'https://x.org/'), 'https://x.org/b');
});

test('paging stops at max pages, at an error status, and at a next link that loops', async () => {
  let n = 0;
  const endless = await followPages('https://x.org/p0', async () => json({ next: { href: `https://x.org/p${++n}` } }), { maxPages: 4 });
  assert.equal(endless.pages.length, 4);
  assert.equal(endless.stop, 'max-pages');

  const failing = await followPages('https://x.org/a', async (url) =>
    url.endsWith('/a') ? json({ next: { href: 'https://x.org/b' } }) : { status: 500, headers: {}, json: { code: 500, message: 'Oops. Something went wrong.' } });
  assert.equal(failing.pages.length, 2);
  assert.equal(failing.stop, 'error-status');

  const loop = await followPages('https://x.org/a', async () => json({ next: { href: 'https://x.org/a' } }));
  assert.equal(loop.pages.length, 1);
  assert.equal(loop.stop, 'repeated-url');
});

test('an answer without paging is a single page', async () => {
  const result = await followPages('https://x.org/', async () => json({ ok: true }));
  assert.equal(result.pages.length, 1);
  assert.equal(result.stop, 'last-page');
  assert.equal(result.style, undefined);
});
