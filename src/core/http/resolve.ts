// Turns a parsed block into a ResolvedRequest (every variable substituted, file bodies read), and tells the
// runner which named requests a block chains on so it can run them first.

import { isAbsolute, join, dirname } from 'node:path';
import { refusalOf, type BodyLine, type HttpFile, type Problem, type RequestBlock } from './parse-types';
import { splitTemplate } from './parse-template';
import { fileVariableMap, parseChain, ResolveError, VariableScope, type ResolveContext } from './variables';
import type { RequestOptions, ResolvedRequest } from './types';
import { FileOutsideRootsError } from './file-roots';
import { effectiveOptions } from './variable-names';

export { effectiveOptions };

const encoder = new TextEncoder();

const firstErrorCache = new WeakMap<HttpFile, Map<number, Problem>>();

/** Each block's first error-severity problem, indexed once per parsed file. */
function firstErrors(file: HttpFile): Map<number, Problem> {
  let map = firstErrorCache.get(file);
  if (!map) {
    map = new Map();
    for (const p of file.problems) {
      if (p.severity === 'error' && p.blockIndex !== undefined && !map.has(p.blockIndex)) map.set(p.blockIndex, p);
    }
    firstErrorCache.set(file, map);
  }
  return map;
}

/**
 * Resolves block `blockIndex` of `file` into a request ready to send. Throws `ResolveError`: `invalid-request`
 * when the block has parse errors or a body file cannot be read, `unresolved-variable` naming every miss,
 * `aborted` when a prompt is cancelled.
 */
export function resolveRequest(file: HttpFile, blockIndex: number, ctx: ResolveContext = {}): Promise<ResolvedRequest> {
  try {
    // The problems first: reading them reads the file's details, which may still refuse the file (and drop its blocks).
    const errors = firstErrors(file);
    const block = file.blocks[blockIndex];
    if (!block) {
      const refused = refusalOf(file);
      throw new ResolveError('invalid-request', refused ? `Not sent: ${refused.message}` : `There is no request #${blockIndex + 1} in this file.`);
    }
    const error = errors.get(blockIndex);
    if (error) {
      throw new ResolveError('invalid-request', `Not sent: line ${error.range.start.line + 1}: ${error.message}`);
    }
    const options = effectiveOptions(file, block);
    // A request written out in full (no `{{`, no file body) is built at once: no scope, no promise chain.
    if (writtenOut(block)) {
      // Pushed, not `map`ped: `map` gives a holey array until it is optimised and a packed one after, and the
      // change of shape mid-run threw the optimised code of this path and of the runner's header loop away.
      const headers: Array<[string, string]> = [];
      for (const h of block.headers) headers.push([h.name, h.value]);
      const body = block.body ? joinText(block.body.lines as Array<Extract<BodyLine, { kind: 'text' }>>, contentTypeOf(headers)) : undefined;
      return Promise.resolve(assemble(block, block.request.url, headers, body, options, undefined));
    }
    return resolveWithVariables(file, block, ctx, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Whether nothing in the block needs substituting or reading: no `{{` anywhere and no `<` file in the body. */
function writtenOut(block: RequestBlock): boolean {
  if (block.request.url.includes('{{')) return false;
  for (const h of block.headers) if (h.name.includes('{{') || h.value.includes('{{')) return false;
  for (const line of block.body?.lines ?? []) if (line.kind !== 'text' || line.text.includes('{{')) return false;
  return true;
}

function contentTypeOf(headers: ReadonlyArray<[string, string]>): string {
  return headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
}

async function resolveWithVariables(file: HttpFile, block: RequestBlock, ctx: ResolveContext, options: RequestOptions): Promise<ResolvedRequest> {
  // The scope is made when some text holds a `{{`: a header or body line written out in full needs none.
  let scope: VariableScope | undefined;
  /** The request's URL once known (a `{{$aio.accessToken}}` in headers or body is refused before a token is fetched). */
  let target: string | undefined;
  const scoped = (): VariableScope => {
    if (!scope) {
      scope = new VariableScope(file, block, ctx, options);
      if (target !== undefined) scope.setTarget(completeUrl(target, []));
    }
    return scope;
  };
  // `{{`-free text (most headers and body lines) skips the async path: no promise, no microtask.
  const url = block.request.url.includes('{{') ? await scoped().substitute(block.request.url) : block.request.url;
  if (!url.trim().startsWith('/')) {
    target = url;
    scope?.setTarget(completeUrl(url, []));
  }
  const headers: Array<[string, string]> = [];
  for (const h of block.headers) {
    const name = h.name.includes('{{') ? await scoped().substitute(h.name) : h.name;
    headers.push([name, h.value.includes('{{') ? await scoped().substitute(h.value) : h.value]);
  }
  const body = block.body ? await resolveBody(block.body.lines, contentTypeOf(headers), scoped, ctx) : undefined;
  scope?.throwIfUnresolved();
  return assemble(block, url, headers, body, options, scope);
}

/** The request from its resolved parts: REST Client's GraphQL form, the URL completed, and checked once more. */
function assemble(block: RequestBlock, url: string, headers: Array<[string, string]>, resolvedBody: string | Uint8Array | undefined, options: RequestOptions, scope: VariableScope | undefined): ResolvedRequest {
  let body = resolvedBody;
  const graphql = headers.findIndex(([n, v]) => n.toLowerCase() === 'x-request-type' && v.toLowerCase() === 'graphql');
  if (graphql >= 0) {
    headers.splice(graphql, 1);
    if (typeof body === 'string') body = graphqlBody(body);
  }
  const request: ResolvedRequest = { method: block.request.method, url: completeUrl(url, headers), headers, options };
  // The final URL (a token in the URL itself, a `Host` header) is checked once more.
  scope?.checkAccessTokenTarget(request.url);
  if (block.name !== undefined) request.name = block.name;
  if (body !== undefined) request.body = body;
  return request;
}

/** REST Client's GraphQL form: the query, a blank line, then the variables as JSON. */
function graphqlBody(text: string): string {
  const split = /\n[ \t]*\n/.exec(text);
  const query = split ? text.slice(0, split.index) : text;
  const rest = split ? text.slice(split.index + split[0].length).trim() : '';
  let variables: unknown;
  if (rest !== '') {
    try {
      variables = JSON.parse(rest);
    } catch {
      throw new ResolveError('invalid-request', 'Not sent: the GraphQL variables after the blank line are not valid JSON.');
    }
  }
  const operationName = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1];
  return JSON.stringify({ query, ...(operationName ? { operationName } : {}), ...(variables !== undefined ? { variables } : {}) });
}

/** `/path` with a `Host` header becomes a full URL; a URL without a scheme gets `http://`, as REST Client does. */
function completeUrl(url: string, headers: Array<[string, string]>): string {
  let out = url.trim();
  if (out.startsWith('/')) {
    const host = headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
    if (host) out = `${host.endsWith(':443') ? 'https' : 'http'}://${host}${out}`;
  } else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(out)) {
    out = `http://${out}`;
  }
  return out.replace(/ /g, '%20');
}

/** How body lines join for this content type: forms continue with `&` lines and join without breaks; multipart needs CRLF. */
function bodyForm(contentType: string): { form: boolean; separator: string } {
  const type = contentType.toLowerCase();
  const form = type.includes('application/x-www-form-urlencoded');
  return { form, separator: form ? '' : type.startsWith('multipart/') ? '\r\n' : '\n' };
}

/** A body of text lines only, none with a `{{`: joined as resolveBody would join it. */
function joinText(lines: ReadonlyArray<Extract<BodyLine, { kind: 'text' }>>, contentType: string): string {
  const { form, separator } = bodyForm(contentType);
  return lines.map((line) => (form ? line.text.trim() : line.text)).join(separator);
}

async function resolveBody(
  lines: BodyLine[], contentType: string, scoped: () => VariableScope, ctx: ResolveContext,
): Promise<string | Uint8Array> {
  const { form, separator } = bodyForm(contentType);
  const parts: Array<string | Uint8Array> = [];
  let text: string[] = [];
  for (const line of lines) {
    if (line.kind === 'text') {
      const raw = form ? line.text.trim() : line.text;
      text.push(raw.includes('{{') ? await scoped().substitute(raw) : raw);
      continue;
    }
    const data = await readBodyFile(line, scoped(), ctx);
    if (data === undefined) continue;
    if (text.length > 0) {
      parts.push(text.join(separator) + separator);
      text = [];
    } else if (parts.length > 0) {
      parts.push(separator);
    }
    parts.push(data);
  }
  if (text.length > 0) parts.push((parts.length > 0 ? separator : '') + text.join(separator));
  if (parts.length === 1) return parts[0];
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Reads `< path` (bytes) or `<@ path` (text with variables substituted); undefined when a variable is missing. */
async function readBodyFile(
  line: Extract<BodyLine, { kind: 'file' }>, scope: VariableScope, ctx: ResolveContext,
): Promise<string | Uint8Array | undefined> {
  const before = scope.unresolvedCount;
  const path = await scope.substitute(line.path);
  // A path with a missing variable is not looked for: the unresolved variable is the error to report.
  if (scope.unresolvedCount > before) return undefined;
  if (!ctx.readFile) throw new ResolveError('invalid-request', `Not sent: cannot read body file ${path} here.`);
  const candidates: string[] = [];
  if (isAbsolute(path)) candidates.push(path);
  else {
    if (ctx.filePath) candidates.push(join(dirname(ctx.filePath), path));
    if (ctx.workspaceRoot) candidates.push(join(ctx.workspaceRoot, path));
    if (candidates.length === 0) candidates.push(path);
  }
  for (const candidate of candidates) {
    let data: Uint8Array | string;
    try {
      data = await ctx.readFile(candidate);
    } catch (error) {
      if (error instanceof FileOutsideRootsError) throw new ResolveError('invalid-request', `Not sent: ${error.message}`);
      continue;
    }
    if (!line.substitute) return typeof data === 'string' ? encoder.encode(data) : data;
    let text: string;
    try {
      text = typeof data === 'string' ? data : new TextDecoder(line.encoding ?? 'utf-8').decode(data);
    } catch {
      throw new ResolveError('invalid-request', `Not sent: unknown encoding \`${line.encoding}\` for ${path}.`);
    }
    return scope.substitute(text);
  }
  throw new ResolveError('invalid-request',
    `Not sent: body file ${path} not found (looked in ${candidates.join(' and ')}). Paths are relative to the .http file, then the workspace root.`);
}

/** Request names used through chaining in an expression list, following file variables transitively. */
function collectChains(file: HttpFile, expressions: Iterable<string>, out: Set<string>, seen: Set<string>): void {
  for (const raw of expressions) {
    const expression = raw.startsWith('%') ? raw.slice(1).trim() : raw;
    const chain = parseChain(expression);
    if (chain) {
      out.add(chain.name);
      continue;
    }
    if (expression.startsWith('$') || seen.has(expression)) continue;
    seen.add(expression);
    // Later definitions win, as in resolution.
    const value = fileVariableMap(file).get(expression);
    if (value === undefined || !value.includes('{{')) continue;
    const inner: string[] = [];
    for (const part of splitTemplate(value)) if ('expression' in part) inner.push(part.expression);
    collectChains(file, inner, out, seen);
  }
}

const byBlockCache = new WeakMap<HttpFile, string[][]>();

/** Each block's `{{…}}` expressions, computed once per parsed file. */
function referencesByBlock(file: HttpFile): string[][] {
  let cached = byBlockCache.get(file);
  if (!cached) {
    cached = file.blocks.map(() => []);
    for (const r of file.references) if (r.blockIndex !== undefined) cached[r.blockIndex]?.push(r.expression);
    byBlockCache.set(file, cached);
  }
  return cached;
}

/**
 * Names of the requests block `blockIndex` chains on, directly or through file variables, in order of first
 * use, itself excluded. Variables inside `<@ file` bodies are not seen (they need I/O).
 */
export function dependenciesOf(file: HttpFile, blockIndex: number): string[] {
  const block = file.blocks[blockIndex];
  if (!block) return [];
  const expressions = referencesByBlock(file)[blockIndex] ?? [];
  const out = new Set<string>();
  collectChains(file, expressions, out, new Set());
  if (block.name !== undefined) out.delete(block.name);
  return [...out];
}

/** Index of the first block named `name`, or undefined. */
export function blockIndexByName(file: HttpFile, name: string): number | undefined {
  return file.blocks.find((b) => b.name === name)?.index;
}

/**
 * The order to run `wanted` blocks in with every request they chain on first (each once, dependencies before
 * dependants, otherwise file order). `missing` lists chained names no block in the file has; `cycles` lists
 * names caught in a loop (those blocks are left out). `satisfied` marks dependencies that need not run again
 * (their result is already at hand, e.g. from an earlier send in the editor); wanted blocks always run.
 */
export function planRun(file: HttpFile, wanted: readonly number[], satisfied?: (index: number) => boolean): { order: number[]; missing: string[]; cycles: string[] } {
  const { order, missing, cycles } = planRunWithDependencies(file, wanted, satisfied);
  return { order, missing, cycles };
}

/** planRun, plus the blocks each planned block chains on (by index), so a scheduler need not scan them again. */
export function planRunWithDependencies(
  file: HttpFile,
  wanted: readonly number[],
  satisfied?: (index: number) => boolean,
): { order: number[]; missing: string[]; cycles: string[]; dependencies: Map<number, number[]> } {
  const order: number[] = [];
  const done = new Set<number>();
  const visiting = new Set<number>();
  const missing = new Set<string>();
  const cycles = new Set<string>();
  const dependencies = new Map<number, number[]>();
  const wantedSet = new Set(wanted);
  const visit = (index: number): boolean => {
    if (done.has(index)) return true;
    if (visiting.has(index)) {
      cycles.add(file.blocks[index].name ?? `#${index + 1}`);
      return false;
    }
    visiting.add(index);
    let ok = true;
    const found: number[] = [];
    for (const name of dependenciesOf(file, index)) {
      const dep = blockIndexByName(file, name);
      if (dep === undefined) {
        missing.add(name);
        continue;
      }
      found.push(dep);
      if (satisfied?.(dep) && !wantedSet.has(dep)) continue;
      if (!visit(dep)) ok = false;
    }
    if (found.length > 0) dependencies.set(index, found);
    visiting.delete(index);
    if (ok) {
      done.add(index);
      order.push(index);
    }
    return ok;
  };
  for (const index of [...wanted].sort((a, b) => a - b)) if (file.blocks[index]) visit(index);
  return { order, missing: [...missing], cycles: [...cycles], dependencies };
}
