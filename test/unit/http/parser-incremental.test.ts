// The incremental re-parse must be indistinguishable from a whole parse: random edits (characters, lines, `###`,
// `@var =` lines, names, bodies) applied one after another to the corpus, each re-parsed from the previous result
// and compared with parseHttpFile of the same text, parsed file and diagnostics alike. Seeded, so a failure replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detailsRead, parseHttpFile, readDetails } from '../../../src/core/http/parser';
import { reparseHttpFile } from '../../../src/core/http/parser-incremental';
import { languageProblems } from '../../../src/core/http/language/diagnostics';
import type { LanguageContext } from '../../../src/core/http/language/context';
import type { HttpFile } from '../../../src/core/http/parse-types';
import { AuthHostList } from '../../../src/core/net/auth-hosts';

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

const CORPUS_DIR = join(__dirname, 'corpus');
const FILES = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.http')).sort().map((f) => readFileSync(join(CORPUS_DIR, f), 'utf8'));
/** The corpus twice, so every `# @name` has a duplicate whose warning an edit to the first can move. */
const CORPUS = ['# @profile Prod\n# @rate 10/s\n@base = https://platform.adobe.io\n', ...FILES, ...FILES].join('\n###\n');

/** Pieces an edit inserts: separators, variables and names (which reach across sections), request parts, bodies. */
const PIECES = [
  '#', '###', '### t', '\n###\n', '\n### x\n', '  ###', '@', '@v = 1\n', '@base = https://example.com\n', '@host = {{base}}\n', '@ = \n',
  '# @name one\n', '# @name two\n', '# @name ', '# @profile Other\n', '# @no-auth\n', '# @timeout 3\n', '# @rate 5/s\n', '# @bogus\n',
  '# @prompt token\n', 'GET {{base}}/x\n', 'POST https://platform.adobe.io/y HTTP/1.1\n', 'GET ', '    ?a=1\n', '&b=2\n',
  'Content-Type: application/json\n', 'Authorization: Bearer {{$aio.accessToken}}\n', 'X: {{one.response.body.$.id}}\n',
  '{{', '}}', '{{v}}', '{{host}}', '{{missing}}', '\n', '\n\n', '{\n  "a": "{{v}}"\n}\n', '< ./f.json\n', '?? status == 200\n',
  '> {% x %}\n', 'curl https://x\n', 'HTTP/1.1 200 OK\n', ':', ' ', 'x', 'é',
];

function ctx(fileUri: string): LanguageContext {
  return {
    fileUri,
    profiles: [{ name: 'Prod', sandbox: 'prod', orgId: 'ORG@AdobeOrg', clientId: 'c', imsHost: 'https://ims' }],
    activeProfile: undefined,
    authHosts: new AuthHostList(),
    now: 0,
    environments: { sets: { dev: { host: 'https://dev.example.com' } } },
  };
}

/** The public shape of a parse (blocks' lazy details read out), as JSON would carry it. */
function shape(file: HttpFile): unknown {
  return JSON.parse(JSON.stringify(file));
}

function edit(text: string, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  const kind = rand();
  if (kind < 0.25) return text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
  if (kind < 0.35) {
    // A whole line (or several) removed.
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    let lineEnd = text.indexOf('\n', at);
    for (let n = Math.floor(rand() * 3); n > 0 && lineEnd >= 0; n--) lineEnd = text.indexOf('\n', lineEnd + 1);
    return text.slice(0, lineStart) + (lineEnd < 0 ? '' : text.slice(lineEnd + 1));
  }
  if (kind < 0.45) {
    // A piece at the start of a line, where separators and directives mean something.
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    return text.slice(0, lineStart) + PIECES[Math.floor(rand() * PIECES.length)] + text.slice(lineStart);
  }
  if (kind < 0.5) return text.slice(0, at) + text.slice(at, at + 40) + text.slice(at);
  if (kind < 0.52) return text.slice(0, at) + '\r\n' + text.slice(at);
  return text.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)] + text.slice(at);
}

test('incremental re-parse: after each of many random edits it equals a whole parse (file and diagnostics)', () => {
  // Two documents, so the incremental side's diagnostics reuse what they computed for the previous version.
  const c = ctx('file:///ws/incremental.http');
  const wholeCtx = ctx('file:///ws/whole.http');
  for (let seed = 1; seed <= 4; seed++) {
    const rand = prng(seed);
    let text = CORPUS;
    let file = parseHttpFile(text);
    for (let step = 0; step < 150; step++) {
      let next = edit(text, rand);
      // CRs make every re-parse a whole parse; keep them rare so the incremental path is what is tested.
      if (next.includes('\r') && rand() < 0.9) next = next.replace(/\r/g, '');
      const incremental = reparseHttpFile(file, next);
      const full = parseHttpFile(next);
      const where = `seed ${seed}, step ${step}`;
      assert.deepStrictEqual(shape(incremental), shape(full), where);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(languageProblems(incremental, c))), JSON.parse(JSON.stringify(languageProblems(full, wholeCtx))), where);
      text = next;
      file = incremental;
      // Now and then the text shrinks back, so edits keep landing on both small and large files.
      if (text.length > 2 * CORPUS.length) {
        text = CORPUS;
        file = reparseHttpFile(file, text);
        assert.deepStrictEqual(shape(file), shape(parseHttpFile(text)), `${where}, reset`);
      }
    }
  }
});

test('an edit before a just-opened file\'s details are read lists the new version afresh and leaves the old one unread', () => {
  const text = '### a\nGET https://x.example.com/a\n\n### b\nGET https://x.example.com/{{v}}\n';
  const file = parseHttpFile(text);
  const typed = reparseHttpFile(file, text.replace('/a\n', '/ab\n'));
  assert.equal(detailsRead(file), false);
  assert.equal(detailsRead(typed), false);
  assert.equal(typed.blocks[0].request.url, 'https://x.example.com/ab');
  assert.deepEqual(typed.references.map((r) => r.expression), ['v']);
  // Its details read, the next edit is incremental again: the untouched request is the same object.
  const again = reparseHttpFile(typed, text.replace('/a\n', '/abc\n'));
  assert.equal(again.blocks[1], typed.blocks[1]);
});

test('incremental re-parse: typing in one request reuses the other requests\' objects; a new line moves the ones below', () => {
  const text = '### a\nGET https://x.example.com/a\n\n### b\n# @name b\nGET https://x.example.com/{{v}}\n\n### c\nGET https://x.example.com/c\n';
  const file = parseHttpFile(text);
  // As the editor's diagnostics do after a file is opened.
  readDetails(file);
  const typed = reparseHttpFile(file, text.replace('/a\n', '/ab\n'));
  assert.equal(typed.blocks[0].request.url, 'https://x.example.com/ab');
  assert.equal(typed.blocks[1], file.blocks[1]);
  assert.equal(typed.blocks[2], file.blocks[2]);
  const newline = reparseHttpFile(typed, text.replace('/a\n', '/a\nAccept: */*\n'));
  assert.equal(newline.blocks[1].range.start.line, 4);
  assert.equal(newline.references[0].range.start.line, 6);
  // The earlier result is left as it was: a send that holds it still sees its own lines.
  assert.equal(typed.blocks[1].range.start.line, 3);
});

test('incremental re-parse: a new `# @name` above another request with that name moves the duplicate warning to the later one', () => {
  const text = '### a\nGET https://x.example.com/a\n\n### b\n# @name same\nGET https://x.example.com/b\n\n### c\n# @name same\nGET https://x.example.com/c\n';
  const file = parseHttpFile(text);
  assert.deepEqual(file.problems.map((p) => [p.code, p.blockIndex]), [['duplicate-name', 2]]);
  const named = reparseHttpFile(file, text.replace('### a\n', '### a\n# @name same\n'));
  assert.deepEqual(named.problems.map((p) => [p.code, p.blockIndex]), [['duplicate-name', 1], ['duplicate-name', 2]]);
  const renamed = reparseHttpFile(named, text.replace('### a\n', '### a\n# @name other\n').replace('# @name same\nGET https://x.example.com/b', '# @name x\nGET https://x.example.com/b'));
  assert.deepEqual(renamed.problems, []);
});
