// Child process for the memory tests: builds a file of one shape and parses it (or resolves it) under the
// heap limit the parent set with --max-old-space-size; prints one JSON line; a heap overrun kills the process.
import { parseHttpFile } from '../../src/core/http/parser';
import { resolveRequest } from '../../src/core/http/resolve';

/** Text of about `size` characters in the shape named; the shapes are the ones that used to cost most per byte. */
export function shape(name: string, size: number): string {
  const repeat = (unit: string, head = ''): string => head + unit.repeat(Math.floor((size - head.length) / unit.length));
  switch (name) {
    case 'references': return repeat('{{a}}', 'POST http://x.test/\n\n');
    case 'reference-lines': return repeat('{{a}}\n', 'POST http://x.test/\n\n');
    case 'header-references': return repeat('X: {{a}}{{b}}\n', 'GET http://x.test/\n');
    case 'headers': return repeat('X-H: v\n', 'GET http://x.test/\n');
    case 'requests': return repeat('GET http://x.test/\n###\n');
    case 'variables': return repeat('@v = {{v}}\n');
    case 'directives': return repeat('# @name x\n');
    case 'body': return repeat('abcdefghi\n', 'POST http://x.test/\n\n');
    case 'long-line': return repeat('a', 'GET http://x.test/');
    default: throw new Error(`unknown shape ${name}`);
  }
}

async function main(): Promise<void> {
  const [mode, name, size] = process.argv.slice(2);
  if (mode === 'parse') {
    const text = shape(name, Number(size));
    const file = parseHttpFile(text);
    process.stdout.write(`${JSON.stringify({ blocks: file.blocks.length, problems: file.problems.slice(0, 1).map((p) => p.message) })}\n`);
    return;
  }
  // 'expand': the doubling file from issue 8, `levels` deep.
  const lines = ['@a0 = xxxxxxxxxxxxxxxx'];
  for (let i = 1; i <= Number(size); i++) lines.push(`@a${i} = {{a${i - 1}}}{{a${i - 1}}}`);
  lines.push('', `GET http://x.test/?q={{a${size}}}`, '');
  try {
    await resolveRequest(parseHttpFile(lines.join('\n')), 0);
    process.stdout.write(`${JSON.stringify({ resolved: true })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  }
}

if (require.main === module) void main();
