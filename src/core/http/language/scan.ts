// Small position helpers over a parsed file: which `{{…}}` is under the cursor, what a request's URL expands to.

import type { HttpFile, Position, RequestBlock, VariableReference } from '../parse-types';
import { fileVariableMap } from '../variable-names';
import type { LanguageContext } from './context';

/** The reference whose braces contain `position`, by binary search (references are in file order). */
export function referenceAt(file: HttpFile, position: Position): VariableReference | undefined {
  const refs = file.references;
  let lo = 0;
  let hi = refs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = refs[mid].range.start;
    if (start.line < position.line || (start.line === position.line && start.character <= position.character)) lo = mid + 1;
    else hi = mid - 1;
  }
  // `hi` is the last reference starting at or before the position; several may share the line.
  for (let i = hi; i >= 0; i--) {
    const r = refs[i].range;
    if (r.start.line !== position.line) break;
    if (position.character <= r.end.character) return refs[i];
  }
  return undefined;
}

/** Strips REST Client's `%` (URL-encode) prefix. */
export function bareExpression(expression: string): string {
  return expression.startsWith('%') ? expression.slice(1).trim() : expression;
}

/** The environment variables visible to the file: the selected one over `$shared`, or every one when none is picked. */
export function environmentValue(ctx: LanguageContext, name: string): { env: string; value: string } | undefined {
  const envs = ctx.environments;
  if (!envs) return undefined;
  if (envs.selected !== undefined) {
    const v = envs.sets[envs.selected]?.[name];
    if (v !== undefined) return { env: envs.selected, value: v };
  } else {
    for (const [env, vars] of Object.entries(envs.sets)) {
      if (env !== '$shared' && vars[name] !== undefined) return { env, value: vars[name] };
    }
  }
  const shared = envs.sets.$shared?.[name];
  return shared === undefined ? undefined : { env: '$shared', value: shared };
}

const VARIABLE = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** Expands file and environment variables in `text` a few levels deep; undefined when a name is unknown. */
function expand(text: string, file: HttpFile, ctx: LanguageContext): string | undefined {
  const vars = fileVariableMap(file);
  let out = text;
  for (let depth = 0; depth < 8 && out.includes('{{'); depth++) {
    let missing = false;
    const next = out.replace(VARIABLE, (_, name: string) => {
      const value = vars.get(name) ?? environmentValue(ctx, name)?.value;
      if (value === undefined) missing = true;
      return value ?? '';
    });
    if (missing || next === out) return undefined;
    out = next;
  }
  return out;
}

/** Per file and context: origins by the URL text that decides them (a leading `{{name}}`, or `scheme://host`). */
const caches = new WeakMap<HttpFile, { ctx: LanguageContext; origins: Map<string, URL | undefined | 'partial'> }>();

/** The `scheme://host:port` at the start of `url`, when it has one and it is followed by a path, query or its end. */
function originText(url: string, complete: boolean): string | undefined {
  const scheme = url.indexOf('://');
  if (scheme < 0) return undefined;
  let end = scheme + 3;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
    end++;
  }
  // A prefix that ends inside the host (`{{scheme}}://api` + `.example.com`) does not decide it alone.
  return end === url.length && !complete ? undefined : url.slice(0, end);
}

function parseOrigin(origin: string, file: HttpFile, ctx: LanguageContext): URL | undefined {
  const text = origin.includes('{{') ? expand(origin, file, ctx) : origin;
  if (text === undefined || text.includes('{{')) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * The scheme, host and port a request goes to, with file and environment variables expanded; undefined when a
 * part that decides the host stays unknown (a system, `$aio` or chained variable, or an undefined name). Each
 * distinct origin (or leading `{{base}}`) is worked out once per parsed file: a 10,000-request file has a handful.
 */
export function staticOrigin(file: HttpFile, block: RequestBlock, ctx: LanguageContext): URL | undefined {
  let cache = caches.get(file);
  if (!cache || cache.ctx !== ctx) {
    cache = { ctx, origins: new Map() };
    caches.set(file, cache);
  }
  const url = block.request.url;
  if (url.startsWith('{{')) {
    const close = url.indexOf('}}');
    if (close < 0) return undefined;
    const head = url.slice(0, close + 2);
    let known = cache.origins.get(head);
    if (known === undefined && !cache.origins.has(head)) {
      const value = expand(head, file, ctx);
      const origin = value === undefined ? undefined : originText(value.trim(), false);
      known = origin === undefined ? (value === undefined ? undefined : 'partial') : parseOrigin(origin, file, ctx);
      cache.origins.set(head, known);
    }
    if (known !== 'partial') return known;
    const whole = expand(url, file, ctx);
    const origin = whole === undefined ? undefined : originText(whole.trim(), true);
    return origin === undefined ? undefined : parseOrigin(origin, file, ctx);
  }
  const origin = originText(url.trimStart(), true);
  if (origin === undefined) return undefined;
  let known = cache.origins.get(origin);
  if (known === undefined && !cache.origins.has(origin)) {
    known = parseOrigin(origin, file, ctx);
    cache.origins.set(origin, known);
  }
  return known === 'partial' ? undefined : known;
}
