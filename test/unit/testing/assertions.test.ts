import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFileEagerly } from '../../../src/core/http/parser';
import type { Assertion } from '../../../src/core/http/parse-types';
import type { HttpResponse } from '../../../src/core/http/types';
import { checkAssertion, checkAssertions } from '../../../src/core/testing/assertions';
import { boundedMatch } from '../../../src/core/testing/bounded-regex';
import { registerSecret } from '../../../src/core/log/redact';

function response(body: string | Uint8Array, headers: Array<[string, string]> = [['content-type', 'application/json']], status = 200, totalMs = 120): HttpResponse {
  return {
    status, statusText: 'OK', headers, url: 'https://a.test/', timings: { firstByteMs: 10, totalMs },
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  };
}

/** The assertion written on a `??` line, parsed as the parser reads it. */
function assertion(line: string): Assertion {
  const file = parseHttpFileEagerly(`GET https://a.test/\n\n?? ${line}\n`);
  assert.deepEqual(file.problems, [], line);
  return file.blocks[0].assertions[0];
}

const JSON_BODY = JSON.stringify({
  results: [{ id: 1, name: 'one' }, { id: 2, name: 'two' }],
  count: 2, countText: '2', nothing: null, ok: true, empty: [], title: 'Hello, World', nested: { a: { b: 'deep' } },
});

function check(line: string, res: HttpResponse = response(JSON_BODY)): { passed: boolean; message: string } {
  const out = checkAssertion(assertion(line), res);
  return { passed: out.passed, message: out.message };
}

function passes(res: HttpResponse, ...lines: string[]): void {
  for (const line of lines) assert.equal(check(line, res).passed, true, `${line} should pass: ${check(line, res).message}`);
}

function fails(res: HttpResponse, ...lines: string[]): void {
  for (const line of lines) assert.equal(check(line, res).passed, false, `${line} should fail`);
}

describe('assertions: every operator', () => {
  const res = response(JSON_BODY, [['content-type', 'application/json; charset=utf-8'], ['x-count', '42'], ['set-cookie', 'a=1'], ['Set-Cookie', 'b=2']], 201, 87.5);

  it('== and != on status, duration, headers and JSON values', () => {
    passes(res, 'status == 201', 'status != 200', 'duration == 87.5', 'header x-count == 42', 'header X-COUNT == "42"',
      'body $.count == 2', 'body $.countText == "2"', 'body $.title == "Hello, World"', 'body $.title == Hello, World',
      'body $.nothing == null', 'body $.ok == true', 'body $.empty == []', 'body $.results[0] == {"name":"one","id":1}',
      'body $.nested.a.b != shallow', 'header set-cookie == a=1, b=2');
    fails(res, 'status == 200', 'status != 201', 'body $.count == 3', 'body $.ok == false', 'body $.nothing == 0');
  });

  it('<, <=, >, >= compare numbers, and numeric text such as a header', () => {
    passes(res, 'status < 300', 'status <= 201', 'status > 199', 'status >= 201', 'duration < 500', 'header x-count > 41.5',
      'body $.results.length > 0', 'body $.count >= 2', 'body $.countText < 3');
    fails(res, 'status > 201', 'duration > 500', 'body $.empty.length > 0', 'body $.title > 1', 'status < abc');
  });

  it('includes and !includes on text, arrays and object keys', () => {
    passes(res, 'header content-type includes json', 'header content-type !includes xml', 'body $.title includes World',
      'body $.results[*].id includes 2', 'body $.results[*].name includes "two"', 'body $.results[*].id !includes 3',
      'body $.nested includes a', 'body includes "count"');
    fails(res, 'header content-type includes xml', 'body $.results[*].id includes "2"', 'body $.ok includes t');
  });

  it('startsWith, endsWith and matches', () => {
    passes(res, 'header content-type startsWith application/', 'body $.title endsWith World', 'body $.title matches ^Hello,\\s\\w+$',
      'body $.title matches /^hello/i', 'status matches ^2\\d\\d$');
    fails(res, 'body $.title startsWith World', 'body $.title endsWith Hello', 'body $.title matches ^World', 'body $.results matches x');
  });

  it('exists and !exists: a null value exists, a missing path or header does not', () => {
    passes(res, 'header content-type exists', 'header x-missing !exists', 'body $.nothing exists', 'body $.nope !exists', 'body exists');
    fails(res, 'header x-missing exists', 'body $.nothing !exists', 'body $.count !exists');
    fails(response(''), 'body exists');
    passes(response(''), 'body !exists');
  });

  it('isNumber, isString, isArray, isBoolean keep JSON types; text reads as it looks', () => {
    passes(res, 'body $.count isNumber', 'body $.countText isString', 'body $.results isArray', 'body $.ok isBoolean', 'status isNumber',
      'header x-count isNumber', 'header content-type isString', 'body $.results[*].id isArray');
    fails(res, 'body $.countText isNumber', 'body $.count isString', 'body $.nothing isString', 'body $.nested isArray', 'body $.title isBoolean',
      'body $.missing isNumber');
  });
});

describe('assertions: JSONPath edge cases and messages', () => {
  it('a missing path, a non-JSON body and a filter script fail with a reason, never throw', () => {
    assert.deepEqual(check('body $.nope == 1'), { passed: false, message: 'body $.nope == 1: expected 1, got nothing at $.nope' });
    const html = response('<html>oops</html>', [['content-type', 'text/html']]);
    assert.match(check('body $.a == 1', html).message, /^body \$\.a == 1: expected 1, got a body that is not JSON \("<html>oops<\/html>"…\)$/);
    assert.match(check('body $.results[?(@.id==1)].name == one').message, /filter script, which is not run/);
    assert.match(check('body $.a == 1', response('')).message, /got an empty body, not JSON/);
  });

  it('numbers and strings are told apart, and the message says so', () => {
    assert.deepEqual(check('body $.countText == 2'), { passed: false, message: 'body $.countText == 2: expected 2, got "2" (a string, not a number)' });
    assert.deepEqual(check('body $.count == "2"'), { passed: false, message: 'body $.count == "2": expected "2", got 2 (a number, not a string)' });
    assert.equal(check('status == "201"', response('', [], 201)).passed, true);
    assert.match(check('status == created', response('', [], 201)).message, /"created" is not a number/);
  });

  it('arrays: several matches are compared as an array; an index past the end is missing', () => {
    passes(response(JSON_BODY), 'body $.results[*].id == [1,2]', 'body $..id == [1, 2]', 'body $.results[-1:].name == two');
    assert.match(check('body $.results[5].id == 1').message, /got nothing at \$\.results\[5\]\.id$/);
  });

  it('a whole JSON body equals the same JSON written differently', () => {
    passes(response('{"a": 1, "b": [true]}'), 'body == {"b":[true],"a":1}', 'body == "{\\"a\\": 1, \\"b\\": [true]}"');
    fails(response('{"a": 1}'), 'body == {"a":2}');
  });

  it('long numeric-looking text is not a number (and reading it does not backtrack)', () => {
    const digits = `${'1'.repeat(200_000)}x`;
    const res = response(JSON.stringify({ v: digits }), [['content-type', 'application/json'], ['x-n', digits]]);
    assert.match(check('body $.v > 3', res).message, /\(not a number\)$/);
    assert.match(check('header x-n > 3', res).message, /\(not a number\)$/);
    assert.equal(check('header x-n isNumber', res).passed, false);
  });

  it('a failed assertion shows expected vs actual, shortened and with secrets masked', () => {
    registerSecret('s3cr3t-value-xyz');
    const res = response(JSON.stringify({ token: 's3cr3t-value-xyz', long: 'x'.repeat(500), access_token: 'abc123456' }));
    const masked = check('body $.token == other', res);
    assert.equal(masked.message, 'body $.token == other: expected "other", got "***"');
    assert.ok(!check('body $ == 1', res).message.includes('s3cr3t-value-xyz'));
    assert.ok(!check('body $ == 1', res).message.includes('abc123456'));
    const long = checkAssertion(assertion('body $.long == y'), res);
    assert.ok(long.actual!.length < 210 && long.actual!.endsWith('…'), long.actual);
    const missing = checkAssertion(assertion('header x-id exists'), res);
    assert.equal(missing.message, 'header x-id exists: expected header x-id to exist, got no header x-id');
    const cookies = response('', [['set-cookie', 'sid=abc123; Path=/'], ['set-cookie', 'theme=dark']]);
    assert.equal(check('header set-cookie includes lang', cookies).message, 'header set-cookie includes lang: expected to include "lang", got "sid=***; Path=/, theme=***"');
    assert.equal(check('header content-type !exists', res).message, 'header content-type !exists: expected no header content-type, got "application/json"');
  });

  it('expected values with {{…}} go through the resolver; an unresolved one fails the assertion with the reason', async () => {
    const file = parseHttpFileEagerly('GET https://a.test/\n\n?? body $.count == {{n}}\n?? body $.title startsWith {{greeting}}\n?? status == 200\n');
    const outcomes = await checkAssertions(file.blocks[0].assertions, response(JSON_BODY), async (text) =>
      text.includes('{{n}}') ? { value: text.replace('{{n}}', '2') } : { problem: 'unresolved variable {{greeting}} (not defined)' });
    assert.deepEqual(outcomes.map((o) => [o.passed, o.message]), [
      [true, 'body $.count == {{n}}'],
      [false, 'body $.title startsWith {{greeting}}: the expected value cannot be worked out: unresolved variable {{greeting}} (not defined)'],
      [true, 'status == 200'],
    ]);
  });
});

describe('matches: bounded', () => {
  it('a catastrophically backtracking pattern is stopped, not run for ever', () => {
    const result = boundedMatch('^(a+)+$', `${'a'.repeat(40)}!`, 50);
    assert.ok('problem' in result && /took longer than 50 ms/.test(result.problem), JSON.stringify(result));
  });

  it('patterns too long, bad flags, invalid syntax and oversized values are refused with a reason', () => {
    assert.match((boundedMatch('a'.repeat(1001), 'a') as { problem: string }).problem, /longer than 1000 characters/);
    assert.match((boundedMatch('/a/g', 'a') as { problem: string }).problem, /not pattern flags/);
    assert.match((boundedMatch('(', 'a') as { problem: string }).problem, /not a valid regular expression/);
    assert.match((boundedMatch('a', 'a'.repeat(1024 * 1024 + 1)) as { problem: string }).problem, /longer than 1 MB/);
    assert.deepEqual(boundedMatch('/A/i', 'xa'), { matched: true });
  });
});
