import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockAtLine, parseHttpFile } from '../../../src/core/http/parser';
import type { BodyLine, HttpFile, Problem, Range } from '../../../src/core/http/parse-types';

const codes = (file: HttpFile): string[] => file.problems.map((p) => p.code);
const problem = (file: HttpFile, code: string): Problem => {
  const p = file.problems.find((x) => x.code === code);
  assert.ok(p, `expected a ${code} problem, got ${JSON.stringify(codes(file))}`);
  return p;
};
const plain = (r: Range | undefined): Range | undefined => r && { start: r.start, end: r.end };
const bodyText = (lines: BodyLine[] | undefined): string =>
  (lines ?? []).map((l) => (l.kind === 'text' ? l.text : `<file ${l.path}>`)).join('\n');

test('a file without ### is one block; the doc example parses into three named/titled requests', () => {
  const one = parseHttpFile('https://example.com/comments/1');
  assert.equal(one.blocks.length, 1);
  assert.equal(one.blocks[0].request.method, 'GET');
  assert.equal(one.blocks[0].request.url, 'https://example.com/comments/1');

  const doc = parseHttpFile([
    '# @profile Production',
    '@journey = https://platform.adobe.io/journey/orchestration',
    '',
    '### List capping configs',
    '# @name capping',
    'POST {{journey}}/list/endpointConfigs',
    'Content-Type: application/json',
    '',
    '{}',
    '',
    '### First config in detail',
    'GET {{journey}}/endpointConfigs/{{capping.response.body.$.results[0].uid}}',
    '',
    '### Campaign profiles, 10 a page',
    'GET https://mc.adobe.io/{{tenant}}/campaign/profileAndServices/profile?_lineCount=10',
    'Cache-Control: no-cache',
  ].join('\n'));
  assert.deepEqual(doc.problems, []);
  assert.equal(doc.fileProfile, 'Production');
  assert.deepEqual(doc.blocks.map((b) => b.title), ['List capping configs', 'First config in detail', 'Campaign profiles, 10 a page']);
  assert.equal(doc.blocks[0].name, 'capping');
  assert.equal(doc.blocks[0].options.profile, undefined, 'the file profile is applied at resolve time');
  assert.equal(bodyText(doc.blocks[0].body?.lines), '{}');
  assert.deepEqual(doc.blocks[2].headers.map((h) => [h.name, h.value]), [['Cache-Control', 'no-cache']]);
  assert.deepEqual(doc.variables.map((v) => [v.name, v.value]), [['journey', 'https://platform.adobe.io/journey/orchestration']]);
  assert.deepEqual(doc.references.map((r) => [r.expression, r.blockIndex]), [
    ['journey', 0], ['journey', 1], ['capping.response.body.$.results[0].uid', 1], ['tenant', 2],
  ]);
});

test('### separates only as the first non-blank text; more hashes and indentation are accepted', () => {
  const file = parseHttpFile([
    'GET https://a.test/ ### not a separator',
    '  ### indented separator',
    'GET https://b.test/',
    '#### four hashes',
    'GET https://c.test/',
    '###',
    'GET https://d.test/',
  ].join('\n'));
  assert.deepEqual(file.blocks.map((b) => b.request.url), ['https://a.test/ ### not a separator', 'https://b.test/', 'https://c.test/', 'https://d.test/']);
  assert.deepEqual(file.blocks.map((b) => b.title), [undefined, 'indented separator', 'four hashes', undefined]);
  assert.deepEqual(file.blocks.map((b) => [b.range.start.line, b.range.end.line]), [[0, 0], [1, 2], [3, 4], [5, 6]]);
});

test('### inside a body ends the request: the next block starts there', () => {
  const file = parseHttpFile('POST https://a.test/\n\nline one\n### next\nGET https://b.test/');
  assert.equal(bodyText(file.blocks[0].body?.lines), 'line one');
  assert.equal(file.blocks[1].title, 'next');
});

test('request line: method optional and case-insensitive, HTTP version, ranges', () => {
  const file = parseHttpFile([
    'post https://a.test/x HTTP/1.1',
    '###',
    'https://a.test/y HTTP/2',
    '###',
    'Delete   https://a.test/z   ',
  ].join('\n'));
  const [a, b, c] = file.blocks.map((x) => x.request);
  assert.equal(a.method, 'POST');
  assert.equal(a.url, 'https://a.test/x');
  assert.equal(a.httpVersion, 'HTTP/1.1');
  assert.deepEqual(plain(a.methodRange), { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } });
  assert.deepEqual(plain(a.urlRange), { start: { line: 0, character: 5 }, end: { line: 0, character: 21 } });
  assert.equal(b.method, 'GET');
  assert.equal(b.methodRange, undefined);
  assert.equal(b.httpVersion, 'HTTP/2');
  assert.equal(file.blocks[1].options.httpVersion, 'HTTP/2');
  assert.equal(c.method, 'DELETE');
  assert.equal(c.url, 'https://a.test/z');
  assert.deepEqual(plain(c.range), { start: { line: 4, character: 0 }, end: { line: 4, character: 25 } });
});

test('request line: only a last word of exactly HTTP/d or HTTP/d.d after a blank is the version; anything else stays in the URL', () => {
  const lines = [
    'GET https://a.test/x\thttp/2',
    'GET https://a.test/x  HTTP/1.1  ',
    'GET https://a.test/HTTP/1.1',
    'GET https://a.test/x xHTTP/1.1',
    'GET https://a.test/x HTTP/1.10',
    'GET https://a.test/x HTTP/11',
  ];
  const file = parseHttpFile(lines.join('\n###\n'));
  assert.deepEqual(file.blocks.map((b) => [b.request.url, b.request.httpVersion]), [
    ['https://a.test/x', 'HTTP/2'],
    ['https://a.test/x', 'HTTP/1.1'],
    ['https://a.test/HTTP/1.1', undefined],
    ['https://a.test/x xHTTP/1.1', undefined],
    ['https://a.test/x HTTP/1.10', undefined],
    ['https://a.test/x HTTP/11', undefined],
  ]);
  // A method and a version with no URL between them is no request line.
  assert.deepEqual(codes(parseHttpFile('GET HTTP/1.1')), ['missing-request-line']);
});

test('? and & lines continue the query; JetBrains indented lines continue the URL; an indented header is a header', () => {
  const rest = parseHttpFile([
    'GET https://example.com/comments',
    '    ?page=2',
    '    &pageSize=10',
    'Accept: application/json',
  ].join('\n'));
  assert.equal(rest.blocks[0].request.url, 'https://example.com/comments?page=2&pageSize=10');
  assert.deepEqual(rest.blocks[0].request.range.end, { line: 2, character: 16 });
  assert.equal(rest.blocks[0].headers.length, 1);

  const jetbrains = parseHttpFile([
    'GET http://example.com:8080',
    '    /api',
    '    /html',
    '    /get',
    '    ?id=123',
    '    &value=content',
    '  Accept: text/html',
  ].join('\n'));
  assert.equal(jetbrains.blocks[0].request.url, 'http://example.com:8080/api/html/get?id=123&value=content');
  assert.deepEqual(jetbrains.blocks[0].headers.map((h) => h.name), ['Accept']);
});

test('headers run to the first blank line; the body follows, comments removed, outer blank lines trimmed', () => {
  const file = parseHttpFile([
    'POST https://a.test/',
    'Content-Type: application/json',
    'X-Multi : a:b:c  ',
    '',
    '',
    '{',
    '# a comment REST Client strips',
    '  // another',
    '  "a": 1,',
    '',
    '  "b": "@x = not a variable"',
    '}',
    '',
    '',
  ].join('\n'));
  const block = file.blocks[0];
  assert.deepEqual(block.headers.map((h) => [h.name, h.value]), [['Content-Type', 'application/json'], ['X-Multi', 'a:b:c']]);
  assert.equal(bodyText(block.body?.lines), '{\n  "a": 1,\n\n  "b": "@x = not a variable"\n}');
  assert.deepEqual(plain(block.body?.range), { start: { line: 5, character: 0 }, end: { line: 11, character: 1 } });
  assert.deepEqual(file.variables, []);
  assert.deepEqual(file.problems, []);
});

test('< and <@ body lines reference files; <tag> lines are body text', () => {
  const file = parseHttpFile([
    'POST https://a.test/',
    '',
    '< ./data/raw.bin',
    '<@ ./template.json',
    '<@latin1 {{dir}}/legacy.txt',
    '<request>',
  ].join('\n'));
  const lines = file.blocks[0].body!.lines;
  assert.deepEqual(lines.map((l) => (l.kind === 'file' ? [l.path, l.substitute, l.encoding] : l.text)), [
    ['./data/raw.bin', false, undefined],
    ['./template.json', true, undefined],
    ['{{dir}}/legacy.txt', true, 'latin1'],
    '<request>',
  ]);
  assert.deepEqual(file.references.map((r) => r.expression), ['dir']);
});

test('file variables: with or without spaces, anywhere outside bodies, escapes, later definitions listed last', () => {
  const file = parseHttpFile([
    '@host=api.example.com',
    '@greeting =  hello\\tworld\\n  ',
    '@path = C:\\\\new',
    'GET https://{{host}}/',
    '@afterRequestLine = 1',
    'Accept: */*',
    '',
    '###',
    '@host = override.example.com',
  ].join('\n'));
  assert.deepEqual(file.variables.map((v) => [v.name, v.value]), [
    ['host', 'api.example.com'], ['greeting', 'hello\tworld\n'], ['path', 'C:\\new'], ['afterRequestLine', '1'],
    ['host', 'override.example.com'],
  ]);
  assert.deepEqual(plain(file.variables[0].nameRange), { start: { line: 0, character: 1 }, end: { line: 0, character: 5 } });
  assert.equal(file.blocks.length, 1, 'a section with only variables is not a request');
  assert.deepEqual(file.blocks[0].headers.map((h) => h.name), ['Accept']);
});

test('directives: REST Client\'s and ours, with # or //, with or without a space', () => {
  const file = parseHttpFile([
    '# @name login',
    '#@note Deletes production data',
    '// @no-redirect',
    '# @no-cookie-jar',
    '# @prompt username',
    '# @prompt password Your password',
    '# @prompt apiKey',
    '# @profile Staging',
    '# @no-auth',
    '# @sandbox dev-sandbox',
    '# @timeout 30s',
    'POST https://a.test/login',
  ].join('\n'));
  const b = file.blocks[0];
  assert.deepEqual(file.problems, []);
  assert.equal(b.name, 'login');
  assert.deepEqual(b.options, {
    note: 'Deletes production data', noRedirect: true, noCookieJar: true, profile: 'Staging', noAuth: true,
    sandbox: 'dev-sandbox', timeoutMs: 30_000,
  });
  assert.deepEqual(b.prompts.map((p) => [p.name, p.description, p.secret]), [
    ['username', undefined, false], ['password', 'Your password', true], ['apiKey', undefined, true],
  ]);
});

test('@timeout units: ms, s, m; a bare number is milliseconds with a warning; nonsense is an error', () => {
  const timeouts = ['500ms', '1.5s', '2 m', '750', 'soon'].map((t) => parseHttpFile(`# @timeout ${t}\nGET https://a.test/`));
  assert.deepEqual(timeouts.map((f) => f.blocks[0].options.timeoutMs), [500, 1500, 120_000, 750, undefined]);
  assert.deepEqual(timeouts[3].problems.map((p) => [p.code, p.severity]), [['timeout-unit', 'warning']]);
  assert.deepEqual(timeouts[4].problems.map((p) => [p.code, p.severity]), [['invalid-timeout', 'error']]);
});

test('a file-level @profile is taken only from a request-less section before the first ###', () => {
  const inFirstRequest = parseHttpFile('# @profile A\nGET https://a.test/\n###\nGET https://b.test/');
  assert.equal(inFirstRequest.fileProfile, undefined);
  assert.equal(inFirstRequest.blocks[0].options.profile, 'A');
  assert.equal(inFirstRequest.blocks[1].options.profile, undefined);

  const laterHeader = parseHttpFile('GET https://a.test/\n###\n# @profile B\n###\nGET https://b.test/');
  assert.equal(laterHeader.fileProfile, undefined);
  assert.deepEqual(codes(laterHeader), ['directive-without-request']);
});

test('a pasted response block is not a request', () => {
  const file = parseHttpFile([
    'GET https://a.test/',
    '###',
    'HTTP/1.1 200 OK',
    'Content-Type: application/json',
    '',
    '{"ok": true}',
  ].join('\n'));
  assert.equal(file.blocks.length, 1);
  assert.deepEqual(file.problems, []);
});

test('problems: a body without its blank line, headers after the blank line, a second request without ###', () => {
  const noBlank = parseHttpFile('POST https://a.test/\nContent-Type: application/json\n{"a": 1}');
  const p = problem(noBlank, 'missing-blank-line');
  assert.equal(p.severity, 'error');
  assert.equal(p.blockIndex, 0);
  assert.deepEqual(plain(p.range), { start: { line: 2, character: 0 }, end: { line: 2, character: 8 } });
  assert.equal(bodyText(noBlank.blocks[0].body?.lines), '{"a": 1}', 'the intended body is kept for the editor');

  const headerInBody = parseHttpFile('GET https://a.test/\n\nAuthorization: Bearer x');
  assert.equal(problem(headerInBody, 'header-in-body').severity, 'warning');
  const yaml = parseHttpFile('POST https://a.test/\nContent-Type: application/yaml\n\nname: value');
  assert.deepEqual(yaml.problems, []);

  const twoRequests = parseHttpFile('GET https://a.test/\n\nGET https://b.test/');
  assert.equal(twoRequests.blocks.length, 1);
  assert.equal(problem(twoRequests, 'request-in-body').range.start.line, 2);
});

test('problems: {{ without }}, empty {{}}, unknown and misplaced directives, bad names, variables without =', () => {
  const unterminated = parseHttpFile('GET https://a.test/{{id\nX-Y: {{ok}}\n\n{"a": "{{b"}');
  const errors = unterminated.problems.filter((p) => p.code === 'unterminated-variable');
  assert.deepEqual(errors.map((p) => [p.severity, p.range.start.line, p.range.start.character, p.range.end.character]), [
    ['error', 0, 19, 23], ['warning', 3, 7, 12],
  ]);
  assert.deepEqual(unterminated.references.map((r) => r.expression), ['ok']);

  const empty = parseHttpFile('GET https://a.test/{{ }}');
  assert.equal(problem(empty, 'empty-variable').severity, 'error');

  const unknown = parseHttpFile('# @nmae login\nGET https://a.test/');
  const u = problem(unknown, 'unknown-directive');
  assert.equal(u.severity, 'warning');
  assert.match(u.message, /@nmae/);

  const misplaced = parseHttpFile('GET https://a.test/\n# @name late\nAccept: */*');
  assert.equal(problem(misplaced, 'directive-after-request-line').severity, 'warning');
  assert.equal(misplaced.blocks[0].name, undefined);

  const badName = parseHttpFile('# @name my.request\nGET https://a.test/');
  assert.equal(problem(badName, 'invalid-name').severity, 'error');

  const duplicate = parseHttpFile('# @name a\nGET https://a.test/\n###\n# @name a\nGET https://b.test/');
  assert.equal(problem(duplicate, 'duplicate-name').blockIndex, 1);

  const noEquals = parseHttpFile('@host example.com\nGET https://a.test/');
  assert.equal(problem(noEquals, 'invalid-variable').severity, 'error');

  const curl = parseHttpFile('curl -X POST https://a.test/');
  assert.equal(curl.blocks.length, 0);
  assert.equal(problem(curl, 'curl-unsupported').severity, 'error');

  const oddMethod = parseHttpFile('FETCH https://a.test/');
  assert.equal(oddMethod.blocks[0].request.method, 'FETCH');
  assert.equal(problem(oddMethod, 'unknown-method').severity, 'warning');
});

test('CRLF and lone CR line endings give the same lines and ranges as LF', () => {
  const lf = parseHttpFile('GET https://a.test/\nAccept: */*\n\nbody\n###\nGET https://b.test/');
  const crlf = parseHttpFile('GET https://a.test/\r\nAccept: */*\r\n\r\nbody\r\n###\r\nGET https://b.test/');
  const cr = parseHttpFile('GET https://a.test/\rAccept: */*\r\rbody\r###\rGET https://b.test/');
  assert.deepEqual(crlf, lf);
  assert.deepEqual(cr, lf);
  assert.equal(lf.lineCount, 6);
});

test('an empty file or one with only comments and variables has no requests and no problems', () => {
  for (const text of ['', '\n\n', '# just a comment\n// another\n@a = 1\n###\n']) {
    const file = parseHttpFile(text);
    assert.deepEqual(file.blocks, []);
    assert.deepEqual(file.problems, []);
  }
});

test('a parsed file serialises to plain JSON ranges (for webviews and --json output)', () => {
  const file = parseHttpFile('# @name a\nPOST https://a.test/{{id}}\nAccept: */*\n\n{"x": 1}');
  const json = JSON.parse(JSON.stringify(file));
  const block = json.blocks[0];
  assert.deepEqual(block.request.urlRange, { start: { line: 1, character: 5 }, end: { line: 1, character: 26 } });
  assert.deepEqual(block.headers[0], { name: 'Accept', value: '*/*', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } } });
  assert.deepEqual(block.body.lines, [{ kind: 'text', text: '{"x": 1}', line: 4 }]);
  assert.deepEqual(json.references[0], { expression: 'id', blockIndex: 0, range: { start: { line: 1, character: 20 }, end: { line: 1, character: 26 } } });
});

test('a section that starts with a header, a body or a bare method has no request line: an error, nothing to send', () => {
  for (const text of ['Content-Type: application/json\n\n{}', '{"a": 1}', 'GET', 'hello world']) {
    const file = parseHttpFile(`###\n${text}\n###\nGET https://ok.test/`);
    assert.equal(file.blocks.length, 1, text);
    assert.equal(file.blocks[0].request.url, 'https://ok.test/');
    const p = problem(file, 'missing-request-line');
    assert.equal(p.severity, 'error');
    assert.equal(p.blockIndex, undefined);
    assert.equal(p.range.start.line, 1);
  }
  for (const url of ['example.com', 'localhost:3000/x', '{{host}}/x', '/path', '[::1]:8080/', 'https://a.test']) {
    assert.equal(parseHttpFile(url).blocks[0]?.request.url, url);
  }
  const custom = parseHttpFile('PURGE https://cdn.test/x\n###\nFETCH {{host}}/x');
  assert.deepEqual(custom.blocks.map((b) => b.request.method), ['PURGE', 'FETCH']);
  assert.deepEqual(custom.problems.map((p) => [p.code, p.blockIndex]), [['unknown-method', 1]]);
});

test('JetBrains response handlers are not run: a warning naming the line, and the rest of the request is ignored; `??` lines are assertions', () => {
  const file = parseHttpFile([
    'POST https://a.test/login',
    'Content-Type: application/json',
    '',
    '{"user": "ann"}',
    '',
    '> {%',
    '  client.global.set("token", response.body.token);',
    '%}',
    '###',
    'GET https://a.test/items',
    '?? status == 200',
    '###',
    'GET https://a.test/export',
    '',
    '>> ./export.json',
    '###',
    'POST https://a.test/notes',
    'Content-Type: text/markdown',
    '',
    '> a quoted line stays',
  ].join('\n'));
  assert.equal(bodyText(file.blocks[0].body?.lines), '{"user": "ann"}');
  assert.equal(file.blocks[1].request.url, 'https://a.test/items');
  assert.equal(file.blocks[2].body, undefined);
  assert.equal(bodyText(file.blocks[3].body?.lines), '> a quoted line stays');
  assert.deepEqual(file.blocks[1].assertions.map((x) => x.text), ['status == 200']);
  assert.deepEqual(file.problems.map((p) => [p.code, p.severity, p.blockIndex, p.range.start.line]), [
    ['script-unsupported', 'warning', 0, 5], ['script-unsupported', 'warning', 2, 14],
  ]);
  assert.match(file.problems[0].message, /^Line 6: JetBrains response handlers/);
});

test('blockAtLine finds the request around a cursor line, and none between or outside requests', () => {
  const file = parseHttpFile('@a = 1\n\n### one\nGET https://a.test/\n\n### notes only\n# nothing here\n### two\nPOST https://b.test/\n\n{}\n');
  const at = (line: number): string | undefined => blockAtLine(file, line)?.title;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 99].map(at), [
    undefined, undefined, 'one', 'one', 'one', undefined, undefined, 'two', 'two', 'two', 'two', undefined,
  ]);
});
