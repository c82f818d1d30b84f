// Outline, folding and CodeLens anchors of a parsed `.http` file: cheap walks over the blocks (no lazy details
// are touched, so a 10,000-request file stays fast).

import type { HttpFile, Range } from '../parse-types';

export interface RequestSymbol {
  /** `# @name`, else the `###` title, else `METHOD URL`. */
  name: string;
  /** `METHOD URL` (URL as written). */
  detail: string;
  /** The whole block. */
  range: Range;
  /** The request line. */
  selectionRange: Range;
  blockIndex: number;
}

export function requestSymbols(file: HttpFile): RequestSymbol[] {
  return file.blocks.map((b) => {
    const detail = `${b.request.method} ${b.request.url}`;
    return { name: b.name ?? b.title ?? detail, detail, range: b.range, selectionRange: b.request.range, blockIndex: b.index };
  });
}

export interface FoldingSpan {
  startLine: number;
  endLine: number;
}

/** One span per block (separator line to last line) that covers more than one line. */
export function foldingSpans(file: HttpFile): FoldingSpan[] {
  const out: FoldingSpan[] = [];
  for (const b of file.blocks) {
    if (b.range.end.line > b.range.start.line) out.push({ startLine: b.range.start.line, endLine: b.range.end.line });
  }
  return out;
}

/** Where Send Request puts its CodeLens: one per request on its request line; `first` marks the file's first block. */
export interface CodeLensAnchor {
  /** Index into `HttpFile.blocks`, the id the Send commands take. */
  blockIndex: number;
  /** The request line's first line, zero-width range at its start. */
  line: number;
  name?: string;
  first: boolean;
}

export function codeLensAnchors(file: HttpFile): CodeLensAnchor[] {
  return file.blocks.map((b, i) => ({ blockIndex: b.index, line: b.request.range.start.line, name: b.name, first: i === 0 }));
}
