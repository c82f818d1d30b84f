import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printable } from '../../src/cli/terminal-text';

test('control characters from a server are shown as escapes, never sent to the terminal raw', () => {
  assert.equal(printable('OK\x1b[31mred\x07'), 'OK\\x1b[31mred\\x07');
  assert.equal(printable('a\r\nb\tc\x7f\u009b2J'), 'a\\x0d\\x0ab\\x09c\\x7f\\x9b2J');
  assert.equal(printable('café ✓ 日本'), 'café ✓ 日本');
});

test('a body keeps its lines and tabs; other controls (a lone CR too) are escaped', async () => {
  const { printableLines } = await import('../../src/cli/terminal-text');
  assert.equal(printableLines('a\r\nb\tc\rd\x1b[2J\u009b'), 'a\nb\tc\\x0dd\\x1b[2J\\x9b');
});
