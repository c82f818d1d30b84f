import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile, parseHttpFileEagerly } from '../../../src/core/http/parser';
import { planRun } from '../../../src/core/http/resolve';
import type { HttpFile } from '../../../src/core/http/parse-types';

const bodyText = (file: HttpFile, i: number): string | undefined =>
  file.blocks[i].body?.lines.map((l) => (l.kind === 'text' ? l.text : `< ${l.path}`)).join('\n');

test('httpYac assertion lines after a request become its assertions, with ranges; the body ends before them', () => {
  const text = [
    'POST https://a.test/items',
    'Content-Type: application/json',
    '',
    '{"a": 1}',
    '',
    '?? status == 200',
    '?? header content-type includes json',
    '# a comment between assertions',
    '?? body $.results.length > 0',
    '?? body $["odd key"][0] == "x y"',
    '?? duration < 500',
    '?? body exists',
    '?? header x-id !exists   ',
    '',
    '###',
    'GET https://a.test/b',
    'Accept: application/json',
    '?? status == 404',
  ].join('\n');
  for (const file of [parseHttpFile(text), parseHttpFileEagerly(text)]) {
    assert.deepEqual(file.problems, []);
    assert.equal(bodyText(file, 0), '{"a": 1}');
    const a = file.blocks[0].assertions;
    assert.deepEqual(a.map((x) => [x.subject, x.target, x.operator, x.expected]), [
      ['status', undefined, '==', '200'],
      ['header', 'content-type', 'includes', 'json'],
      ['body', '$.results.length', '>', '0'],
      ['body', '$["odd key"][0]', '==', '"x y"'],
      ['duration', undefined, '<', '500'],
      ['body', undefined, 'exists', undefined],
      ['header', 'x-id', '!exists', undefined],
    ]);
    assert.equal(a[0].text, 'status == 200');
    assert.deepEqual(JSON.parse(JSON.stringify(a[2].range)), { start: { line: 8, character: 0 }, end: { line: 8, character: 28 } });
    assert.deepEqual(file.blocks[1].headers.map((h) => h.name), ['Accept']);
    assert.deepEqual(file.blocks[1].assertions.map((x) => x.text), ['status == 404']);
  }
});

test('every operator parses; unary ones refuse a value and binary ones need one', () => {
  const ops = ['==', '!=', '<', '<=', '>', '>=', 'includes', '!includes', 'startsWith', 'endsWith', 'matches'];
  const unary = ['exists', '!exists', 'isNumber', 'isString', 'isArray', 'isBoolean'];
  const lines = [...ops.map((o) => `?? body $.v ${o} 1`), ...unary.map((o) => `?? body $.v ${o}`)];
  const file = parseHttpFile(`GET https://a.test/\n\n${lines.join('\n')}\n`);
  assert.deepEqual(file.problems, []);
  assert.deepEqual(file.blocks[0].assertions.map((a) => a.operator), [...ops, ...unary]);

  const bad = parseHttpFile('GET https://a.test/\n\n?? status exists 200\n?? status ==\n?? status === 200\n?? header == x\n');
  assert.deepEqual(bad.problems.map((p) => [p.code, p.range.start.line, p.blockIndex]), [
    ['assertion-unsupported', 2, 0], ['assertion-unsupported', 3, 0], ['assertion-unsupported', 4, 0], ['assertion-unsupported', 5, 0],
  ]);
  assert.match(bad.problems[0].message, /^Line 3: `exists` takes no value/);
  assert.match(bad.problems[1].message, /^Line 4: `==` needs a value after it/);
  assert.match(bad.problems[2].message, /^Line 5: `===` is not an assertion operator \(use one of == != /);
  assert.match(bad.problems[3].message, /needs a header name/);
  assert.equal(bad.blocks[0].assertions.length, 0);
});

test('forms we cannot check (JavaScript, XPath, unknown subjects) warn naming the line and are skipped; the others still count', () => {
  const file = parseHttpFile([
    'GET https://a.test/',
    '',
    '?? js response.parsedBody.x == 1',
    '?? xpath /a/b == 1',
    '?? body /a/b == 1',
    '?? status == 200',
    'stray text',
    '> {% client.test("x", () => {}) %}',
    '?? status == 201',
  ].join('\n'));
  assert.deepEqual(file.problems.map((p) => [p.code, p.range.start.line]), [
    ['assertion-unsupported', 2], ['assertion-unsupported', 3], ['assertion-unsupported', 4], ['text-after-assertions', 6], ['script-unsupported', 7],
  ]);
  assert.match(file.problems[0].message, /^Line 3: JavaScript assertions \(`\?\? js …`\) are not run/);
  assert.match(file.problems[3].message, /^Line 7: only `\?\? …` assertions/);
  // The handler ends the request: the assertion after it is not read.
  assert.deepEqual(file.blocks[0].assertions.map((a) => a.text), ['status == 200']);
  assert.equal(file.blocks[0].body, undefined);
});

test('REST Client files read as before: a `?` query continuation is not an assertion, `??` in a body line is text', () => {
  const file = parseHttpFile('GET https://a.test/search\n  ?q=1\n  &r=2\n\nwhat?? no\n');
  assert.deepEqual(file.problems, []);
  assert.equal(file.blocks[0].request.url, 'https://a.test/search?q=1&r=2');
  assert.equal(bodyText(file, 0), 'what?? no');
  assert.deepEqual(file.blocks[0].assertions, []);
});

test('variables in expected values are references: diagnostics see them, and a chained request runs first', () => {
  const file = parseHttpFile([
    '### check',
    'GET https://a.test/me',
    '',
    '?? body $.id == {{login.response.body.$.id}}',
    '?? body $.name == {{ name }}',
    '### login',
    '# @name login',
    'POST https://a.test/login',
  ].join('\n'));
  assert.deepEqual(file.problems, []);
  assert.deepEqual(file.references.map((r) => [r.expression, r.blockIndex, r.range.start.line, r.range.start.character, r.range.end.character]), [
    ['login.response.body.$.id', 0, 3, 16, 44], ['name', 0, 4, 18, 28],
  ]);
  assert.deepEqual(planRun(file, [0]).order, [1, 0]);
});
