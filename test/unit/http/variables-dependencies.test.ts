import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http/parser';
import { blockIndexByName, dependenciesOf, planRun, planRunWithDependencies } from '../../../src/core/http/resolve';

const FILE = [
  '@token = {{login.response.body.$.token}}',
  '@auth = Bearer {{token}}',
  '@self = {{self}}',
  '',
  '### 0',
  '# @name login',
  'POST https://x.test/login',
  '',
  '### 1',
  '# @name list',
  'GET https://x.test/items',
  'Authorization: {{auth}}',
  '',
  '### 2',
  '# @name detail',
  'GET https://x.test/items/{{list.response.body.$[0].id}}?q={{%self}}',
  'X-Created-By: {{login.request.headers.X-User}}',
  '',
  '### 3',
  'GET https://x.test/{{ghost.response.body.$.id}}/{{detail.response.headers.ETag}}',
  '',
  '### 4',
  '# @name a',
  'GET https://x.test/{{b.response.body.*}}',
  '',
  '### 5',
  '# @name b',
  'GET https://x.test/{{a.response.body.*}}/{{b.response.body.*}}',
].join('\n');

test('dependenciesOf finds chained names directly, through file variables (transitively), without itself', () => {
  const file = parseHttpFile(FILE);
  assert.deepEqual(file.problems, []);
  assert.deepEqual(dependenciesOf(file, 0), []);
  assert.deepEqual(dependenciesOf(file, 1), ['login']);
  assert.deepEqual(dependenciesOf(file, 2), ['list', 'login']);
  assert.deepEqual(dependenciesOf(file, 3), ['ghost', 'detail']);
  assert.deepEqual(dependenciesOf(file, 5), ['a']);
  assert.deepEqual(dependenciesOf(file, 99), []);
  assert.equal(blockIndexByName(file, 'detail'), 2);
  assert.equal(blockIndexByName(file, 'ghost'), undefined);
});

test('planRun puts dependencies first, runs each block once, reports missing names and cycles', () => {
  const file = parseHttpFile(FILE);
  assert.deepEqual(planRun(file, [2]), { order: [0, 1, 2], missing: [], cycles: [] });
  assert.deepEqual(planRun(file, [2, 1, 0]), { order: [0, 1, 2], missing: [], cycles: [] });
  const withGhost = planRun(file, [3]);
  assert.deepEqual(withGhost.missing, ['ghost']);
  assert.deepEqual(withGhost.order, [0, 1, 2, 3], 'a missing name is left for resolution to report');
  const cyclic = planRun(file, [4, 5]);
  assert.deepEqual(cyclic.order, []);
  assert.deepEqual(cyclic.cycles, ['a', 'b']);
});

test('planning also says which blocks each planned block chains on (by index, names no block has left out)', () => {
  const file = parseHttpFile(FILE);
  const plan = planRunWithDependencies(file, [3]);
  assert.deepEqual(plan.order, [0, 1, 2, 3]);
  assert.deepEqual([...plan.dependencies].sort(([a], [b]) => a - b), [[1, [0]], [2, [1, 0]], [3, [2]]]);
  // A dependency already satisfied is not planned, but is still named (the scheduler skips what is not in the plan).
  const reused = planRunWithDependencies(file, [1], (index) => index === 0);
  assert.deepEqual(reused.order, [1]);
  assert.deepEqual(reused.dependencies.get(1), [0]);
});
