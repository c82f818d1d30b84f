// `matches` runs a pattern from a `.http` file against text from a server: both are untrusted, and a pattern such
// as `(a+)+$` backtracks for years on a few dozen characters. Node's regex engine has no timeout, so the match
// runs in a separate V8 context whose execution is terminated after a time bound; sizes are capped as well.
import { createContext, runInContext, type Context } from 'node:vm';

/** Longest pattern accepted (characters); real assertions are far shorter. */
export const MAX_PATTERN_LENGTH = 1000;
/** Longest text a pattern is run on (characters). */
export const MAX_SUBJECT_LENGTH = 1024 * 1024;
/** Time one match may take before it is stopped. */
// Generous enough that a busy machine never stops an ordinary match, short enough that a backtracking one ends soon.
export const MATCH_TIME_LIMIT_MS = 1000;

export type BoundedMatch = { matched: boolean } | { problem: string };

let sandbox: Context | undefined;

/** `/pattern/flags` or a bare pattern; undefined flags mean none. */
export function splitPattern(written: string): { source: string; flags: string } {
  const m = /^\/([\s\S]*)\/([a-z]*)$/.exec(written);
  return m ? { source: m[1], flags: m[2] } : { source: written, flags: '' };
}

/** Whether `text` matches `written` (`/re/i` or `re`), within the size and time bounds; a problem otherwise. */
export function boundedMatch(written: string, text: string, timeLimitMs = MATCH_TIME_LIMIT_MS): BoundedMatch {
  if (written.length > MAX_PATTERN_LENGTH + 12) return { problem: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  const { source, flags } = splitPattern(written);
  if (source.length > MAX_PATTERN_LENGTH) return { problem: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  if (text.length > MAX_SUBJECT_LENGTH) return { problem: `the value is longer than ${MAX_SUBJECT_LENGTH / (1024 * 1024)} MB, too long to match a pattern against` };
  // `g` and `y` make `test` stateful; nothing else changes what a single test means.
  if (/[^imsuv]/.test(flags)) return { problem: `\`${flags}\` are not pattern flags this check accepts (use i, m, s, u or v)` };
  try {
    new RegExp(source, flags);
  } catch (error) {
    return { problem: `the pattern is not a valid regular expression (${(error as Error).message})` };
  }
  sandbox ??= createContext(Object.create(null) as object);
  sandbox.source = source;
  sandbox.flags = flags;
  sandbox.text = text;
  try {
    // The script is a constant: pattern and text are data in the context, never code.
    return { matched: runInContext('new RegExp(source, flags).test(text)', sandbox, { timeout: timeLimitMs }) === true };
  } catch {
    return { problem: `the pattern took longer than ${timeLimitMs} ms to match and was stopped (it likely backtracks; simplify it)` };
  } finally {
    sandbox.text = undefined;
  }
}
