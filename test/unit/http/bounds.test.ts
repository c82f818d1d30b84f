// Issue 8 §3: resolution and parsing stay bounded for any input, and end in a message naming the cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileSizeProblem, parseHttpFile } from '../../../src/core/http/parser';
import { resolveRequest } from '../../../src/core/http/resolve';
import { ResolveError, type ResolveContext } from '../../../src/core/http/variables';

const ROOT = join(__dirname, '..', '..', '..');
const CHILD = join(ROOT, 'test', 'support', 'parse-child.ts');

/** Runs the child under a heap limit; a heap overrun makes execFileSync throw, which fails the test. */
function child(heapMb: number, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `--max-old-space-size=${heapMb}`, CHILD, ...args], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

async function rejection(text: string, ctx: ResolveContext = {}): Promise<ResolveError> {
  try {
    await resolveRequest(parseHttpFile(text), 0, { filePath: '/ws/a.http', ...ctx });
  } catch (e) {
    assert.ok(e instanceof ResolveError, `expected a ResolveError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to be refused');
}

function doubling(levels: number): string {
  const lines = ['@a0 = xxxxxxxxxxxxxxxx'];
  for (let i = 1; i <= levels; i++) lines.push(`@a${i} = {{a${i - 1}}}{{a${i - 1}}}`);
  return [...lines, '', `GET http://x.test/?q={{a${levels}}}`, ''].join('\n');
}

test('doubling file variables stop at the limit with a message naming the variable that grew too large', async () => {
  const error = await rejection(doubling(24));
  assert.equal(error.kind, 'too-large');
  // 16 characters doubled 20 times is the first value over 10 MB.
  assert.match(error.message, /\{\{a20\}\} resolves to more than 10 MB/);
  const small = await rejection(doubling(8), { maxResolvedSize: 1024 });
  assert.match(small.message, /\{\{a7\}\} resolves to more than 1 KB/);
});

test('doubling file variables resolve within 64 MB of heap (the check runs while the text grows)', () => {
  const result = child(64, 'expand', 'doubling', '24');
  assert.match(String(result.error), /resolves to more than 10 MB/);
});

test("one request's resolved URL, headers and body together are capped", async () => {
  const big = 'b'.repeat(600);
  const error = await rejection(`@big = ${big}\nPOST http://x.test/\n\n{{big}}\n{{big}}\n`, { maxResolvedSize: 1000 });
  assert.equal(error.kind, 'too-large');
  assert.match(error.message, /resolved URL, headers and body come to more than 1000 characters/);
});

test('many distinct large intermediate values are capped even when the request uses little of them', async () => {
  const lines = ['@b = ' + 'y'.repeat(900)];
  for (let i = 0; i < 10; i++) lines.push(`@n${i} = {{b}}${i}`);
  lines.push('', `GET http://x.test/${Array.from({ length: 10 }, (_, i) => `{{$processEnv %n${i}}}`).join('')}`);
  const error = await rejection(lines.join('\n'), { maxResolvedSize: 1000 });
  assert.equal(error.kind, 'too-large');
  assert.match(error.message, /builds more than 4000 characters/);
});

test('loops through $processEnv %name, $dotenv %name and $shared end in "refers to itself", not a stack overflow', async () => {
  const env = await rejection('@a = {{$processEnv %a}}\nGET http://x.test/{{a}}\n', { processEnv: {} });
  assert.equal(env.kind, 'unresolved-variable');
  assert.equal(env.message, 'Not sent: unresolved variable {{a}} (refers to itself (a → a)).');
  const dotenv = await rejection('@a = {{$dotenv %b}}\n@b = {{a}}\nGET http://x.test/{{a}}\n', { readFile: async () => '' });
  assert.match(dotenv.message, /refers to itself \(a → b → a\)/);
  const environment = { name: 'e', variables: {}, shared: { s: 'x{{$shared.s}}', t: '{{t2}}', t2: '{{$shared t}}' } };
  const shared = await rejection('GET http://x.test/{{$shared.s}}\n', { environment });
  assert.match(shared.message, /refers to itself \(\$shared\.s → \$shared\.s\)/);
  const mixed = await rejection('GET http://x.test/{{t}}\n', { environment });
  assert.match(mixed.message, /refers to itself/);
});

test('a chain of variables nested deeper than 64 is refused by name, not by a stack overflow', async () => {
  const lines = ['@v0 = end'];
  for (let i = 1; i <= 5000; i++) lines.push(`@v${i} = {{v${i - 1}}}`);
  const error = await rejection([...lines, 'GET http://x.test/{{v5000}}'].join('\n'));
  assert.equal(error.kind, 'unresolved-variable');
  assert.match(error.message, /nested more than 64 variables deep \(v5000 → v4999 → v4998 → …\)/);
});

test('files over the size limit are refused with a message saying what to do', () => {
  assert.equal(fileSizeProblem(20 * 1024 * 1024), undefined);
  assert.match(fileSizeProblem(20 * 1024 * 1024 + 1) ?? '', /This file is 20 MB, over the 20 MB limit for \.http files; split it, or raise the limit with `--max-file-size`/);
  assert.match(fileSizeProblem(3000, 2048) ?? '', /This file is 3 KB, over the 2 KB limit/);
});

// Shapes that used to cost 11–17× their size: each parses (or is refused) under 10× its size plus node's own heap,
// and under about 24 MB when it is small (the budget's floor lets a list of 10,000 short requests parse).
const SHAPES = ['references', 'reference-lines', 'header-references', 'headers', 'requests', 'variables', 'directives', 'body', 'long-line'];
for (const shape of SHAPES) {
  test(`parsing a 4 MB file of ${shape} stays under 10× its size in heap`, () => {
    const size = 4 * 1024 * 1024;
    const result = child(8 + 40, 'parse', shape, String(size));
    assert.equal(typeof result.blocks, 'number');
  });
}
test('parsing a 0.5 or 1 MB file of each dense shape stays under about 24 MB of heap', () => {
  for (const shape of SHAPES) {
    for (const size of [512 * 1024, 1024 * 1024]) {
      const result = child(8 + 24, 'parse', shape, String(size));
      assert.equal(typeof result.blocks, 'number', `${shape}, ${size} characters`);
    }
  }
});

const TOO_DENSE = /too many requests, variables, headers or `\{\{…\}\}` uses for its size to handle safely; split it into smaller files/;

test('10,000 compact requests parse: a name, a request line with a variable and a header each', () => {
  const lines = ['@base = https://x.test', ''];
  for (let i = 0; i < 10_000; i++) lines.push(`### Item ${i}`, `# @name item${i}`, `GET {{base}}/items/${i}`, 'Accept: application/json', '');
  const file = parseHttpFile(lines.join('\n'));
  assert.deepEqual(file.problems, []);
  assert.equal(file.blocks.length, 10_000);
  // 400,000 requests with nothing but a separator between them are refused: the density limit still holds.
  const dense = parseHttpFile('GET http://x.test/\n###\n'.repeat(400_000));
  assert.deepEqual(dense.problems.map((p) => p.code), ['file-refused']);
});

test('a file too dense in requests is refused at once with one problem and no requests', () => {
  const file = parseHttpFile('###\nGET http://x.test/\n'.repeat(200_000));
  assert.equal(file.blocks.length, 0);
  assert.equal(file.problems.length, 1);
  assert.match(file.problems[0].message, TOO_DENSE);
});

test('a file too dense in what its details hold is refused when they are read: one problem, no requests, nothing sent', async () => {
  // A parse lists the request first; the `{{…}}` uses of its body are read with the file's details.
  const file = parseHttpFile(`POST http://x.test/\n\n${'{{a}}'.repeat(1_000_000)}\n`);
  assert.equal(file.problems.length, 1);
  assert.match(file.problems[0].message, TOO_DENSE);
  assert.equal(file.blocks.length, 0);
  // What sends reads the details before the blocks: a request listed before they were read is not sent.
  const listed = parseHttpFile(`POST http://x.test/\n\n${'{{a}}'.repeat(1_000_000)}\n`);
  assert.equal(listed.blocks.length, 1);
  await assert.rejects(resolveRequest(listed, 0), (e: unknown) => e instanceof ResolveError && /^Not sent: .*split it into smaller files/.test(e.message));
  assert.equal(listed.blocks.length, 0);
  // An ordinary file of the same kind parses.
  const ordinary = parseHttpFile(`POST http://x.test/\n\n${'{{a}}'.repeat(1000)}\n`);
  assert.equal(ordinary.problems.length, 0);
  assert.equal(ordinary.blocks.length, 1);
});

test('a dense request inside a file that is mostly plain text parses, and its details read without a refusal', () => {
  const headers = 'X: {{a}}\n'.repeat(40_000);
  const file = parseHttpFile(`${'# a long comment line\n'.repeat(200_000)}###\nGET http://x.test/\n${headers}`);
  assert.equal(file.blocks.length, 1);
  assert.equal(file.blocks[0].headers.length, 40_000);
});
