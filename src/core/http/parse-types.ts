// The syntax tree of a `.http` file: what the parser produces and the resolver, CodeLens and diagnostics read.
// Positions are 0-based lines and UTF-16 characters, like VS Code's; a range's end is exclusive.

import type { RequestOptions } from './types';

/** A 0-based line and UTF-16 character offset. */
export interface Position {
  line: number;
  character: number;
}

/** A span of text; `end` is exclusive. The parser's ranges are read-only (see LineRange). */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type ProblemSeverity = 'error' | 'warning';

/** Something wrong or suspicious in the file; an `error` in a block stops that request from being sent. */
export interface Problem {
  severity: ProblemSeverity;
  /** Stable identifier for quick fixes and tests, e.g. `unterminated-variable`. */
  code: string;
  message: string;
  range: Range;
  /** Index into `HttpFile.blocks` when the problem belongs to a request. */
  blockIndex?: number;
}

/** A comment directive such as `# @name login` or `# @timeout 30s`. */
export interface Directive {
  /** Lower-case key without the `@`, e.g. `no-redirect`. */
  key: string;
  /** Trimmed text after the key; empty when there is none. */
  value: string;
  range: Range;
}

/** A `@name = value` line; `value` is trimmed with `\n` and `\t` escapes applied, `{{…}}` still unresolved. */
export interface FileVariable {
  name: string;
  value: string;
  range: Range;
  nameRange: Range;
}

/** A `# @prompt name [description]` directive: the value is asked from the user at send time. */
export interface PromptSpec {
  name: string;
  description?: string;
  /** The name looks like a secret (password, token, key…): the UI masks the input. */
  secret: boolean;
  range: Range;
}

/** The request line with its continuation lines joined. */
export interface RequestLine {
  /** Upper-case method; `GET` when the line names none. */
  method: string;
  /** Where the method was written; undefined when it was implied. */
  methodRange?: Range;
  /** The URL as written, continuation lines appended, `{{…}}` unresolved. */
  url: string;
  /** The first line's URL text. */
  urlRange: Range;
  /** `HTTP/1.1`, `HTTP/2`, … when written. */
  httpVersion?: string;
  /** From the request line's first character to the end of its last continuation line. */
  range: Range;
}

export interface HeaderLine {
  name: string;
  value: string;
  range: Range;
}

/** One line of a body (0-based `line`, the whole line): literal text, or a `< path` / `<@ path` file reference. */
export type BodyLine =
  | { kind: 'text'; text: string; line: number }
  | {
      kind: 'file';
      line: number;
      /** The line's length in characters. */
      length: number;
      /** The path as written (may contain `{{…}}`); relative to the `.http` file, then the workspace root. */
      path: string;
      /** `<@`: substitute variables in the file's text. */
      substitute: boolean;
      /** `<@latin1 path` names an encoding (REST Client form); undefined means UTF-8. */
      encoding?: string;
    };

export interface Body {
  /** Comment lines removed, trailing blank lines trimmed. */
  lines: BodyLine[];
  range: Range;
}

/** A variable use `{{expression}}` somewhere in the file (for diagnostics, hovers and completion). */
export interface VariableReference {
  /** The trimmed text between the braces, e.g. `host`, `$guid`, `login.response.body.$.token`. */
  expression: string;
  /** Covers the braces. */
  range: Range;
  /** The block it is used in; undefined in a file variable's value outside blocks. */
  blockIndex?: number;
}

/** What an assertion looks at: the status code, one header, the body (or a JSONPath into it), or the total time in ms. */
export type AssertionSubject = 'status' | 'header' | 'body' | 'duration';

/** httpYac's operators; the unary ones (`exists` … `isBoolean`) take no expected value. */
export const ASSERTION_OPERATORS = [
  '==', '!=', '<', '<=', '>', '>=', 'includes', '!includes', 'startsWith', 'endsWith', 'matches',
  'exists', '!exists', 'isNumber', 'isString', 'isArray', 'isBoolean',
] as const;
export type AssertionOperator = (typeof ASSERTION_OPERATORS)[number];

/** A `?? subject [name|path] operator [expected]` line after a request (httpYac's form; no JavaScript). */
export interface Assertion {
  subject: AssertionSubject;
  /** The header name for `header`; the JSONPath (`$…`) for `body`, undefined for the whole body. */
  target?: string;
  operator: AssertionOperator;
  /** The expected value as written, `{{…}}` unresolved; undefined for unary operators. */
  expected?: string;
  /** The line's text after `??`, trimmed: how messages and reports name the assertion. */
  text: string;
  range: Range;
}

/** One request: a `###`-delimited section of the file that has a request line. */
export interface RequestBlock {
  /** Position in `HttpFile.blocks`: the id CodeLens commands pass around. */
  index: number;
  /** From the separator line (or the section's first line) to the section's last line. */
  range: Range;
  /** Text after `###`, trimmed; undefined when empty. */
  title?: string;
  /** `# @name`: the name other requests use to chain on this one's result. */
  name?: string;
  directives: Directive[];
  /** Options from the directives (`@profile` falls back to the file's at resolve time, not here). */
  options: RequestOptions;
  prompts: PromptSpec[];
  request: RequestLine;
  headers: HeaderLine[];
  body?: Body;
  /** `?? …` assertion lines after the request, in file order (empty when there are none). */
  assertions: Assertion[];
}

export interface FilePacing {
  rate?: { count: number; windowMs: number };
  concurrency?: number;
  noLimits?: boolean;
}

/** A parsed `.http` file. */
export interface HttpFile {
  blocks: RequestBlock[];
  /** Every `@name = value` line in file order; the last definition of a name wins. */
  variables: FileVariable[];
  /** `# @profile` in the section before the first `###` when that section has no request. */
  fileProfile?: string;
  /** `# @rate`, `# @concurrency`, `# @no-limits` in that same first section: defaults for every request. */
  filePacing?: FilePacing;
  problems: Problem[];
  references: VariableReference[];
  lineCount: number;
}

/** The problem saying `file` was refused whole (too large or too dense), if it was (reading it reads a lazy file's details). */
export function refusalOf(file: HttpFile): Problem | undefined {
  return file.problems.find((p) => p.code === 'file-refused');
}
