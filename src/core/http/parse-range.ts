// A Range stored as four numbers: one object instead of three, which matters when a large file yields
// hundreds of thousands of ranges (allocation and GC dominate the parser's time). Positions are built on access.
// Fields are `declare`d and assigned in the constructor: a class field or parameter property would also be defined
// (as undefined) before the assignment, two stores per field, which a cold parse pays on every element.

import type { Position, Range } from './parse-types';

export class LineRange implements Range {
  declare readonly startLine: number;
  declare readonly startCharacter: number;
  declare readonly endLine: number;
  declare readonly endCharacter: number;

  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.startLine = startLine;
    this.startCharacter = startCharacter;
    this.endLine = endLine;
    this.endCharacter = endCharacter;
  }

  get start(): Position {
    return { line: this.startLine, character: this.startCharacter };
  }

  get end(): Position {
    return { line: this.endLine, character: this.endCharacter };
  }

  /** Plain `{ start, end }` form for JSON (webview messages, `--json` output). */
  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** A syntax element on one line whose range is computed when asked for (one object per element, not two). */
abstract class OnOneLine {
  declare readonly line: number;
  declare readonly startCharacter: number;
  declare readonly endCharacter: number;

  constructor(line: number, startCharacter: number, endCharacter: number) {
    this.line = line;
    this.startCharacter = startCharacter;
    this.endCharacter = endCharacter;
  }

  get range(): Range {
    return new LineRange(this.line, this.startCharacter, this.line, this.endCharacter);
  }
}

/** A `Name: value` header line (see HeaderLine). */
export class ParsedHeader extends OnOneLine {
  declare readonly name: string;
  declare readonly value: string;

  constructor(name: string, value: string, line: number, start: number, end: number) {
    super(line, start, end);
    this.name = name;
    this.value = value;
  }

  toJSON(): { name: string; value: string; range: Range } {
    return { name: this.name, value: this.value, range: this.range };
  }
}

/** A `{{expression}}` use (see VariableReference). */
export class ParsedReference extends OnOneLine {
  declare readonly expression: string;
  declare blockIndex?: number;

  constructor(expression: string, line: number, start: number, end: number) {
    super(line, start, end);
    this.expression = expression;
  }

  toJSON(): { expression: string; range: Range; blockIndex?: number } {
    return { expression: this.expression, range: this.range, blockIndex: this.blockIndex };
  }
}

/** The request line and its continuations (see RequestLine); offsets instead of three range objects. */
export class ParsedRequestLine {
  declare readonly method: string;
  declare url: string;
  declare readonly httpVersion: string | undefined;
  declare readonly line: number;
  declare readonly startCharacter: number;
  /** -1 when the method was implied. */
  declare readonly methodEnd: number;
  declare readonly urlStart: number;
  declare readonly urlEnd: number;
  declare endLine: number;
  declare endCharacter: number;

  constructor(
    method: string, url: string, httpVersion: string | undefined, line: number, startCharacter: number, methodEnd: number,
    urlStart: number, urlEnd: number, endLine: number, endCharacter: number,
  ) {
    this.method = method;
    this.url = url;
    this.httpVersion = httpVersion;
    this.line = line;
    this.startCharacter = startCharacter;
    this.methodEnd = methodEnd;
    this.urlStart = urlStart;
    this.urlEnd = urlEnd;
    this.endLine = endLine;
    this.endCharacter = endCharacter;
  }

  get methodRange(): Range | undefined {
    return this.methodEnd < 0 ? undefined : new LineRange(this.line, this.startCharacter, this.line, this.methodEnd);
  }

  get urlRange(): Range {
    return new LineRange(this.line, this.urlStart, this.line, this.urlEnd);
  }

  get range(): Range {
    return new LineRange(this.line, this.startCharacter, this.endLine, this.endCharacter);
  }

  toJSON(): object {
    const { method, url, httpVersion, methodRange, urlRange, range } = this;
    return { method, methodRange, url, urlRange, httpVersion, range };
  }
}

/** A `# @key value` comment (see Directive). */
export class ParsedDirective extends OnOneLine {
  declare readonly key: string;
  declare readonly value: string;

  constructor(key: string, value: string, line: number, start: number, end: number) {
    super(line, start, end);
    this.key = key;
    this.value = value;
  }

  toJSON(): { key: string; value: string; range: Range } {
    return { key: this.key, value: this.value, range: this.range };
  }
}
