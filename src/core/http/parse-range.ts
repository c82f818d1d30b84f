// A Range stored as four numbers: one object instead of three, which matters when a large file yields
// hundreds of thousands of ranges (allocation and GC dominate the parser's time). Positions are built on access.

import type { Position, Range } from './parse-types';

export class LineRange implements Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}

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
  constructor(
    readonly line: number,
    readonly startCharacter: number,
    readonly endCharacter: number,
  ) {}

  get range(): Range {
    return new LineRange(this.line, this.startCharacter, this.line, this.endCharacter);
  }
}

/** A `Name: value` header line (see HeaderLine). */
export class ParsedHeader extends OnOneLine {
  constructor(
    readonly name: string,
    readonly value: string,
    line: number,
    start: number,
    end: number,
  ) {
    super(line, start, end);
  }

  toJSON(): { name: string; value: string; range: Range } {
    return { name: this.name, value: this.value, range: this.range };
  }
}

/** A `{{expression}}` use (see VariableReference). */
export class ParsedReference extends OnOneLine {
  blockIndex?: number;

  constructor(
    readonly expression: string,
    line: number,
    start: number,
    end: number,
  ) {
    super(line, start, end);
  }

  toJSON(): { expression: string; range: Range; blockIndex?: number } {
    return { expression: this.expression, range: this.range, blockIndex: this.blockIndex };
  }
}

/** The request line and its continuations (see RequestLine); offsets instead of three range objects. */
export class ParsedRequestLine {
  constructor(
    readonly method: string,
    public url: string,
    readonly httpVersion: string | undefined,
    readonly line: number,
    readonly startCharacter: number,
    /** -1 when the method was implied. */
    readonly methodEnd: number,
    readonly urlStart: number,
    readonly urlEnd: number,
    public endLine: number,
    public endCharacter: number,
  ) {}

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
  constructor(
    readonly key: string,
    readonly value: string,
    line: number,
    start: number,
    end: number,
  ) {
    super(line, start, end);
  }

  toJSON(): { key: string; value: string; range: Range } {
    return { key: this.key, value: this.value, range: this.range };
  }
}
