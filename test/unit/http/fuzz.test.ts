// Random and mutated `.http` files (seeded, so a failure reproduces): the parser must never throw and its ranges
// must be sane; resolution must fail only with ResolveError and never leave `{{` in a URL or header it returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile, parseHttpFileEagerly } from '../../../src/core/http/parser';
import { resolveRequest } from '../../../src/core/http/resolve';
import { ResolveError } from '../../../src/core/http/variables';
import type { HttpFile, Range } from '../../../src/core/http/parse-types';

/** mulberry32: a tiny seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '###', '### title', '  ###', '####', '#', '# comment', '// comment', '# @name req', '# @name', '#@name other', '# @note',
  '# @prompt password', '# @prompt', '# @timeout 5s', '# @timeout x', '# @timeout 1.5 m', '# @profile P', '# @profile',
  '# @no-auth', '# @sandbox', '# @unknown thing', '@host = example.com', '@a={{b}}', '@b = {{a}}', '@x', '@ = 1',
  '@esc = a\\nb\\t', 'GET https://{{host}}/x', 'post /path', 'https://example.com', 'GET', 'PUT {{', 'DELETE }}',
  'GET https://x.test/{{ }}', 'FOO bar', 'curl https://x', 'HTTP/1.1 200 OK', 'HTTP/2', 'GET https://x HTTP/1.1',
  '  ?a=1', '&b=2', '    /more', 'Content-Type: application/json', 'Content-Type: application/x-www-form-urlencoded',
  'Host: example.com', 'X-A: {{req.response.body.$.a}}', 'X-B: {{$guid}}', ': novalue', 'bad header', '{', '}',
  '"a": "{{host}}"', '< ./file.json', '<@ ./t.json', '<@latin1 f', '<tag>', '< ', '<@', '', '', '', ' ', '\t',
  '{{', '}}', '{{{{x}}}}', 'é€😀', '\u0000', '\r', 'GET https://x/{{$randomInt 1 2}}', '> {%', '%}', '>> out.json',
  '?? status == 200', '> a quote',
];

const CORPUS = [
  '# @profile Prod\n@journey = https://platform.adobe.io/journey\n\n### List\n# @name capping\nPOST {{journey}}/list\nContent-Type: application/json\n\n{}\n\n### Detail\nGET {{journey}}/x/{{capping.response.body.$.results[0].uid}}\n',
  'GET https://example.com/comments\n    ?page=2\n    &pageSize=10\nAccept: */*\n\n###\nPOST https://x/login\nContent-Type: application/x-www-form-urlencoded\n\nname=foo\n&password=bar\n',
  '# @name upload\nPOST https://x/upload\nContent-Type: multipart/form-data; boundary=B\n\n--B\nContent-Disposition: form-data; name="f"\n\n< ./a.png\n--B--\n',
];

function randomFile(rand: () => number): string {
  const lines: string[] = [];
  const n = Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) lines.push(FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)]);
  const eol = ['\n', '\r\n', '\r'][Math.floor(rand() * 3)];
  return lines.join(eol);
}

function mutate(text: string, rand: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const kind = Math.floor(rand() * 5);
    if (kind === 0) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 5));
    else if (kind === 1) out = out.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + out.slice(at);
    else if (kind === 2) out = out.slice(0, at) + FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)] + out.slice(at);
    else if (kind === 3) out = out.slice(0, at) + '\n' + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + 20) + out.slice(at);
  }
  return out;
}

function checkRanges(text: string, file: HttpFile): void {
  const lines = text.split(/\r\n|\r|\n/);
  assert.equal(file.lineCount, lines.length);
  const inDoc = (r: Range, what: string): void => {
    const { start, end } = r;
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${what}: start after end`);
    for (const p of [start, end]) {
      assert.ok(p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} outside the document`);
      assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${what}: character ${p.character} outside line ${p.line}`);
    }
  };
  const within = (inner: Range, outer: Range, what: string): void => {
    inDoc(inner, what);
    assert.ok(inner.start.line >= outer.start.line && inner.end.line <= outer.end.line, `${what}: outside its block`);
  };
  file.blocks.forEach((b, i) => {
    assert.equal(b.index, i);
    inDoc(b.range, `block ${i}`);
    if (i > 0) assert.ok(file.blocks[i - 1].range.end.line < b.range.start.line, `block ${i} overlaps the one before`);
    within(b.request.range, b.range, `block ${i} request line`);
    within(b.request.urlRange, b.request.range, `block ${i} url`);
    if (b.request.methodRange) within(b.request.methodRange, b.request.range, `block ${i} method`);
    for (const h of b.headers) within(h.range, b.range, `block ${i} header`);
    for (const d of b.directives) within(d.range, b.range, `block ${i} directive`);
    if (b.body) {
      within(b.body.range, b.range, `block ${i} body`);
      for (const l of b.body.lines) {
        assert.ok(l.line >= b.body.range.start.line && l.line <= b.body.range.end.line, `block ${i} body line ${l.line}`);
      }
    }
  });
  for (const p of file.problems) {
    inDoc(p.range, `problem ${p.code}`);
    if (p.blockIndex !== undefined) within(p.range, file.blocks[p.blockIndex].range, `problem ${p.code}`);
  }
  for (const r of file.references) {
    inDoc(r.range, 'reference');
    const line = lines[r.range.start.line];
    const raw = line.slice(r.range.start.character, r.range.end.character);
    assert.ok(raw.startsWith('{{') && raw.endsWith('}}') && raw.slice(2, -2).trim() === r.expression, `reference ${raw}`);
  }
  for (const v of file.variables) inDoc(v.range, 'variable');
}

test('fuzz: random and mutated files never throw and give sane, ordered, non-overlapping ranges', () => {
  const rand = prng(0x5eed);
  for (let i = 0; i < 3000; i++) {
    const text = i % 2 === 0 ? randomFile(rand) : mutate(CORPUS[i % CORPUS.length], rand);
    let file: HttpFile;
    try {
      file = parseHttpFile(text);
      checkRanges(text, file);
    } catch (e) {
      assert.fail(`case ${i} ${JSON.stringify(text)}: ${(e as Error).message}`);
    }
  }
});

/** What a block says, in plain data (details included). */
function summary(file: HttpFile, index: number): unknown {
  const b = file.blocks[index];
  return {
    title: b.title, name: b.name, method: b.request.method, url: b.request.url, options: { ...b.options },
    directives: b.directives.map((d) => [d.key, d.value]), prompts: b.prompts.map((p) => [p.name, p.secret]),
    headers: b.headers.map((h) => [h.name, h.value]),
    body: b.body?.lines.map((l) => (l.kind === 'text' ? l.text : `<${l.substitute ? '@' : ''} ${l.path}`)),
  };
}

test('fuzz: lazily read block details equal an eager parse, and a block parsed alone says the same', () => {
  const rand = prng(0xc0ffee);
  for (let i = 0; i < 1000; i++) {
    const text = (i % 2 === 0 ? randomFile(rand) : mutate(CORPUS[i % CORPUS.length], rand)).replace(/\r\n?/g, '\n');
    const file = parseHttpFile(text);
    const eager = parseHttpFileEagerly(text);
    assert.equal(eager.blocks.length, file.blocks.length);
    assert.deepEqual(JSON.parse(JSON.stringify(eager)), JSON.parse(JSON.stringify(file)), `case ${i} ${JSON.stringify(text)}`);
    const lines = text.split('\n');
    for (const b of file.blocks) {
      const alone = parseHttpFile(lines.slice(b.range.start.line, b.range.end.line + 1).join('\n'));
      const at = alone.blocks.findIndex((x) => x.request.url === b.request.url);
      assert.ok(at >= 0, `case ${i}: block ${b.index} not found alone`);
      assert.deepEqual(summary(alone, at), summary(file, b.index), `case ${i} ${JSON.stringify(text)}`);
    }
  }
});

test('fuzz: the requests a parse lists first are the ones its details read: every block, unchanged, the same object', () => {
  const rand = prng(0x5eed11);
  for (let i = 0; i < 1500; i++) {
    const text = i % 2 === 0 ? randomFile(rand) : mutate(CORPUS[i % CORPUS.length], rand);
    const file = parseHttpFile(text);
    // Read before anything reads the file's problems, variable uses or variables (which reads them all).
    const listed = [...file.blocks];
    const shown = JSON.stringify({ blocks: listed, fileProfile: file.fileProfile, filePacing: file.filePacing, lineCount: file.lineCount });
    const where = `case ${i} ${JSON.stringify(text)}`;
    void file.problems;
    assert.equal(file.blocks.length, listed.length, where);
    file.blocks.forEach((b, k) => assert.ok(b === listed[k], `${where}: block ${k} was read differently`));
    const eager = parseHttpFileEagerly(text);
    assert.deepEqual(JSON.parse(shown), JSON.parse(JSON.stringify({ blocks: eager.blocks, fileProfile: eager.fileProfile, filePacing: eager.filePacing, lineCount: eager.lineCount })), where);
  }
});

test('fuzz: resolution fails only with ResolveError and never returns {{ in a URL or header', async () => {
  const rand = prng(0xb0d1e5);
  const environment = { name: 'dev', variables: { host: 'example.com', a: 'A', b: 'B', password: 'pw' }, shared: {} };
  const readFile = async (): Promise<Uint8Array> => new TextEncoder().encode('{"t": "{{host}}"}');
  for (let i = 0; i < 600; i++) {
    const text = i % 2 === 0 ? randomFile(rand) : mutate(CORPUS[i % CORPUS.length], rand);
    const file = parseHttpFile(text);
    for (const block of file.blocks) {
      try {
        const request = await resolveRequest(file, block.index, { environment, readFile, prompt: async () => 'typed' });
        assert.ok(!request.url.includes('{{'), `case ${i}: braces in URL ${request.url}`);
        for (const [n, v] of request.headers) assert.ok(!n.includes('{{') && !v.includes('{{'), `case ${i}: braces in header ${n}: ${v}`);
      } catch (e) {
        if (!(e instanceof ResolveError)) assert.fail(`case ${i} ${JSON.stringify(text)}: ${String(e)}`);
      }
    }
  }
});
