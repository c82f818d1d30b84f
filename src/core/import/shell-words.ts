// Splits one pasted shell command into words the way a user's shell would, for the shapes docs pages use:
// POSIX (bash/zsh: quotes, `$'…'`, `\` continuations) and Windows cmd (`^` continuations and escapes, the form
// browsers' "Copy as cURL (cmd)" produce). One linear pass, no regular expression over the whole input.
import { AioError } from '../errors';

import { MAX_COMMAND_CHARS } from './limits';

export { MAX_COMMAND_CHARS };
/** More words than any real command has; stops pathological inputs early. */
export const MAX_WORDS = 20_000;

export type ShellDialect = 'posix' | 'cmd';

/** Windows cmd when a line ends with `^` or a `^"` escape appears; POSIX otherwise. */
export function detectDialect(text: string): ShellDialect {
  return /\^\r?\n|\^"/.test(text) ? 'cmd' : 'posix';
}

function tooLarge(length: number): AioError {
  return new AioError('import-too-large', `The command is ${length} characters; a curl command is at most ${MAX_COMMAND_CHARS}. Paste only the command.`);
}

/**
 * The words of the first command in `text`. It ends at an unquoted `|`, `;`, `&&`, `>` or at a line break that
 * is not continued — except that a next line starting with `-` still belongs to it (docs often drop the `\`).
 */
export function shellWords(text: string, dialect: ShellDialect = detectDialect(text)): string[] {
  if (text.length > MAX_COMMAND_CHARS) throw tooLarge(text.length);
  const normalized = text.replace(/\r\n?/g, '\n');
  // cmd removes its `^` escapes first; curl.exe then splits what is left by the C runtime's rules.
  const src = dialect === 'cmd' ? removeCmdEscapes(normalized) : normalized;
  const words: string[] = [];
  let word = '';
  let inWord = false;
  const push = (): void => {
    if (!inWord) return;
    if (words.length >= MAX_WORDS) throw new AioError('import-too-large', `The command has more than ${MAX_WORDS} words; paste only the curl command.`);
    words.push(word);
    word = '';
    inWord = false;
  };
  /** After a line break: does the command go on (next non-blank line starts with an option)? */
  const continues = (from: number): boolean => {
    let j = from;
    while (j < src.length && (src[j] === ' ' || src[j] === '\t')) j++;
    return src[j] === '-';
  };
  const escapeChar = '\\';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    // Line continuations: `\`, cmd's `^` and PowerShell's backtick at the end of a line.
    if ((c === escapeChar || c === '`') && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t') {
      push();
      i++;
      continue;
    }
    if (c === '\n') {
      push();
      if (words.length > 0 && !continues(i + 1)) break;
      i++;
      continue;
    }
    if (!inWord && c === '#' && dialect === 'posix') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '<') {
      // Docs write placeholders unquoted (`https://mc.adobe.io/<ORGANIZATION>/…`): not a redirection here.
      const close = src.slice(i + 1, i + 82).search(/[^\w .-]/);
      if (close >= 0 && src[i + 1 + close] === '>') {
        word += src.slice(i, i + close + 2);
        inWord = true;
        i += close + 2;
        continue;
      }
    }
    if (c === '|' || c === ';' || c === '>' || (c === '&' && src[i + 1] === '&')) {
      push();
      break;
    }
    if (c === escapeChar && dialect === 'cmd') {
      // The C runtime: `\"` is a literal quote; other backslashes stay.
      word += src[i + 1] === '"' ? '"' : '\\';
      inWord = true;
      i += src[i + 1] === '"' ? 2 : 1;
      continue;
    }
    if (c === escapeChar) {
      // An escaped character stands for itself.
      if (i + 1 < src.length) word += src[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'" && dialect === 'posix') {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new AioError('import-invalid', "A single quote (') is not closed; paste the whole command.");
      word += src.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '$' && src[i + 1] === "'" && dialect === 'posix') {
      i = readAnsiC(src, i + 2, (s) => (word += s));
      inWord = true;
      continue;
    }
    if (c === '"') {
      i = readDouble(src, i + 1, dialect, (s) => (word += s));
      inWord = true;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  push();
  return words;
}

/**
 * `"…"`. POSIX: `\` escapes only `"`, `\`, `$`, backtick and a line break. cmd (C runtime): only `\"`.
 * Returns the index after the closing quote.
 */
function readDouble(src: string, from: number, dialect: ShellDialect, add: (s: string) => void): number {
  let i = from;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') return i + 1;
    if (c === '\\' && dialect === 'cmd') {
      add(src[i + 1] === '"' ? '"' : '\\');
      i += src[i + 1] === '"' ? 2 : 1;
      continue;
    }
    if (c === '\\' && i + 1 < src.length) {
      const n = src[i + 1]!;
      if (n === '\n') {
        i += 2;
        continue;
      }
      add('"\\$`'.includes(n) ? n : `\\${n}`);
      i += 2;
      continue;
    }
    add(c);
    i++;
  }
  throw new AioError('import-invalid', 'A double quote (") is not closed; paste the whole command.');
}

/** cmd's own pass: outside its quotes `^X` is X and `^` before a line break continues the line. */
function removeCmdEscapes(src: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"') quoted = !quoted;
    if (c === '^' && !quoted && i + 1 < src.length) {
      const n = src[i + 1]!;
      if (n !== '\n') out += n;
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

const ANSI_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };

/** `$'…'` (bash): C escapes, `\xHH` and `\uHHHH`. Returns the index after the closing quote. */
function readAnsiC(src: string, from: number, add: (s: string) => void): number {
  let i = from;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "'") return i + 1;
    if (c === '\\' && i + 1 < src.length) {
      const n = src[i + 1]!;
      const hex = n === 'x' ? src.slice(i + 2, i + 4).match(/^[0-9a-fA-F]{1,2}/)?.[0] : n === 'u' ? src.slice(i + 2, i + 6).match(/^[0-9a-fA-F]{4}/)?.[0] : undefined;
      if (hex) {
        add(String.fromCharCode(parseInt(hex, 16)));
        i += 2 + hex.length;
        continue;
      }
      add(ANSI_ESCAPES[n] ?? `\\${n}`);
      i += 2;
      continue;
    }
    add(c);
    i++;
  }
  throw new AioError('import-invalid', "A $'…' string is not closed; paste the whole command.");
}
