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
