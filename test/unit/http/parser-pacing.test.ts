import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http/parser';

test('pacing directives: file-wide before the first request, per request after; paginate with an optional max', () => {
  const file = parseHttpFile([
    '# @rate 100/min',
    '# @concurrency 4',
    '# @no-limits',
    '',
    '### Campaign profiles, every page',
    '# @paginate max=5',
    '# @rate 15/s',
    'GET https://mc.adobe.io/acme/campaign/profileAndServices/profile',
    '',
    '### CJA data views',
    '# @paginate',
    '# @concurrency 2',
    'GET https://cja.adobe.io/data/dataviews?limit=10&page=0',
  ].join('\n'));
  assert.deepEqual(file.problems, []);
  assert.deepEqual(file.filePacing, { rate: { count: 100, windowMs: 60_000 }, concurrency: 4, noLimits: true });
  assert.deepEqual(file.blocks[0]!.options.paginate, { maxPages: 5 });
  assert.deepEqual(file.blocks[0]!.options.rate, { count: 15, windowMs: 1000 });
  assert.deepEqual(file.blocks[1]!.options.paginate, {});
  assert.equal(file.blocks[1]!.options.concurrency, 2);
  assert.equal(file.blocks[1]!.options.noLimits, undefined);
});

test('bad pacing values are errors that say what to write; a file without them has no filePacing', () => {
  const file = parseHttpFile([
    '# @rate fast',
    '',
    '###',
    '# @concurrency 0',
    '# @paginate all',
    'GET https://x.example.org/',
  ].join('\n'));
  assert.deepEqual(file.problems.map((p) => [p.code, p.severity]), [['invalid-rate', 'error'], ['invalid-concurrency', 'error'], ['invalid-paginate', 'error']]);
  assert.match(file.problems[0]!.message, /15\/s/);
  assert.match(file.problems[2]!.message, /max=5/);
  assert.equal(parseHttpFile('GET https://x.example.org/').filePacing, undefined);
});
