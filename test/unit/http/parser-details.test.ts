// A whole-file parse lists the requests first and reads the rest (problems, variable uses, variables) on first use,
// at once or a step at a time (readDetailsInSteps, what the editor's diagnostics do for a file just opened).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile, parseHttpFileEagerly, readDetailsInSteps } from '../../../src/core/http/parser';
import type { HttpFile } from '../../../src/core/http/parse-types';

/** `count` requests with names, chains, headers, bodies and a few mistakes (an unknown directive, a `{{` left open). */
function sample(count: number): string {
  const out = ['@base = https://x.test', ''];
  for (let i = 0; i < count; i++) {
    out.push(`### r${i}`, `# @name r${i}`);
    if (i % 50 === 7) out.push('# @bogus');
    out.push(`POST {{base}}/items/${i}${i > 0 ? `?after={{r${i - 1}.response.body.$.id}}` : ''}`, 'Content-Type: application/json');
    if (i % 40 === 3) out.push('X-Broken: {{open');
    out.push('', `{"id": ${i}, "at": "{{$timestamp}}"}`, '');
  }
  return out.join('\n');
}

/** What the details say, as JSON carries it. */
function details(file: HttpFile): unknown {
  return JSON.parse(JSON.stringify({ problems: file.problems, references: file.references, variables: file.variables }));
}

const NEXT_TICK = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('the details of a large file read a step at a time, with pauses between, say what a whole parse says', async () => {
  const text = sample(3000);
  const file = parseHttpFile(text);
  const listed = [...file.blocks];
  let pauses = 0;
  await readDetailsInSteps(file, () => {
    pauses++;
    return NEXT_TICK();
  });
  // 3,000 requests are about 24,000 lines: several steps.
  assert.ok(pauses >= 3, `read in ${pauses + 1} step(s)`);
  assert.deepEqual(details(file), details(parseHttpFileEagerly(text)));
  assert.ok(file.problems.some((p) => p.code === 'unknown-directive') && file.problems.some((p) => p.code === 'unterminated-variable'));
  assert.equal(file.blocks.length, 3000);
  file.blocks.forEach((b, i) => assert.ok(b === listed[i], `block ${i} is not the one listed first`));
});

test('a file of few, long lines is read in steps too: a step ends after about 256 KB', async () => {
  const line = `{"data": "${'x'.repeat(1024 * 1024)}"}`;
  const file = parseHttpFile(`POST https://x.test/a\n\n${line}\n\n###\nPOST https://x.test/b\n\n${line}\n`);
  let pauses = 0;
  await readDetailsInSteps(file, () => {
    pauses++;
    return NEXT_TICK();
  });
  assert.ok(pauses >= 1, 'two 1 MB lines read in one step');
  assert.equal(file.blocks.length, 2);
  assert.deepEqual(file.problems, []);
});

test('a stepped read stopped on the way is finished by the next use of the details', async () => {
  const text = sample(3000);
  const file = parseHttpFile(text);
  let pauses = 0;
  await readDetailsInSteps(file, NEXT_TICK, () => ++pauses < 2);
  assert.equal(pauses, 2);
  assert.deepEqual(details(file), details(parseHttpFileEagerly(text)));
  // Nothing left to read: no pause.
  await readDetailsInSteps(file, () => assert.fail('paused with nothing left to read'));
});

test('a file too dense in its details, read a step at a time, is refused: one problem, no requests', async () => {
  const file = parseHttpFile(`POST http://x.test/\n\n${'{{a}}\n'.repeat(400_000)}`);
  assert.equal(file.blocks.length, 1);
  await readDetailsInSteps(file, NEXT_TICK);
  assert.equal(file.blocks.length, 0);
  assert.deepEqual(file.problems.map((p) => p.code), ['file-refused']);
  assert.deepEqual([file.references.length, file.variables.length], [0, 0]);
});
