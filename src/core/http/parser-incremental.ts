// Re-parsing a `.http` file after an edit: only the `###` sections the edit touches are read again; the others'
// parsed objects are reused, or copied with their lines and block indices moved when the edit added or removed
// lines or requests above them. The result equals parseHttpFile(text) (test/unit/http/parser-incremental.test.ts).

import type { FileVariable, HttpFile, Problem, Range, VariableReference } from './parse-types';
import { LineRange, ParsedReference } from './parse-range';
import { budgetFor, detailsRead, parseHttpFile, parseRegion, rememberSections, sectionIndex, shiftBlock, type SectionRecord } from './parser';

/**
 * How a re-parse relates its result to `previous`: references and blocks before index `*Before` are the same
 * objects; from index `*After` on they are the previous ones from index `*After - *Shift`, moved `lines` lines and
 * `indexes` block indices (the same objects when both are 0). Between the two they are new. What was worked out
 * for the previous elements (diagnostics) carries over, moved the same way.
 */
export interface Reparse {
  previous: HttpFile;
  referencesBefore: number;
  referencesAfter: number;
  referencesShift: number;
  blocksBefore: number;
  blocksAfter: number;
  blocksShift: number;
  lines: number;
  indexes: number;
}

const reparses = new WeakMap<HttpFile, Reparse>();

/** How `file` was re-parsed from its previous version; undefined for a whole parse. */
export function reparseOf(file: HttpFile): Reparse | undefined {
  return reparses.get(file);
}

/** Characters compared per step while looking for the edit: whole chunks compare at memcmp speed. */
const CHUNK = 4096;

/** Length of the common start of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of `a` and `b`, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i + CHUNK <= limit && a.slice(a.length - i - CHUNK, a.length - i) === b.slice(b.length - i - CHUNK, b.length - i)) i += CHUNK;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * A copy of `text` that shares no memory with the document it was cut from: V8 keeps a slice's whole parent alive,
 * and the strings a re-parse keeps (expressions, block sources) would otherwise pin one full text per edit.
 */
function detached(text: string): string {
  return (` ${text}`).slice(1);
}

function movedRange(r: Range, lines: number): LineRange {
  return r instanceof LineRange
    ? new LineRange(r.startLine + lines, r.startCharacter, r.endLine + lines, r.endCharacter)
    : new LineRange(r.start.line + lines, r.start.character, r.end.line + lines, r.end.character);
}

function movedProblem(p: Problem, lines: number, indexes: number): Problem {
  const moved: Problem = { ...p, range: lines === 0 ? p.range : movedRange(p.range, lines) };
  // Some messages name their line (`Line 12: …`, for the CLI): that moves too.
  const named = `Line ${p.range.start.line + 1}:`;
  if (lines !== 0 && p.message.startsWith(named)) moved.message = `Line ${moved.range.start.line + 1}:${p.message.slice(named.length)}`;
  if (p.blockIndex !== undefined) moved.blockIndex = p.blockIndex + indexes;
  return moved;
}

function movedReference(r: VariableReference, lines: number, indexes: number): VariableReference {
  const range = r.range;
  const moved = new ParsedReference(r.expression, range.start.line + lines, range.start.character, range.end.character);
  if (r.blockIndex !== undefined) moved.blockIndex = r.blockIndex + indexes;
  return moved;
}

function movedVariable(v: FileVariable, lines: number): FileVariable {
  return { ...v, range: movedRange(v.range, lines), nameRange: movedRange(v.nameRange, lines) };
}

/** Where a section starts in the file and in the file's lists. */
interface Cursor {
  offset: number;
  line: number;
  blocks: number;
  problems: number;
  references: number;
  variables: number;
  cost: number;
}

function advance(c: Cursor, r: SectionRecord): void {
  c.offset += r.length + 1;
  c.line += r.lines;
  if (r.block) c.blocks++;
  c.problems += r.problems;
  c.references += r.references;
  c.variables += r.variables;
  c.cost += r.cost;
}

/**
 * The parse of `text`, an edited version of the text `previous` was parsed from, as parseHttpFile(text) would
 * return it. Falls back to a whole parse when `previous` was not parsed here, was refused, or `text` has CRs.
 */
export function reparseHttpFile(previous: HttpFile, text: string): HttpFile {
  // A CR, or a previous version whose details are not read yet (an edit while a file just opened is still being
  // read): the new version is listed afresh, its details read in their turn, instead of the old one's all at once.
  if (text.includes('\r') || !detailsRead(previous)) return parseHttpFile(text);
  const index = sectionIndex(previous);
  if (!index) return parseHttpFile(text);
  const old = index.text;
  if (old === text) return previous;
  const records = index.records;

  // The edit: old[start, oldEnd) became text[start, newEnd).
  const start = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - start);
  const oldEnd = old.length - suffix;
  const delta = text.length - old.length;

  // First touched section: the one holding `start`, or the one above when the edit touches its separator line
  // (the `###` may be gone, joining the two). Last: the one holding `oldEnd` (a section owns its line break).
  const before: Cursor = { offset: 0, line: 0, blocks: 0, problems: 0, references: 0, variables: 0, cost: 0 };
  let first = 0;
  const previousCursor: Cursor = { ...before };
  while (first < records.length - 1 && before.offset + records[first].length + 1 <= start) {
    Object.assign(previousCursor, before);
    advance(before, records[first]);
    first++;
  }
  if (first > 0) {
    const lineBreak = old.indexOf('\n', before.offset);
    if (lineBreak < 0 || lineBreak >= start) {
      first--;
      Object.assign(before, previousCursor);
    }
  }
  const after: Cursor = { ...before };
  let last = first;
  advance(after, records[last]);
  while (last < records.length - 1 && after.offset <= oldEnd) {
    last++;
    advance(after, records[last]);
  }

  const names = new Set<string>();
  for (let i = 0; i < first; i++) for (const n of records[i].names ?? []) names.add(n);
  const oldNames = new Set<string>();
  for (let i = first; i <= last; i++) for (const n of records[i].names ?? []) oldNames.add(n);

  // `after.offset - 1` is the old region's end (its last line break, or one past the text's end).
  const regionEnd = Math.min(after.offset - 1, old.length) + delta;
  const region = parseRegion(detached(text.slice(before.offset, regionEnd)), before.line, before.blocks, new Set(names));
  const parsed = region.file;
  const lines = (before.line + region.records.reduce((n, r) => n + r.lines, 0)) - after.line;
  const indexes = before.blocks + parsed.blocks.length - after.blocks;

  // A name the edit added or removed (and not declared above) changes which later request is its duplicate:
  // those sections are read again.
  const newNames = new Set<string>();
  for (const r of region.records) for (const n of r.names ?? []) newNames.add(n);
  const changedNames = new Set<string>();
  for (const n of oldNames) if (!newNames.has(n) && !names.has(n)) changedNames.add(n);
  for (const n of newNames) if (!oldNames.has(n) && !names.has(n)) changedNames.add(n);
  for (const n of newNames) names.add(n);

  const blocks = previous.blocks.slice(0, before.blocks);
  const problems = previous.problems.slice(0, before.problems);
  const references = previous.references.slice(0, before.references);
  const variables = previous.variables.slice(0, before.variables);
  const newRecords = records.slice(0, first);
  for (const b of parsed.blocks) blocks.push(b);
  for (const p of parsed.problems) problems.push(p);
  for (const r of parsed.references) references.push(r);
  for (const v of parsed.variables) variables.push(v);
  for (const r of region.records) newRecords.push(r);
  let cost = before.cost;
  for (const r of region.records) cost += r.cost;

  const tail = { ...after };
  const referencesAfter = references.length;
  const blocksAfter = blocks.length;
  const tailReparsed = changedNames.size > 0;
  let offset = after.offset + delta;
  let line = after.line + lines;
  for (let i = last + 1; i < records.length; i++) {
    const record = records[i];
    if (changedNames.size > 0 && record.names?.some((n) => changedNames.has(n))) {
      const again = parseRegion(detached(text.slice(offset, offset + record.length)), line, blocks.length, names);
      for (const b of again.file.blocks) blocks.push(b);
      for (const p of again.file.problems) problems.push(p);
      for (const r of again.file.references) references.push(r);
      for (const v of again.file.variables) variables.push(v);
      newRecords.push(again.records[0]);
      cost += again.records[0].cost;
    } else {
      for (const n of record.names ?? []) names.add(n);
      const same = lines === 0 && indexes === 0;
      if (record.block) blocks.push(same ? record.block : shiftBlock(record.block, lines, indexes));
      for (let k = 0; k < record.problems; k++) {
        const p = previous.problems[tail.problems + k];
        problems.push(same ? p : movedProblem(p, lines, indexes));
      }
      for (let k = 0; k < record.references; k++) {
        const r = previous.references[tail.references + k];
        references.push(same ? r : movedReference(r, lines, indexes));
      }
      for (let k = 0; k < record.variables; k++) {
        const v = previous.variables[tail.variables + k];
        variables.push(lines === 0 ? v : movedVariable(v, lines));
      }
      newRecords.push(record.block && !same ? { ...record, block: blocks[blocks.length - 1] } : record);
      cost += record.cost;
    }
    advance(tail, record);
    offset += record.length + 1;
    line += record.lines;
  }
  // Too dense for its size: the whole parse says so the same way.
  if (cost > budgetFor(text.length)) return parseHttpFile(text);

  const fileProfile = first === 0 ? parsed.fileProfile : previous.fileProfile;
  const filePacing = first === 0 ? parsed.filePacing : previous.filePacing;
  const file: HttpFile = { blocks, variables, fileProfile, ...(filePacing ? { filePacing } : {}), problems, references, lineCount: line };
  rememberSections(file, text, newRecords);
  // A request name changed: later findings may differ (duplicates, chains), so nothing after the edit carries over.
  reparses.set(file, {
    previous, lines, indexes,
    referencesBefore: before.references, referencesAfter: tailReparsed ? references.length : referencesAfter, referencesShift: referencesAfter - after.references,
    blocksBefore: before.blocks, blocksAfter: tailReparsed ? blocks.length : blocksAfter, blocksShift: blocksAfter - after.blocks,
  });
  return file;
}
