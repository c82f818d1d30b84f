// Writes converted requests as `.http` text (REST Client syntax, which our parser reads unchanged).
import { definedVariables, splitBase, type BaseVariable } from './adobe-bases';
import { applyAdobePlaceholders, type UnsetVariable } from './adobe-placeholders';
import { parseCurl, splitCommands, type ImportedBody, type ImportedRequest } from './curl';

const BOUNDARY = '----AioRequestsFormBoundary';

/** `# @name` value from a title: lower-case words joined by dashes. */
export function slug(title: string, taken?: Set<string>): string {
  const base = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_-]+/g, '-').slice(0, 48).replace(/-+$/, '') || 'request';
  let name = base;
  for (let n = 2; taken?.has(name); n++) name = `${base}-${n}`;
  taken?.add(name);
  return name;
}

/** One line of comment text: no line breaks, so nothing from the input can start a request line. */
export function commentLine(text: string): string {
  return `# ${text.replace(/[\r\n]+/g, ' ').trim()}`;
}

function bodyLines(body: ImportedBody, headers: Array<[string, string]>, notes: string[]): string[] {
  if (body.kind === 'file') {
    notes.push(`The body is the file ${body.path}: the path is relative to this .http file; check that it is there.`);
    return [`< ${body.path}`];
  }
  if (body.kind === 'multipart') {
    const type = headers.find(([n]) => n.toLowerCase() === 'content-type');
    if (type) type[1] = `multipart/form-data; boundary=${BOUNDARY}`;
    else headers.push(['Content-Type', `multipart/form-data; boundary=${BOUNDARY}`]);
    const lines: string[] = [];
    for (const part of body.parts) {
      lines.push(`--${BOUNDARY}`);
      const filename = part.file ? `; filename="${part.filename ?? part.value.split(/[\\/]/).pop()}"` : '';
      lines.push(`Content-Disposition: form-data; name="${part.name.replace(/"/g, '%22')}"${filename}`);
      if (part.contentType) lines.push(`Content-Type: ${part.contentType}`);
      lines.push('');
      if (part.file) {
        notes.push(`Form field '${part.name}' sends the file ${part.value} (relative to this .http file).`);
        lines.push(`< ${part.value}`);
      } else {
        lines.push(...part.value.split(/\r?\n/));
      }
    }
    lines.push(`--${BOUNDARY}--`);
    return lines;
  }
  const lines = body.text.replace(/\r\n?/g, '\n').split('\n');
  // Inside a body, `#`/`//` lines are comments and `###` ends the block: such a body cannot be written as is.
  if (lines.some((l) => /^\s*(#|\/\/)/.test(l))) {
    notes.push('Some body lines start with # or // and would be read as comments; those lines were indented by one space.');
    return lines.map((l) => (/^\s*(#|\/\/)/.test(l) ? ` ${l}` : l));
  }
  // Pretty-print JSON written on one line, as docs pages usually do; the server gets the same value.
  if (lines.length === 1 && /^\s*[[{]/.test(lines[0]!) && body.text.length < 64 * 1024) {
    try {
      const value: unknown = JSON.parse(lines[0]!);
      if (typeof value === 'object' && value !== null) return JSON.stringify(value, null, 2).split('\n');
    } catch {
      // Not JSON (or a placeholder inside): sent as written.
    }
  }
  return lines;
}

export interface RequestText {
  /** `### Title` line; omitted when undefined. */
  title?: string;
  name?: string;
  /** Comment lines before the request line (already with `# `). */
  comments?: string[];
  request: ImportedRequest;
}

/** One request block (without the `###` separator line). */
export function requestBlock({ title, name, comments = [], request }: RequestText): string[] {
  const notes = [...request.notes];
  const headers = request.headers.map(([n, v]) => [n, v] as [string, string]);
  const body = request.body ? bodyLines(request.body, headers, notes) : undefined;
  const out: string[] = [];
  if (title !== undefined) out.push(`### ${title.replace(/[\r\n]+/g, ' ')}`);
  if (name) out.push(`# @name ${name}`);
  out.push(...comments, ...notes.map(commentLine));
  out.push(`${request.method} ${request.url}`);
  for (const [n, v] of headers) out.push(`${n}: ${v.replace(/[\r\n]+/g, ' ')}`);
  if (body) out.push('', ...body);
  return out;
}

export function unsetComments(unset: readonly UnsetVariable[]): string[] {
  return unset.map((u) => commentLine(`Set {{${u.name}}} before sending (e.g. '@${u.name} = …' at the top, or in an environment): ${u.hint}`));
}

export interface CurlConversion {
  text: string;
  requests: number;
  unset: UnsetVariable[];
  /** The API base variables the text defines (`@journey = …`); one line each to point the requests elsewhere. */
  bases: BaseVariable[];
}

export interface CurlToHttpOptions {
  /** The `.http` file the text goes into: base variables it already defines are reused, not repeated. */
  existingText?: string;
  /** What follows the insertion point: when it is not a new block already, the text ends with `###`. */
  textAfter?: string;
}

/** Converts one or more curl commands (as pasted from a docs page) to `.http` text. */
export function curlToHttp(input: string, options: CurlToHttpOptions = {}): CurlConversion {
  const commands = splitCommands(input);
  const list = commands.length > 0 ? commands : [input];
  const blocks: string[][] = [];
  const unset = new Map<string, UnsetVariable>();
  const defined = definedVariables(options.existingText ?? '');
  const bases = new Map<string, BaseVariable>();
  // Into a file that has content, the text starts with `###` so it cannot run on into a request above it.
  const separate = (options.existingText ?? '').trim() !== '';
  const titles: string[] = [];
  for (const command of list) {
    const converted = applyAdobePlaceholders(parseCurl(command));
    const path = (() => {
      try {
        return new URL(converted.request.url.replace(/\{\{[^}]*\}\}/g, 'x')).pathname;
      } catch {
        return converted.request.url;
      }
    })();
    const title = `${converted.request.method} ${path.split('/').filter(Boolean).slice(-2).join('/') || '/'}`;
    const split = splitBase(converted.request.url);
    let request = converted.request;
    if (split) {
      request = { ...request, url: split.url };
      if (!defined.has(split.base.name) && !bases.has(split.base.name)) bases.set(split.base.name, split.base);
    }
    // A tenant placeholder inside a base the file already defines is not this text's to set.
    const reused = split && defined.has(split.base.name) ? split.base.value : '';
    for (const u of converted.unset) if (!reused.includes(`{{${u.name}}}`)) unset.set(u.name, u);
    titles.push(title);
    blocks.push(requestBlock({ title: list.length > 1 && !(separate && blocks.length === 0) ? title : undefined, request }));
  }
  const header = unsetComments([...unset.values()]);
  const baseLines = [...bases.values()].flatMap((b) => [commentLine(b.comment), `@${b.name} = ${b.value}`]);
  const top = [...(separate ? [`### ${titles[0]}`] : []), ...header, ...baseLines];
  const text = [...top, ...(top.length > (separate ? 1 : 0) ? [''] : []), ...blocks.map((b) => b.join('\n')).join('\n\n').split('\n')].join('\n');
  // Text after the insertion point would otherwise run on into the last pasted request's headers or body.
  const close = options.textAfter !== undefined && options.textAfter.trim() !== '' && !/^\s*###/.test(options.textAfter) ? '\n###' : '';
  return { text: `${text.replace(/\n+$/, '')}${close}\n`, requests: list.length, unset: [...unset.values()], bases: [...bases.values()] };
}
