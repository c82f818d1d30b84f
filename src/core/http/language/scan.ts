// Small position helpers over a parsed file: which `{{…}}` is under the cursor, what a request's URL expands to.

import type { HttpFile, Position, RequestBlock, VariableReference } from '../parse-types';
import { fileVariableMap } from '../variables';
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

/**
 * The request's URL with file and environment variables expanded (a few levels deep); undefined when a part
 * that decides the host stays unknown (a system, `$aio` or chained variable, or an undefined name).
 */
export function staticUrl(file: HttpFile, block: RequestBlock, ctx: LanguageContext): URL | undefined {
  const vars = fileVariableMap(file);
  let url = block.request.url;
  for (let depth = 0; depth < 8 && url.includes('{{'); depth++) {
    let missing = false;
    url = url.replace(VARIABLE, (_, name: string) => {
      const value = vars.get(name) ?? environmentValue(ctx, name)?.value;
      if (value === undefined) missing = true;
      return value ?? '';
    });
    if (missing) return undefined;
  }
  if (url.includes('{{')) return undefined;
  try {
    return new URL(url.trim());
  } catch {
    return undefined;
  }
}
