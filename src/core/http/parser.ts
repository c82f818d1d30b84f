// The `.http` parser: one pass over the lines, no backtracking, exact ranges for CodeLens and diagnostics.
// The grammar is ../shared/docs/http-files.md; REST Client files must parse as REST Client reads them.

import type {
  Assertion,
  Body,
  BodyLine,
  Directive,
  FilePacing,
  FileVariable,
  HeaderLine,
  HttpFile,
  Problem,
  ProblemSeverity,
  PromptSpec,
  Range,
  RequestBlock,
  VariableReference,
} from './parse-types';
import type { RequestOptions } from './types';
import { SECRET_NAMES, secretName } from '../known-secrets';
import { parseRate } from '../traffic/pacer';
import { LineRange, ParsedDirective, ParsedHeader, ParsedReference, ParsedRequestLine } from './parse-range';
import { parseAssertionLine } from './parse-assertion';

/** Methods recognised without a warning (matched case-insensitively). */
const KNOWN_METHODS = new Set([
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'QUERY',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH', 'PURGE',
]);

/** Directives we act on; anything else earns a warning so typos do not pass silently. */
const KNOWN_DIRECTIVES = new Set([
  'name', 'note', 'no-redirect', 'no-cookie-jar', 'prompt', 'profile', 'no-auth', 'sandbox', 'timeout', 'allow-secret',
  'rate', 'concurrency', 'no-limits', 'paginate',
]);

type PacingValue = { rate: { count: number; windowMs: number } } | { concurrency: number } | { noLimits: true } | { paginate: { maxPages?: number } };

/** Reads `@rate`, `@concurrency`, `@no-limits` and `@paginate [max=N]`; undefined for other keys. */
function pacingDirective(key: string, value: string): PacingValue | { error: string; code: string } | undefined {
  switch (key) {
    case 'rate': {
      const parsed = parseRate(value);
      return 'rate' in parsed ? parsed : { code: 'invalid-rate', error: `\`@rate\`: ${parsed.error}` };
    }
    case 'concurrency':
      return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 1000
        ? { concurrency: Number(value) }
        : { code: 'invalid-concurrency', error: '`@concurrency` needs a whole number of requests in flight from 1 to 1000, e.g. `# @concurrency 4`.' };
    case 'no-limits':
      return { noLimits: true };
    case 'paginate': {
      if (value === '') return { paginate: {} };
      const m = /^max\s*=\s*(\d+)$/i.exec(value);
      return m && Number(m[1]) >= 1
        ? { paginate: { maxPages: Number(m[1]) } }
        : { code: 'invalid-paginate', error: '`@paginate` takes an optional page limit, e.g. `# @paginate` or `# @paginate max=5`.' };
    }
    default:
      return undefined;
  }
}

/** Prompt names that look like secrets; the UI masks what the user types for them. */
const SECRET_NAME = /pass|pwd|secret|token|key|credential|auth/i;

/** Canonical method and directive strings, so blocks share them instead of each keeping its own copy. */
const KNOWN_METHOD_BY_SPELLING = new Map<string, string>();
for (const m of KNOWN_METHODS) {
  KNOWN_METHOD_BY_SPELLING.set(m, m);
  KNOWN_METHOD_BY_SPELLING.set(m.toLowerCase(), m);
}
const DIRECTIVE_KEYS = new Map([...KNOWN_DIRECTIVES].map((k) => [k, k]));

/** Shares one copy of short strings that repeat across blocks (header names and values, variable names). */
class Interner {
  private readonly strings = new Map<string, string>();

  /** Bounded, so a hostile file cannot grow it without limit; long strings rarely repeat and are not kept. */
  intern(value: string): string {
    if (value.length > 64) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size < 4096) this.strings.set(value, value);
    return value;
  }
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z{}-]+$/;
/** A HEADER_NAME and its colon at `lastIndex` (sticky; no line break matches, so it stays on its line). */
const HEADER_START = /[!#$%&'*+.^_`|~0-9A-Za-z{}-]+[ \t]*:/y;
/** What may start a URL on a request line without a method: a scheme, a path, a variable, `*`, `[v6]` or a host. */
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/|\{\{|\*$|\[|[\w.-]+(?::\d+)?(?:[/?#]|$))/i;
const HTTP_VERSION = /^HTTP\/\d(?:\.\d)?$/i;
const RESPONSE_LINE = /^HTTP\/\d(?:\.\d)?\s+\d{3}\b/i;
const REQUEST_NAME = /^[\w-]+$/;
const TIMEOUT = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i;

/** A `###`-delimited section of the file while it is being read. */
interface Section {
  startLine: number;
  startOffset: number;
  title?: string;
  isFirst: boolean;
  state: 'pre' | 'url' | 'headers' | 'body' | 'assertions' | 'ignored';
  directives: Directive[];
  request?: ParsedRequestLine;
  /** The block index this section gets, known once its request line is read. */
  index?: number;
  headers: HeaderLine[];
  /** `?? …` lines read so far (after them only more assertions, blanks and comments belong to the request). */
  assertions: Assertion[];
  /** Offset and line of the body's first and last content lines (-1: no body yet). */
  bodyStart: number;
  bodyStartLine: number;
  bodyEnd: number;
  bodyEndLine: number;
  bodyEndCharacter: number;
  /** Where this section's elements start in the file's lists, and the budget spent before it (for SectionRecord). */
  problemStart: number;
  referenceStart: number;
  variableStart: number;
  spentStart: number;
  /** Valid `# @name`s, duplicates included: later sections' duplicate-name warnings depend on them. */
  names?: string[];
  /** A `Content-Type` header names YAML (then `key: value` body lines are not misplaced headers). */
  yaml: boolean;
}

/**
 * What the incremental re-parse (parser-incremental.ts) keeps per section: sizes, not positions, so a record
 * stays true when an edit above it moves it. Its elements are the next `problems`/`references`/`variables` of the
 * file's lists, in order.
 */
export interface SectionRecord {
  /** Lines, the separator included. */
  lines: number;
  /** Characters from the section's first character to the end of its last line (the line break after it excluded). */
  length: number;
  block: RequestBlock | undefined;
  problems: number;
  references: number;
  variables: number;
  names: string[] | undefined;
  /** Budget the section's elements cost (see BUDGET_PER_CHAR). */
  cost: number;
}

/** What a region parse needs from the sections above it. */
interface RegionContext {
  blockBase: number;
  /** Request names declared above, for duplicate-name warnings; the parse adds its own. */
  names: Set<string>;
  records: SectionRecord[];
  /** The blocks readRequests listed for this text: kept where the parse makes the same ones (see readDetails). */
  listed?: readonly RequestBlock[];
}

function range(line: number, start: number, endLine: number, end: number): LineRange {
  return new LineRange(line, start, endLine, end);
}

/** Shared by every block without prompts (most of them); never mutated. */
const NO_PROMPTS: PromptSpec[] = Object.freeze([]) as unknown as PromptSpec[];
/** Shared by every block without assertions; never mutated. */
const NO_ASSERTIONS: Assertion[] = Object.freeze([]) as unknown as Assertion[];
/** Shared by every block without directives; frozen, so copy it (`{ ...options }`) before changing anything. */
const NO_OPTIONS: RequestOptions = Object.freeze({});

function firstNonBlank(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return i;
  }
  return -1;
}

function isComment(text: string, first: number): boolean {
  const c = text.charCodeAt(first);
  return c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(first + 1) === 47);
}

/** `@name = value` (spaces optional); returns undefined for lines that are not variable definitions. */
function parseVariableLine(text: string, first: number, line: number): FileVariable | 'no-equals' | undefined {
  if (text.charCodeAt(first) !== 64 /* @ */) return undefined;
  let i = first + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */ || c === 32 || c === 9) break;
    i++;
  }
  const name = text.slice(first + 1, i);
  let j = i;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  if (name === '' || text.charCodeAt(j) !== 61) return 'no-equals';
  const raw = text.slice(j + 1).trim();
  return {
    name,
    value: unescapeValue(raw),
    range: range(line, first, line, text.length),
    nameRange: range(line, first + 1, line, i),
  };
}

/** File variable values may use `\n` and `\t` escapes (and `\\` for a literal backslash before n or t). */
function unescapeValue(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1];
      if (n === 'n') { out += '\n'; i++; continue; }
      if (n === 't') { out += '\t'; i++; continue; }
      if (n === '\\' && (raw[i + 2] === 'n' || raw[i + 2] === 't')) { out += '\\'; i++; continue; }
    }
    out += c;
  }
  return out;
}

/** `# @key value` / `// @key value`; undefined for a plain comment. */
function parseDirective(text: string, first: number, line: number): Directive | undefined {
  let i = first;
  if (text.charCodeAt(i) === 35) {
    while (text.charCodeAt(i) === 35) i++;
  } else {
    while (text.charCodeAt(i) === 47) i++;
  }
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  if (text.charCodeAt(i) !== 64) return undefined;
  let k = i + 1;
  while (k < text.length && text.charCodeAt(k) !== 32 && text.charCodeAt(k) !== 9) k++;
  const raw = text.slice(i + 1, k);
  const key = DIRECTIVE_KEYS.get(raw) ?? raw.toLowerCase();
  if (key === '') return undefined;
  return new ParsedDirective(key, text.slice(k).trim(), line, first, text.length);
}

/** Files larger than this are refused before parsing (characters; `--max-file-size` changes it in the CLI). */
export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

/**
 * What the parser may hold per character of source, as estimated bytes: files with bodies use a few, compact lists
 * of requests about 10 (the floor below holds 10,000 of them), a file of nothing but `{{a}}` or `###` 15 or more.
 * Past it the file is refused, so parsing stays under 10× its size, or about 24 MB of heap for files under 2 MB.
 */
const BUDGET_PER_CHAR = 6;
/**
 * Floor of the budget, so small files with many short elements always parse: 10,000 compact requests (`# @name`, a
 * request line with a `{{…}}`, a header, about 75 characters each) cost about 7 MB.
 */
const BUDGET_FLOOR = 8 * 1024 * 1024;
/** Estimated bytes each recorded element costs (object, fields, array slot). */
const COST = { reference: 100, problem: 120, variable: 300, directive: 100, header: 100, block: 400, assertion: 200 } as const;

/** Thrown inside the parser when the budget runs out; caught in `parseChecked`. */
class TooDense extends Error {}

/** The refusal a caller shows for a file over `maxFileSize`: undefined when the size is fine. */
export function fileSizeProblem(size: number, maxFileSize = DEFAULT_MAX_FILE_SIZE): string | undefined {
  if (size <= maxFileSize) return undefined;
  const mb = (n: number): string => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`);
  return `This file is ${mb(size)}, over the ${mb(maxFileSize)} limit for .http files; split it, or raise the limit with \`--max-file-size\`.`;
}

const TOO_DENSE = 'Not parsed: this file holds too many requests, variables, headers or `{{…}}` uses for its size to handle safely; split it into smaller files.';

function refusal(message: string): Problem {
  return { severity: 'error', code: 'file-refused', message, range: range(0, 0, 0, 0) };
}

/** A file refused whole: no blocks, one error on its first line saying why. */
function refusedFile(message: string): HttpFile {
  return { blocks: [], variables: [], problems: [refusal(message)], references: [], lineCount: 1 };
}

/** Sections of each lazily parsed file, with the text they were read from (what reparseHttpFile starts from). */
const sectionIndexes = new WeakMap<HttpFile, { text: string; records: SectionRecord[] }>();

/**
 * Files whose details (problems, variable uses, variables, sections) are not all read: reads up to `lines` more
 * lines, stopping after the line that passes `characters` more characters; true once all are read.
 */
const unreadDetails = new WeakMap<HttpFile, (lines: number, characters: number) => boolean>();

/** How much readDetailsInSteps reads between pauses: lines, or characters for files of long lines (about 10 ms warm). */
const LINES_PER_STEP = 5000;
const CHARACTERS_PER_STEP = 256 * 1024;

/**
 * Reads the details of a file from parseHttpFile now, if they are not read yet (reading its `problems`,
 * `references` or `variables` does it too). A file too dense for its size is refused then: its blocks are gone.
 * What sends requests calls it before it looks at the blocks.
 */
export function readDetails(file: HttpFile): void {
  unreadDetails.get(file)?.(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
}

/** Whether `file`'s details are all read (always, for a file not from parseHttpFile). */
export function detailsRead(file: HttpFile): boolean {
  return !unreadDetails.has(file);
}

/**
 * readDetails a step at a time, with `pause` between steps (the editor yields to other work there), so a large
 * file's details never hold the extension host for long. Stops early when `keepGoing` says the file is stale; what
 * it read is kept, and a later read goes on from there.
 */
export async function readDetailsInSteps(file: HttpFile, pause: () => Promise<void>, keepGoing: () => boolean = () => true): Promise<void> {
  for (;;) {
    const readSome = unreadDetails.get(file);
    if (!readSome || readSome(LINES_PER_STEP, CHARACTERS_PER_STEP)) return;
    await pause();
    if (!keepGoing()) return;
  }
}

/** The sections `file` was parsed into, when it came from parseHttpFile or reparseHttpFile (not a refused file). */
export function sectionIndex(file: HttpFile): { text: string; records: SectionRecord[] } | undefined {
  readDetails(file);
  return sectionIndexes.get(file);
}

export function rememberSections(file: HttpFile, text: string, records: SectionRecord[]): void {
  sectionIndexes.set(file, { text, records });
}

/** The most the elements of a text of `length` characters may cost before the file is refused. */
export function budgetFor(length: number): number {
  return BUDGET_FLOOR + length * BUDGET_PER_CHAR;
}

/**
 * Parses `source`, whole sections starting at line `lineOffset` of a file, as parseHttpFile would read them in that
 * file: block indices from `blockBase`, names above in `names`. No budget: the caller adds up the records' costs.
 */
export function parseRegion(source: string, lineOffset: number, blockBase: number, names: Set<string>): { file: HttpFile; records: SectionRecord[] } {
  const records: SectionRecord[] = [];
  const file = parseSource(source, lineOffset, false, Number.POSITIVE_INFINITY, { blockBase, names, records });
  return { file, records };
}

/** How parseChecked reads: block details up front, one whole pass, or the requests first (withDetailsOnDemand). */
type ParseMode = 'eager' | 'whole' | 'requests first';

function parseChecked(text: string, mode: ParseMode): HttpFile {
  // CRLF and lone CR become LF first; that changes no line number and no offset within a line.
  const source = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  try {
    if (mode === 'eager') return parseSource(source, 0, true);
    // Only LF texts keep their sections: a CR anywhere makes reparseHttpFile parse the whole text again.
    if (mode === 'requests first') return withDetailsOnDemand(source, source === text, readRequests(source, budgetFor(source.length)));
    // For a run or the Testing view, which never re-parse it: no section records.
    return parseSource(source, 0, false, budgetFor(source.length));
  } catch (error) {
    if (!(error instanceof TooDense)) throw error;
    return refusedFile(TOO_DENSE);
  }
}

/**
 * The file of a whole-file parse: the requests readRequests listed, and the rest (problems, variable uses,
 * variables, the section records) read by parseSource on first use. The blocks stay the listed objects wherever the
 * whole parse reads them the same (always, unless readRequests has a bug: then the whole parse's are put in their
 * place). A file that proves too dense then becomes the refused file: no blocks, one problem.
 */
function withDetailsOnDemand(text: string, remember: boolean, listed: RequestList): HttpFile {
  const blocks = listed.blocks;
  let details: Pick<HttpFile, 'problems' | 'references' | 'variables'> | undefined;
  const file: HttpFile = {
    blocks,
    get variables() {
      return (details ?? read()).variables;
    },
    fileProfile: listed.fileProfile,
    ...(listed.filePacing ? { filePacing: listed.filePacing } : {}),
    get problems() {
      return (details ?? read()).problems;
    },
    get references() {
      return (details ?? read()).references;
    },
    lineCount: listed.lineCount,
  };
  // Let go once the details are read: the text stays only where the blocks and the section index keep it.
  let source: string | undefined = text;
  let records: SectionRecord[] | undefined = [];
  let parse: ParseSteps | undefined;
  /** Reads up to `lines` more lines (or `characters` more characters) of the details; true once they are all read. */
  const readSome = (lines: number, characters: number): boolean => {
    if (details) return true;
    try {
      parse ??= parseInSteps(source!, 0, false, budgetFor(source!.length), { blockBase: 0, names: new Set(), records: records!, listed: blocks });
      if (!parse.step(lines, characters)) return false;
      const whole = parse.result();
      for (let i = 0; i < whole.blocks.length; i++) if (blocks[i] !== whole.blocks[i]) blocks[i] = whole.blocks[i];
      blocks.length = whole.blocks.length;
      details = { problems: whole.problems, references: whole.references, variables: whole.variables };
      if (remember) rememberSections(file, source!, records!);
    } catch (error) {
      if (!(error instanceof TooDense)) throw error;
      blocks.length = 0;
      details = { problems: [refusal(TOO_DENSE)], references: [], variables: [] };
      delete file.fileProfile;
      delete file.filePacing;
      file.lineCount = 1;
    }
    parse = undefined;
    source = undefined;
    records = undefined;
    unreadDetails.delete(file);
    return true;
  };
  const read = (): Pick<HttpFile, 'problems' | 'references' | 'variables'> => {
    readSome(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    return details!;
  };
  unreadDetails.set(file, readSome);
  return file;
}

/**
 * parseHttpFile with the details read in the same pass, for a caller that needs them at once (a run, the Testing
 * view's items): no first pass that would be read again.
 */
export function parseHttpFileInFull(text: string): HttpFile {
  return parseChecked(text, 'whole');
}

/**
 * Parses a `.http` / `.rest` file. Never throws; everything questionable becomes a `Problem`. A file so dense in
 * elements that parsing it would take more than about 10× its size in memory (about 24 MB under 2 MB) is refused
 * with one problem.
 */
export function parseHttpFile(text: string): HttpFile {
  return parseChecked(text, 'requests first');
}

/** Like parseHttpFile, with every block's details read up front (for tools that walk everything, and tests). */
export function parseHttpFileEagerly(text: string): HttpFile {
  return parseChecked(text, 'eager');
}

/**
 * One pass over `source` (LF line ends), whose first line is line `lineOffset` of the file. With `retain` false
 * (the whole-file parse) blocks keep only what CodeLens and planning need (title, name, request line, range) and
 * re-parse their own lines on first access to headers, directives, options, prompts or body: a large file then
 * leaves a few objects per block for the GC instead of dozens, which is what keeps a keystroke's parse cheap.
 */
function parseSource(source: string, lineOffset: number, retain: boolean, budgetBytes = budgetFor(source.length), region?: RegionContext): HttpFile {
  const parse = parseInSteps(source, lineOffset, retain, budgetBytes, region);
  parse.step(Number.POSITIVE_INFINITY);
  return parse.result();
}

/**
 * A parse read a part at a time: `step` reads up to `lines` more lines, stopping after the line that passes
 * `characters` more characters, and says whether the source is done.
 */
interface ParseSteps {
  step(lines: number, characters?: number): boolean;
  /** The parse, once `step` said the source is done. */
  result(): HttpFile;
}

/** parseSource, one step at a time (see withDetailsOnDemand). */
function parseInSteps(source: string, lineOffset: number, retain: boolean, budgetBytes: number, region: RegionContext | undefined): ParseSteps {
  const interner = new Interner();
  /** Length of the line before the current one (a section's last line, for block ranges). */
  let previousLength = 0;
  const blocks: RequestBlock[] = [];
  const variables: FileVariable[] = [];
  const problems: Problem[] = [];
  const references: VariableReference[] = [];
  const names = region?.names ?? new Set<string>();
  const blockBase = region?.blockBase ?? 0;
  const records = region?.records;
  let fileProfile: string | undefined;
  let filePacing: FilePacing | undefined;
  let spent = 0;
  /** Counts an element against the budget; checked as elements are made, so memory never overshoots. */
  const spend = (cost: number): void => {
    spent += cost;
    if (spent > budgetBytes) throw new TooDense();
  };

  /**
   * The next section. One object serves them all (a section is finished before the next starts, and finishing
   * copies what a block keeps): ten thousand sections then leave no garbage for a cold parse's GC to sweep.
   */
  let current: Section | undefined;
  const newSection = (startLine: number, startOffset: number, title: string | undefined, isFirst: boolean): Section => {
    if (!current) {
      current = {
        startLine, startOffset, title, isFirst, state: 'pre', directives: [], headers: [], assertions: [], request: undefined, index: undefined,
        bodyStart: -1, bodyStartLine: -1, bodyEnd: -1, bodyEndLine: -1, bodyEndCharacter: 0,
        problemStart: problems.length, referenceStart: references.length, variableStart: variables.length, spentStart: spent, names: undefined, yaml: false,
      };
      return current;
    }
    const s = current;
    s.startLine = startLine;
    s.startOffset = startOffset;
    s.title = title;
    s.isFirst = isFirst;
    s.state = 'pre';
    // Only when not empty: setting an array's length is a call into the runtime, once per section.
    if (s.directives.length > 0) s.directives.length = 0;
    if (s.headers.length > 0) s.headers.length = 0;
    if (s.assertions.length > 0) s.assertions.length = 0;
    s.request = undefined;
    s.index = undefined;
    s.bodyStart = -1;
    s.bodyStartLine = -1;
    s.bodyEnd = -1;
    s.bodyEndLine = -1;
    s.bodyEndCharacter = 0;
    s.problemStart = problems.length;
    s.referenceStart = references.length;
    s.variableStart = variables.length;
    s.spentStart = spent;
    s.names = undefined;
    s.yaml = false;
    return s;
  };

  const problem = (sec: Section, severity: ProblemSeverity, code: string, message: string, r: Range): void => {
    const p: Problem = { severity, code, message, range: r };
    if (sec.index !== undefined) p.blockIndex = sec.index;
    spend(COST.problem);
    problems.push(p);
  };

  const unterminated = (sec: Section | undefined, line: number, start: number, end: number, inBody: boolean, fileLevel: boolean): void => {
    const p: Problem = {
      severity: inBody ? 'warning' : 'error',
      code: 'unterminated-variable',
      message: inBody
        ? '`{{` has no closing `}}` on this line; it is sent as literal text.'
        : '`{{` has no closing `}}` on this line. Close the variable or remove the braces.',
      range: range(line, start, line, end),
    };
    if (sec?.index !== undefined && !fileLevel) p.blockIndex = sec.index;
    spend(COST.problem);
    problems.push(p);
  };

  /** One `{{…}}` use: `expression` is the untrimmed text between the braces, `start`/`end` cover the braces. */
  const reference = (sec: Section | undefined, raw: string, line: number, start: number, end: number, inBody: boolean, fileLevel: boolean): void => {
    const expression = interner.intern(raw.trim());
    if (expression === '') {
      const p: Problem = {
        severity: inBody ? 'warning' : 'error', code: 'empty-variable',
        message: '`{{}}` names no variable.', range: range(line, start, line, end),
      };
      if (sec?.index !== undefined && !fileLevel) p.blockIndex = sec.index;
      spend(COST.problem);
      problems.push(p);
    } else {
      const ref: VariableReference = new ParsedReference(expression, line, start, end);
      if (sec?.index !== undefined && !fileLevel) ref.blockIndex = sec.index;
      spend(COST.reference);
      references.push(ref);
    }
  };

  /** Records `{{…}}` uses in a line; an unterminated `{{` is an error, or a warning in a body (sent as is). */
  const scanReferences = (
    sec: Section | undefined, t: string, from: number, limit: number, line: number, inBody: boolean, fileLevel: boolean,
  ): void => {
    let open = t.indexOf('{{', from);
    while (open >= 0 && open < limit) {
      const close = t.indexOf('}}', open + 2);
      if (close < 0 || close + 2 > limit) {
        unterminated(sec, line, open, limit, inBody, fileLevel);
        return;
      }
      reference(sec, t.slice(open + 2, close), line, open, close + 2, inBody, fileLevel);
      open = t.indexOf('{{', close + 2);
    }
  };

  // The next `{{` and `}}` in `source` at or after where they were last looked for (-1: none left), so lines
  // scanned in place cost one search per brace pair, not one search to the file's end per line.
  let openAt = -2;
  let closeAt = -2;
  const nextOpen = (from: number): number => {
    if (openAt !== -1 && openAt < from) openAt = source.indexOf('{{', from);
    return openAt;
  };
  const nextClose = (from: number): number => {
    if (closeAt !== -1 && closeAt < from) closeAt = source.indexOf('}}', from);
    return closeAt;
  };

  /** scanReferences on `source` itself, for the line starting at `lineStart` (`from`, `limit`: offsets in `source`). */
  const scanSourceReferences = (sec: Section, lineStart: number, from: number, limit: number, line: number, inBody: boolean): void => {
    let open = nextOpen(from);
    while (open >= 0 && open < limit) {
      const close = nextClose(open + 2);
      if (close < 0 || close + 2 > limit) {
        unterminated(sec, line, open - lineStart, limit - lineStart, inBody, false);
        return;
      }
      reference(sec, source.slice(open + 2, close), line, open - lineStart, close + 2 - lineStart, inBody, false);
      open = nextOpen(close + 2);
    }
  };

  const addVariable = (v: FileVariable, t: string, line: number): void => {
    spend(COST.variable);
    variables.push(v);
    scanReferences(undefined, t, v.nameRange.end.character, t.length, line, false, true);
  };

  const finish = (sec: Section, endLine: number, endChar: number, endOffset: number): void => {
    const blockCount = blocks.length;
    finishSection(sec, endLine, endChar, endOffset);
    records?.push({
      lines: endLine - sec.startLine + 1, length: endOffset - sec.startOffset, block: blocks.length > blockCount ? blocks[blockCount] : undefined,
      problems: problems.length - sec.problemStart, references: references.length - sec.referenceStart,
      variables: variables.length - sec.variableStart, names: sec.names, cost: spent - sec.spentStart,
    });
  };

  const finishSection = (sec: Section, endLine: number, endChar: number, endOffset: number): void => {
    if (!sec.request) {
      for (const d of sec.directives) {
        const pacing = sec.isFirst ? pacingDirective(d.key, d.value) : undefined;
        if (sec.isFirst && d.key === 'profile' && d.value !== '') {
          fileProfile = d.value;
        } else if (pacing && 'error' in pacing) {
          problems.push({ severity: 'error', code: pacing.code, message: pacing.error, range: d.range });
        } else if (pacing && !('paginate' in pacing)) {
          filePacing = { ...filePacing, ...pacing };
        } else if (!KNOWN_DIRECTIVES.has(d.key)) {
          spend(COST.problem);
          problems.push(unknownDirective(d));
        } else if (d.key === 'allow-secret') {
          // Never file-wide: letting a secret out must be decided request by request.
          problems.push({
            severity: 'warning', code: 'allow-secret-file-wide',
            message: '`@allow-secret` has no effect here: it applies to one request only. Put it just above the request line of the request that must carry the secret.',
            range: d.range,
          });
        } else {
          spend(COST.problem);
          problems.push({
            severity: 'warning', code: 'directive-without-request',
            message: `\`@${d.key}\` applies to no request: this section has no request line.`, range: d.range,
          });
        }
      }
      return;
    }
    const index = blockBase + blocks.length;
    const { name, options, prompts } = requestDirectives(sec.directives, sec.request.httpVersion, {
      problem: (severity, code, message, r) => problem(sec, severity, code, message, r),
      named: (value, d) => {
        if (names.has(value)) {
          problem(sec, 'warning', 'duplicate-name', `Another request is already named \`${value}\`; chaining uses the first one.`, d.range);
        } else {
          names.add(value);
        }
        (sec.names ??= []).push(value);
      },
    });
    spend(COST.block);
    if (!retain) {
      const listed = region?.listed?.[index - blockBase];
      blocks.push(listed instanceof LazyBlock && listed.isSame(source, sec.startOffset, endOffset, sec.startLine, endLine, endChar, index, sec.title, name, sec.request, options)
        ? listed
        : new LazyBlock(source, sec.startOffset, endOffset, sec.startLine, endLine, endChar, index, sec.title, name, sec.request, options));
      return;
    }
    const body = sec.bodyStart < 0
      ? undefined
      : new LazyBody(source, sec.bodyStart, sec.bodyEnd, sec.bodyStartLine, sec.bodyEndLine, sec.bodyEndCharacter);
    blocks.push({
      // slice(): exact-size copies; a growing array keeps spare capacity that adds up over thousands of blocks.
      index, range: range(sec.startLine, 0, endLine, endChar), title: sec.title, name, directives: sec.directives.slice(), options,
      prompts, request: sec.request, headers: sec.headers.slice(), body,
      assertions: sec.assertions.length > 0 ? sec.assertions.slice() : NO_ASSERTIONS,
    });
  };

  /** REST Client pitfalls at the top of a body: headers after a blank line, a second request without `###`. */
  const checkBodyStart = (sec: Section, text: string, line: number): void => {
    const t = text.trim();
    const lineRange = range(line, 0, line, text.length);
    const space = t.indexOf(' ');
    const word = space > 0 ? t.slice(0, space) : t;
    if (space > 0 && KNOWN_METHODS.has(word) && /^(?:https?:\/\/|\/|\{\{)/.test(t.slice(space + 1).trimStart())) {
      problem(sec, 'warning', 'request-in-body',
        'This looks like another request, but without a `###` line above it it is sent as the body of the request above.', lineRange);
      return;
    }
    const colon = t.indexOf(':');
    if (colon > 0 && t.charCodeAt(colon + 1) === 32 && HEADER_NAME.test(t.slice(0, colon)) && t.charCodeAt(0) !== 123) {
      if (!sec.yaml) {
        problem(sec, 'warning', 'header-in-body',
          'This looks like a header, but it comes after the blank line that starts the body, so it is sent as body text. Remove the blank line above it if it is a header.',
          lineRange);
      }
    }
  };

  const unknownDirective = (d: Directive): Problem => ({ severity: 'warning', code: 'unknown-directive', message: unknownDirectiveMessage(d.key), range: d.range });

  /** Reads a request line; false when the line is no request line at all (e.g. a header or JSON). */
  const parseRequestLine = (sec: Section, t: string, first: number, line: number): boolean => {
    const request = readRequestLine(t, first, line);
    if (!request) return false;
    sec.index = blockBase + blocks.length;
    if (request.methodEnd >= 0 && !KNOWN_METHODS.has(request.method)) {
      problem(sec, 'warning', 'unknown-method', `\`${t.slice(first, request.methodEnd)}\` is not a standard HTTP method; it is sent as \`${request.method}\`.`, range(line, first, line, request.methodEnd));
    }
    sec.request = request;
    scanReferences(sec, t, request.urlStart, request.urlEnd, line, false, false);
    return true;
  };

  /**
   * The common lines of a whole-file parse, read without cutting them out: blank lines, comments and ignored lines,
   * body text, and `Name: value` headers (whose details LazyBlock reads again when asked). False: not one of
   * those, the caller reads the line in full. `f` is the first non-blank offset, `c0` its character (-1: blank).
   */
  function readInPlace(sec: Section, c0: number, f: number, lineStart: number, eol: number, line: number): boolean {
    const state = sec.state;
    if (state === 'ignored') return true;
    if (c0 < 0) {
      if (state === 'url' || state === 'headers') sec.state = 'body';
      return true;
    }
    const comment = c0 === 35 || (c0 === 47 && source.charCodeAt(f + 1) === 47);
    if (state === 'body') {
      if (f === lineStart && (c0 === 63 || c0 === 62 || c0 === 60)) return false; // `??`, `>`, `<`: read in full
      if (comment) return true;
      if (sec.bodyStart < 0) return false; // the first body line is checked for REST Client pitfalls
      sec.bodyEnd = eol;
      sec.bodyEndLine = line;
      sec.bodyEndCharacter = eol - lineStart;
      scanSourceReferences(sec, lineStart, f, eol, line, true);
      return true;
    }
    if (state === 'assertions') return comment;
    if (state === 'pre' || comment) return false;
    // A header: `url` state only at column 0 (indented lines may continue the URL), never `@`, `?`, `&` or `>`.
    if (state === 'url' && (f !== lineStart || c0 === 38)) return false;
    HEADER_START.lastIndex = f;
    if (!HEADER_START.test(source)) return false;
    const colon = HEADER_START.lastIndex - 1;
    let nameEnd = colon;
    while (source.charCodeAt(nameEnd - 1) === 32 || source.charCodeAt(nameEnd - 1) === 9) nameEnd--;
    sec.state = 'headers';
    let end = eol;
    while (end > colon && (source.charCodeAt(end - 1) === 32 || source.charCodeAt(end - 1) === 9)) end--;
    if (nameEnd - f === 12 && source.slice(f, nameEnd).toLowerCase() === 'content-type') {
      let valueStart = colon + 1;
      while (valueStart < end && (source.charCodeAt(valueStart) === 32 || source.charCodeAt(valueStart) === 9)) valueStart++;
      if (/yaml/i.test(source.slice(valueStart, end))) sec.yaml = true;
    }
    spend(COST.header);
    scanSourceReferences(sec, lineStart, f, end, line, false);
    return true;
  }

  // Lines are cut one at a time, not split up front: most die young, which keeps the GC cheap on large files.
  let sec = newSection(lineOffset, 0, undefined, lineOffset === 0);
  let line = lineOffset - 1;
  let pos = 0;
  const step = (lines: number, characters = Number.POSITIVE_INFINITY): boolean => {
  const stop = line + lines;
  const stopAt = pos + characters;
  while (pos <= source.length) {
    if (line >= stop || pos > stopAt) return false;
    line++;
    let eol = source.indexOf('\n', pos);
    if (eol < 0) eol = source.length;
    const lineStart = pos;
    pos = eol + 1;
    // Lines are classified by their first characters in place; only the rarer kinds are cut out as strings.
    let f = lineStart;
    while (f < eol && (source.charCodeAt(f) === 32 || source.charCodeAt(f) === 9)) f++;
    const c0 = f < eol ? source.charCodeAt(f) : -1;
    if (c0 === 35 && source.charCodeAt(f + 1) === 35 && source.charCodeAt(f + 2) === 35 && f + 2 < eol) {
      if (line > lineOffset) finish(sec, line - 1, previousLength, lineStart - 1);
      previousLength = eol - lineStart;
      sec = newSection(line, lineStart, sectionTitle(source, f, eol), false);
      continue;
    }
    if (!retain && readInPlace(sec, c0, f, lineStart, eol, line)) {
      previousLength = eol - lineStart;
      continue;
    }
    const t = source.slice(lineStart, eol);
    const first = c0 < 0 ? -1 : f - lineStart;
    switch (sec.state) {
      case 'pre': {
        if (first < 0) break;
        if (isComment(t, first)) {
          const d = parseDirective(t, first, line);
          if (d) {
            spend(COST.directive);
            sec.directives.push(d);
          }
          break;
        }
        const v = parseVariableLine(t, first, line);
        if (v === 'no-equals') {
          problem(sec, 'error', 'invalid-variable',
            'A file variable needs `=`: `@name = value`. Directives go in comments: `# @name value`.', range(line, first, line, t.length));
          break;
        }
        if (v) {
          addVariable(v, t, line);
          break;
        }
        const c0 = t.charCodeAt(first);
        if ((c0 === 72 || c0 === 104) && RESPONSE_LINE.test(t.slice(first))) {
          sec.state = 'ignored';
          break;
        }
        if ((c0 === 99 || c0 === 67) && /^curl\s/i.test(t.slice(first))) {
          problem(sec, 'error', 'curl-unsupported', 'cURL commands are not supported; write the request as `METHOD URL` with headers below it.', range(line, first, line, t.length));
          sec.state = 'ignored';
          break;
        }
        if (parseRequestLine(sec, t, first, line)) {
          sec.state = 'url';
        } else {
          problem(sec, 'error', 'missing-request-line',
            'Expected a request line (`METHOD URL`, e.g. `GET https://example.com/`) before headers or body; this section is not sent.',
            range(line, first, line, t.length));
          sec.state = 'ignored';
        }
        break;
      }
      case 'url':
      case 'headers': {
        if (first < 0) {
          sec.state = 'body';
          break;
        }
        if (isComment(t, first)) {
          const d = parseDirective(t, first, line);
          if (d) {
            problem(sec, 'warning', 'directive-after-request-line',
              `\`@${d.key}\` is ignored here: directives must come before the request line.`, d.range);
          }
          break;
        }
        const v = parseVariableLine(t, first, line);
        if (v && v !== 'no-equals') {
          addVariable(v, t, line);
          break;
        }
        const c = t.charCodeAt(first);
        const req = sec.request!;
        if (isForeignScript(t, sec)) break;
        if (sec.state === 'url' && ((c === 63 /* ? */ && t.charCodeAt(first + 1) !== 63) || c === 38 /* & */ || (first > 0 && !looksLikeHeader(t, first)))) {
          let end = t.length;
          while (end > first && (t.charCodeAt(end - 1) === 32 || t.charCodeAt(end - 1) === 9)) end--;
          req.url += t.slice(first, end);
          req.endLine = line;
          req.endCharacter = end;
          scanReferences(sec, t, first, end, line, false, false);
          break;
        }
        sec.state = 'headers';
        const colon = t.indexOf(':', first);
        let nameEnd = colon;
        while (nameEnd > first && (t.charCodeAt(nameEnd - 1) === 32 || t.charCodeAt(nameEnd - 1) === 9)) nameEnd--;
        const name = nameEnd > first ? interner.intern(t.slice(first, nameEnd)) : '';
        if (name === '' || !HEADER_NAME.test(name)) {
          problem(sec, 'error', 'missing-blank-line',
            'Expected a `Name: value` header here. Put a blank line between the headers and the body.', range(line, first, line, t.length));
          sec.state = 'body';
          addBodyLine(sec, t, first, line, lineStart);
          break;
        }
        let end = t.length;
        while (end > colon && (t.charCodeAt(end - 1) === 32 || t.charCodeAt(end - 1) === 9)) end--;
        let valueStart = colon + 1;
        while (valueStart < end && (t.charCodeAt(valueStart) === 32 || t.charCodeAt(valueStart) === 9)) valueStart++;
        spend(COST.header);
        const value = interner.intern(t.slice(valueStart, end));
        if (name.length === 12 && name.toLowerCase() === 'content-type' && /yaml/i.test(value)) sec.yaml = true;
        sec.headers.push(new ParsedHeader(name, value, line, first, end));
        scanReferences(sec, t, first, end, line, false, false);
        break;
      }
      case 'body':
        if (first === 0 && isForeignScript(t, sec)) break;
        addBodyLine(sec, t, first, line, lineStart);
        break;
      case 'assertions':
        if (first < 0 || isComment(t, first)) break;
        if (first === 0 && isForeignScript(t, sec)) break;
        problem(sec, 'warning', 'text-after-assertions',
          `Line ${line + 1}: only \`?? …\` assertions, comments and blank lines may follow a request's assertions; this line is ignored.`,
          range(line, first, line, t.length));
        break;
      case 'ignored':
        break;
    }
    previousLength = t.length;
  }
  return true;
  };
  const result = (): HttpFile => {
    finish(sec, line, previousLength, source.length);
    return { blocks, variables, fileProfile, ...(filePacing ? { filePacing } : {}), problems, references, lineCount: line + 1 };
  };
  return { step, result };

  /**
   * httpYac assertions (`?? status == 200`) end the body and are read as assertions; a form we cannot check is
   * reported and skipped. JetBrains response handlers (`> {% … %}`, `> file.js`) and response files (`>> file`)
   * are not ours to run: say so once, naming the line, and read nothing more of this request.
   */
  function isForeignScript(t: string, s: Section): boolean {
    const c = t.charCodeAt(0);
    if (c === 63 /* ? */ && t.charCodeAt(1) === 63) {
      const parsed = parseAssertionLine(t, line);
      if (typeof parsed === 'string') {
        problem(s, 'warning', 'assertion-unsupported', `Line ${line + 1}: ${parsed}`, range(line, 0, line, t.length));
      } else {
        spend(COST.assertion);
        s.assertions.push(parsed);
        // Variables in the expected value are uses like any other: diagnostics see them, chains run first.
        if (parsed.expected?.includes('{{')) {
          const end = parsed.range.end.character;
          scanReferences(s, t, end - parsed.expected.length, end, line, true, false);
        }
      }
      s.state = 'assertions';
      return true;
    }
    // `>>`/`>>!` file, `> {%` script, `> handler.js`; other `>` lines (a quoted line in a text body) are body text.
    const handler = c === 62 /* > */ && (t.charCodeAt(1) === 62 || /^>\s*\{%|^>\s+\S+\.js\s*$/.test(t));
    if (!handler) return false;
    problem(s, 'warning', 'script-unsupported',
      `Line ${line + 1}: JetBrains response handlers and response files (\`> {% … %}\`, \`>> file\`) are not run; this line and the rest of this request are ignored. Use \`?? …\` assertions to check a response.`,
      range(line, 0, line, t.length));
    s.state = 'ignored';
    return true;
  }

  /** Body lines are only scanned here (references, pitfalls); the body itself is materialised on demand. */
  function addBodyLine(s: Section, t: string, first: number, line: number, lineStart: number): void {
    if (first < 0 || isComment(t, first)) return;
    if (s.bodyStart < 0) {
      s.bodyStart = lineStart;
      s.bodyStartLine = line;
      if (t.charCodeAt(0) !== 60) checkBodyStart(s, t, line);
    }
    s.bodyEnd = lineStart + t.length;
    s.bodyEndLine = line;
    s.bodyEndCharacter = t.length;
    const fileRef = t.charCodeAt(0) === 60 /* < */ && isFileReference(t);
    scanReferences(s, t, fileRef ? 1 : first, t.length, line, !fileRef, false);
  }

}

/** The title of the separator line whose `#`s start at `f` (ends at `eol`): the text after them, trimmed. */
function sectionTitle(source: string, f: number, eol: number): string | undefined {
  let h = f;
  while (source.charCodeAt(h) === 35 && h < eol) h++;
  return h < eol ? source.slice(h, eol).trim() || undefined : undefined;
}

/** What readRequests finds: the requests, with what CodeLens, the outline and planning read, and the file's defaults. */
interface RequestList {
  blocks: RequestBlock[];
  fileProfile?: string;
  filePacing?: FilePacing;
  lineCount: number;
}

/**
 * The first reading of a whole file: its sections, and in each the directives, the request line and its URL lines.
 * The rest of a section (headers, body, assertions) is only counted through to the next `###`. Lines are read by the
 * rules and helpers parseSource uses, so the blocks are the ones it makes; parseSource reads everything on first
 * use of the file's problems, variable uses or variables (withDetailsOnDemand). This keeps a large file's first
 * parse to what the editor shows first; the budget counts what it makes, as parseSource would.
 */
function readRequests(source: string, budgetBytes: number): RequestList {
  const blocks: RequestBlock[] = [];
  const directives: Directive[] = [];
  let fileProfile: string | undefined;
  let filePacing: FilePacing | undefined;
  let spent = 0;
  const spend = (cost: number): void => {
    spent += cost;
    if (spent > budgetBytes) throw new TooDense();
  };
  // The section being read: 0 before its request line, 1 on its URL lines, 2 past them (counted only), 3 ignored.
  let state = 0;
  let isFirst = true;
  let startLine = 0;
  let startOffset = 0;
  let title: string | undefined;
  let request: ParsedRequestLine | undefined;
  let previousLength = 0;

  const finish = (endLine: number, endCharacter: number, endOffset: number): void => {
    if (!request) {
      // The defaults of the section above the first `###` (parseSource's finishSection, without its problems).
      if (!isFirst) return;
      for (let i = 0; i < directives.length; i++) {
        const d = directives[i];
        const pacing = pacingDirective(d.key, d.value);
        if (d.key === 'profile' && d.value !== '') fileProfile = d.value;
        else if (pacing && !('error' in pacing) && !('paginate' in pacing)) filePacing = { ...filePacing, ...pacing };
      }
      return;
    }
    const { name, options } = requestDirectives(directives, request.httpVersion, undefined);
    spend(COST.block);
    blocks.push(new LazyBlock(source, startOffset, endOffset, startLine, endLine, endCharacter, blocks.length, title, name, request, options));
  };

  let line = -1;
  let pos = 0;
  while (pos <= source.length) {
    line++;
    let eol = source.indexOf('\n', pos);
    if (eol < 0) eol = source.length;
    const lineStart = pos;
    pos = eol + 1;
    let f = lineStart;
    while (f < eol && (source.charCodeAt(f) === 32 || source.charCodeAt(f) === 9)) f++;
    const c0 = f < eol ? source.charCodeAt(f) : -1;
    if (c0 === 35 && source.charCodeAt(f + 1) === 35 && source.charCodeAt(f + 2) === 35 && f + 2 < eol) {
      if (line > 0) finish(line - 1, previousLength, lineStart - 1);
      isFirst = false;
      previousLength = eol - lineStart;
      startLine = line;
      startOffset = lineStart;
      title = sectionTitle(source, f, eol);
      state = 0;
      directives.length = 0;
      request = undefined;
      continue;
    }
    if (state >= 2) {
      // Count the lines up to the next separator line (or the end) without reading them.
      let last = lineStart;
      for (;;) {
        const nl = source.indexOf('\n', last);
        if (nl < 0) {
          previousLength = source.length - last;
          pos = source.length + 1;
          break;
        }
        let g = nl + 1;
        let c = source.charCodeAt(g);
        while (c === 32 || c === 9) c = source.charCodeAt(++g);
        if (c === 35 && source.charCodeAt(g + 1) === 35 && source.charCodeAt(g + 2) === 35) {
          previousLength = nl - last;
          pos = nl + 1;
          break;
        }
        line++;
        last = nl + 1;
      }
      continue;
    }
    previousLength = eol - lineStart;
    if (c0 < 0) {
      // A blank line ends the URL lines (the body comes next).
      if (state === 1) state = 2;
      continue;
    }
    const comment = c0 === 35 || (c0 === 47 && source.charCodeAt(f + 1) === 47);
    const first = f - lineStart;
    if (state === 0) {
      const t = source.slice(lineStart, eol);
      if (comment) {
        const d = parseDirective(t, first, line);
        if (d) {
          spend(COST.directive);
          directives.push(d);
        }
      } else if (c0 === 64) {
        // A file variable (or a broken one): read with the details.
      } else if (((c0 === 72 || c0 === 104) && RESPONSE_LINE.test(t.slice(first))) || ((c0 === 99 || c0 === 67) && /^curl\s/i.test(t.slice(first)))) {
        state = 3;
      } else {
        request = readRequestLine(t, first, line);
        state = request ? 1 : 3;
      }
      continue;
    }
    // On the URL lines: comments and file variables keep them going; `?…` and `&…` lines (and at column 0 only
    // those) continue the URL, as do indented lines that are no header; anything else starts the headers or body.
    if (comment) continue;
    if (f === lineStart && c0 !== 63 && c0 !== 38 && c0 !== 64) {
      state = 2;
      continue;
    }
    const t = source.slice(lineStart, eol);
    if (c0 === 64) {
      const v = parseVariableLine(t, first, line);
      if (v !== 'no-equals') continue;
    }
    if ((c0 === 63 && t.charCodeAt(first + 1) !== 63) || c0 === 38 || (first > 0 && !looksLikeHeader(t, first))) {
      let end = t.length;
      while (end > first && (t.charCodeAt(end - 1) === 32 || t.charCodeAt(end - 1) === 9)) end--;
      request!.url += t.slice(first, end);
      request!.endLine = line;
      request!.endCharacter = end;
      continue;
    }
    state = 2;
  }
  finish(line, previousLength, source.length);
  return { blocks, ...(fileProfile !== undefined ? { fileProfile } : {}), ...(filePacing ? { filePacing } : {}), lineCount: line + 1 };
}

function unknownDirectiveMessage(key: string): string {
  return `Unknown directive \`@${key}\`; it is ignored. Known: ${[...KNOWN_DIRECTIVES].map((k) => '@' + k).join(', ')}.`;
}

/** Where requestDirectives tells what it finds wrong, and each valid `# @name`. */
interface DirectiveReport {
  problem(severity: ProblemSeverity, code: string, message: string, range: Range): void;
  named(name: string, directive: Directive): void;
}

/**
 * What a request's directives make of it: its name (the last valid `# @name`), options and prompts. Problems go to
 * `report`; without one (readRequests, which lists requests only) they are not looked into.
 */
function requestDirectives(directives: readonly Directive[], httpVersion: string | undefined, report: DirectiveReport | undefined): { name: string | undefined; options: RequestOptions; prompts: PromptSpec[] } {
  const options: RequestOptions = directives.length === 0 && !httpVersion ? NO_OPTIONS : {};
  let prompts: PromptSpec[] = NO_PROMPTS;
  let name: string | undefined;
  // Indexed, not for…of: a first parse runs this interpreted, where each step of an iterator is an allocation.
  for (let i = 0; i < directives.length; i++) {
    const d = directives[i];
    switch (d.key) {
      case 'name':
        if (!REQUEST_NAME.test(d.value)) {
          report?.problem('error', 'invalid-name', d.value === ''
            ? '`@name` needs a name, e.g. `# @name login`.'
            : `\`${d.value}\` is not a valid request name: use letters, digits, \`_\` and \`-\`.`, d.range);
        } else {
          name = d.value;
          report?.named(d.value, d);
        }
        break;
      case 'note':
        options.note = d.value;
        break;
      case 'no-redirect':
        options.noRedirect = true;
        break;
      case 'no-cookie-jar':
        options.noCookieJar = true;
        break;
      case 'no-auth':
        options.noAuth = true;
        break;
      case 'profile':
      case 'sandbox':
        if (d.value === '') {
          report?.problem('error', 'missing-value', `\`@${d.key}\` needs a value, e.g. \`# @${d.key} NAME\`.`, d.range);
        } else if (d.key === 'profile') {
          options.profile = d.value;
        } else {
          options.sandbox = d.value;
        }
        break;
      case 'timeout': {
        const m = TIMEOUT.exec(d.value);
        if (!m) {
          report?.problem('error', 'invalid-timeout', '`@timeout` needs a duration such as `500ms`, `30s` or `2m`.', d.range);
          break;
        }
        const unit = (m[2] ?? 'ms').toLowerCase();
        options.timeoutMs = Math.round(Number(m[1]) * (unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1));
        if (!m[2]) {
          report?.problem('warning', 'timeout-unit',
            `\`@timeout ${m[1]}\` is read as milliseconds; write \`${m[1]}ms\` or use \`s\`/\`m\` to be explicit.`, d.range);
        }
        break;
      }
      case 'allow-secret': {
        const secret = secretName(d.value);
        if (!secret) {
          report?.problem('error', 'invalid-allow-secret',
            `\`@allow-secret\` needs the name of one secret: ${SECRET_NAMES.map((n) => `\`${n}\``).join(', ')}${d.value === '' ? '' : ` (not \`${d.value}\`)`}.`, d.range);
          break;
        }
        options.allowSecrets = [...(options.allowSecrets ?? []), secret];
        break;
      }
      case 'prompt': {
        const v = d.value;
        const space = v.search(/\s/);
        const pname = space < 0 ? v : v.slice(0, space);
        if (pname === '') {
          report?.problem('error', 'missing-value', '`@prompt` needs a variable name, e.g. `# @prompt password Your password`.', d.range);
          break;
        }
        const description = space < 0 ? undefined : v.slice(space).trim() || undefined;
        if (prompts === NO_PROMPTS) prompts = [];
        prompts.push({ name: pname, description, secret: SECRET_NAME.test(pname), range: d.range });
        break;
      }
      case 'rate':
      case 'concurrency':
      case 'no-limits':
      case 'paginate': {
        const pacing = pacingDirective(d.key, d.value)!;
        if ('error' in pacing) report?.problem('error', pacing.code, pacing.error, d.range);
        else Object.assign(options, pacing);
        break;
      }
      default:
        report?.problem('warning', 'unknown-directive', unknownDirectiveMessage(d.key), d.range);
    }
  }
  if (httpVersion) options.httpVersion = httpVersion;
  return { name, options, prompts };
}

/** The request line in `t` (first non-blank at `first`, on 0-based `line`); undefined when it is none (a header, JSON). */
function readRequestLine(t: string, first: number, line: number): ParsedRequestLine | undefined {
  let end = t.length;
  while (end > first && (t.charCodeAt(end - 1) === 32 || t.charCodeAt(end - 1) === 9)) end--;
  // Offsets only (no token array): first word, last word, and the URL between them.
  let firstEnd = first;
  while (firstEnd < end && t.charCodeAt(firstEnd) !== 32 && t.charCodeAt(firstEnd) !== 9) firstEnd++;
  let urlEnd = end;
  let httpVersion: string | undefined;
  const lastStart = firstEnd < end ? versionStart(t, firstEnd, end) : -1;
  if (lastStart >= 0) {
    httpVersion = t.slice(lastStart, end).toUpperCase();
    urlEnd = lastStart;
    while (urlEnd > first && (t.charCodeAt(urlEnd - 1) === 32 || t.charCodeAt(urlEnd - 1) === 9)) urlEnd--;
  }
  let method = 'GET';
  let hasMethod = false;
  let urlStart = first;
  if (firstEnd < urlEnd) {
    const word = t.slice(first, firstEnd);
    const canonical = KNOWN_METHOD_BY_SPELLING.get(word);
    const upper = canonical ?? word.toUpperCase();
    const known = canonical !== undefined || KNOWN_METHODS.has(upper);
    let rest = firstEnd;
    while (t.charCodeAt(rest) === 32 || t.charCodeAt(rest) === 9) rest++;
    if (known || (/^[A-Za-z]+$/.test(word) && /^(?:[a-z][a-z0-9+.-]*:\/\/|\/|\{\{)/i.test(t.slice(rest, urlEnd)))) {
      method = upper;
      hasMethod = true;
      urlStart = rest;
    }
  }
  const url = t.slice(urlStart, urlEnd);
  if (!hasMethod && (!URL_LIKE.test(url) || KNOWN_METHOD_BY_SPELLING.has(url))) return undefined;
  return new ParsedRequestLine(method, url, httpVersion, line, first, hasMethod ? firstEnd : -1, urlStart, urlEnd, line, end);
}

/**
 * Where the request line `t`'s HTTP version starts, -1 when its last word (after `firstEnd`, before `end`) is none. A
 * version (`HTTP/2`, `HTTP/1.1`) is 6 or 8 characters after a blank, so only those two places are looked at, not the
 * whole URL searched backwards for a blank.
 */
function versionStart(t: string, firstEnd: number, end: number): number {
  for (let at = end - 8; at <= end - 6; at += 2) {
    if (at <= firstEnd) continue;
    const blank = t.charCodeAt(at - 1);
    const h = t.charCodeAt(at);
    if ((blank === 32 || blank === 9) && (h === 72 || h === 104) && HTTP_VERSION.test(t.slice(at, end))) return at;
  }
  return -1;
}

/** An indented `Name: value` line after the request line is a header, not a JetBrains URL continuation. */
function looksLikeHeader(t: string, first: number): boolean {
  const colon = t.indexOf(':', first);
  return colon > first && HEADER_NAME.test(t.slice(first, colon)) && (colon + 1 === t.length || t.charCodeAt(colon + 1) === 32);
}

/** Whether two requests' options say the same (values are plain: numbers, strings, flags, small objects and lists). */
function sameOptions(a: RequestOptions, b: RequestOptions): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as Array<keyof RequestOptions>;
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x: unknown = a[key];
    const y: unknown = b[key];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/** A block that re-reads its own lines the first time its details are asked for (see parseSource). */
class LazyBlock implements RequestBlock {
  // `declare`d and assigned below: one store per field on the cold path (see parse-range.ts).
  private declare detail: RequestBlock | undefined;
  private declare readonly source: string;
  private declare readonly startOffset: number;
  private declare readonly endOffset: number;
  private declare readonly startLine: number;
  private declare readonly endLine: number;
  private declare readonly endCharacter: number;
  declare readonly index: number;
  declare readonly title: string | undefined;
  declare readonly name: string | undefined;
  declare readonly request: ParsedRequestLine;
  /** Kept from the first pass (shared and frozen when there are no directives): diagnostics read it for every block. */
  declare readonly options: RequestOptions;

  constructor(
    source: string, startOffset: number, endOffset: number, startLine: number, endLine: number, endCharacter: number,
    index: number, title: string | undefined, name: string | undefined, request: ParsedRequestLine, options: RequestOptions,
  ) {
    this.detail = undefined;
    this.source = source;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
    this.startLine = startLine;
    this.endLine = endLine;
    this.endCharacter = endCharacter;
    this.index = index;
    this.title = title;
    this.name = name;
    this.request = request;
    this.options = options;
  }

  get range(): LineRange {
    return new LineRange(this.startLine, 0, this.endLine, this.endCharacter);
  }

  /** Whether this block is the one these constructor arguments would make (readDetails keeps it then). */
  isSame(
    source: string, startOffset: number, endOffset: number, startLine: number, endLine: number, endCharacter: number,
    index: number, title: string | undefined, name: string | undefined, request: ParsedRequestLine, options: RequestOptions,
  ): boolean {
    const r = this.request;
    return this.source === source && this.startOffset === startOffset && this.endOffset === endOffset && this.startLine === startLine &&
      this.endLine === endLine && this.endCharacter === endCharacter && this.index === index && this.title === title && this.name === name &&
      r.method === request.method && r.url === request.url && r.httpVersion === request.httpVersion && r.line === request.line &&
      r.startCharacter === request.startCharacter && r.methodEnd === request.methodEnd && r.urlStart === request.urlStart &&
      r.urlEnd === request.urlEnd && r.endLine === request.endLine && r.endCharacter === request.endCharacter &&
      sameOptions(this.options, options);
  }

  /** This block `lines` lines further down with its index `indexes` higher (a new object: holders of the old one keep it). */
  shifted(lines: number, indexes: number): LazyBlock {
    const r = this.request;
    const request = lines === 0 ? r : new ParsedRequestLine(
      r.method, r.url, r.httpVersion, r.line + lines, r.startCharacter, r.methodEnd, r.urlStart, r.urlEnd, r.endLine + lines, r.endCharacter,
    );
    const moved = new LazyBlock(
      this.source, this.startOffset, this.endOffset, this.startLine + lines, this.endLine + lines, this.endCharacter, this.index + indexes,
      this.title, this.name, request, this.options,
    );
    // The details hold lines, not the index: still true when only the index moved.
    if (lines === 0) moved.detail = this.detail;
    return moved;
  }

  private get full(): RequestBlock {
    if (!this.detail) {
      const section = this.source.slice(this.startOffset, this.endOffset);
      // No budget here: the whole-file parse already counted this block's elements against the file's.
      const parsed = parseSource(section, this.startLine, true, Number.POSITIVE_INFINITY).blocks[0];
      // The same lines parse the same way; the fallback only guards against a bug turning into a crash.
      this.detail = parsed ?? {
        index: this.index, range: this.range, title: this.title, name: this.name, directives: [], options: NO_OPTIONS,
        prompts: NO_PROMPTS, request: this.request, headers: [], assertions: NO_ASSERTIONS,
      };
    }
    return this.detail;
  }

  get directives(): Directive[] {
    return this.full.directives;
  }

  get prompts(): PromptSpec[] {
    return this.full.prompts;
  }

  get headers(): HeaderLine[] {
    return this.full.headers;
  }

  get body(): Body | undefined {
    return this.full.body;
  }

  get assertions(): Assertion[] {
    return this.full.assertions;
  }

  toJSON(): object {
    const { index, range, title, name, directives, options, prompts, request, headers, body, assertions } = this;
    return { index, range, title, name, directives, options, prompts, request, headers, body, assertions };
  }
}

/** `block` (from parseHttpFile or parseRegion) moved down `lines` lines with its index `indexes` higher. */
export function shiftBlock(block: RequestBlock, lines: number, indexes: number): RequestBlock {
  if (!(block instanceof LazyBlock)) throw new Error('Only blocks of a lazily parsed file can be moved.');
  return block.shifted(lines, indexes);
}

/** A body kept as offsets into the source; its lines are cut (comments dropped, file references parsed) on first use. */
class LazyBody implements Body {
  private cached?: BodyLine[];

  constructor(
    private readonly source: string,
    private readonly start: number,
    private readonly end: number,
    private readonly startLine: number,
    private readonly endLine: number,
    private readonly endCharacter: number,
  ) {}

  get range(): LineRange {
    return new LineRange(this.startLine, 0, this.endLine, this.endCharacter);
  }

  get lines(): BodyLine[] {
    if (this.cached) return this.cached;
    const out: BodyLine[] = [];
    let pos = this.start;
    let line = this.startLine;
    while (pos <= this.end) {
      let eol = this.source.indexOf('\n', pos);
      if (eol < 0 || eol > this.end) eol = this.end;
      const t = this.source.slice(pos, eol);
      const first = firstNonBlank(t);
      if (first < 0 || !isComment(t, first)) {
        out.push((t.charCodeAt(0) === 60 && parseFileReference(t, line)) || { kind: 'text', text: t, line });
      }
      pos = eol + 1;
      line++;
    }
    this.cached = out;
    return out;
  }

  toJSON(): { lines: BodyLine[]; range: LineRange } {
    return { lines: this.lines, range: this.range };
  }
}

function isFileReference(t: string): boolean {
  return parseFileReference(t, 0) !== undefined;
}

/** `< path`, `<@ path`, `<@latin1 path` at column 0 (REST Client's form); `<tag>` lines are body text. */
function parseFileReference(t: string, line: number): BodyLine | undefined {
  let i = 1;
  let substitute = false;
  let encoding: string | undefined;
  if (t.charCodeAt(1) === 64 /* @ */) {
    substitute = true;
    i = 2;
    const s = i;
    while (i < t.length && /\w/.test(t[i])) i++;
    if (i > s) encoding = t.slice(s, i);
  }
  if (t.charCodeAt(i) !== 32 && t.charCodeAt(i) !== 9) return undefined;
  const path = t.slice(i).trim();
  if (path === '') return undefined;
  return { kind: 'file', line, length: t.length, path, substitute, encoding };
}

/** The block whose section contains 0-based `line` (for "send the request at the cursor"), by binary search. */
export function blockAtLine(file: HttpFile, line: number): RequestBlock | undefined {
  let lo = 0;
  let hi = file.blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = file.blocks[mid].range;
    if (line < r.start.line) hi = mid - 1;
    else if (line > r.end.line) lo = mid + 1;
    else return file.blocks[mid];
  }
  return undefined;
}

