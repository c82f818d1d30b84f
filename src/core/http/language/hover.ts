// Hover and go to definition for `{{…}}`: the value and where it comes from. Secrets are never shown: the access
// token is described by its profile and expiry, and values whose names look secret are masked.

import type { HttpFile, Position, Range } from '../parse-types';
import { blockAtLine } from '../parser';
import { effectiveOptions, parseChain, SYSTEM_VARIABLE_NAMES } from '../variable-names';
import type { LanguageContext, ProfileSummary, SourceLocation } from './context';
import { bareExpression, environmentValue, referenceAt } from './scan';

const MASK = '••••';
/** Names whose values are masked in hovers (the same test the prompt masking uses, plus `secret`-like words). */
const SECRET_NAME = /pass|pwd|secret|token|key|credential|auth/i;
const MAX_SHOWN = 200;

export interface VariableHover {
  /** Markdown. */
  text: string;
  range: Range;
}

function shown(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return MASK;
  const one = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return '`' + one.replace(/`/g, "'") + '`';
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The profile a request uses: its `# @profile`, the file's, else the active one. */
function profileFor(file: HttpFile, line: number, ctx: LanguageContext): ProfileSummary | undefined {
  const block = blockAtLine(file, line);
  const wanted = (block ? effectiveOptions(file, block).profile : file.fileProfile) ?? ctx.activeProfile;
  return wanted === undefined ? undefined : ctx.profiles.find((p) => p.name === wanted);
}

function aioHover(key: string, profile: ProfileSummary | undefined, ctx: LanguageContext): string {
  if (!profile) return `\`$aio.${key}\` — no credential profile applies here; import one or add \`# @profile NAME\`.`;
  const from = `profile ${profile.name}`;
  switch (key) {
    case 'accessToken': {
      const expiry = profile.tokenExpiresAt === undefined ? 'fetched when sending'
        : profile.tokenExpiresAt <= ctx.now ? 'expired, renewed when sending' : `expires ${clock(profile.tokenExpiresAt)}`;
      return `\`$aio.accessToken\`: ${MASK} (${from}, ${expiry})`;
    }
    case 'apiKey': return `\`$aio.apiKey\`: \`${profile.clientId}\` (${from}, client id)`;
    case 'orgId': return `\`$aio.orgId\`: \`${profile.orgId}\` (${from})`;
    case 'sandbox': return `\`$aio.sandbox\`: \`${profile.sandbox}\` (${from})`;
    case 'imsHost': return `\`$aio.imsHost\`: \`${profile.imsHost}\` (${from})`;
    default: return `\`$aio.${key}\` is not an Adobe variable.`;
  }
}

/** The hover for the `{{…}}` at `position`, or undefined when the cursor is on none. */
export function hoverAt(file: HttpFile, position: Position, ctx: LanguageContext): VariableHover | undefined {
  const ref = referenceAt(file, position);
  if (!ref) return undefined;
  const expression = bareExpression(ref.expression);
  return { text: describe(file, expression, position.line, ctx), range: ref.range };
}

function describe(file: HttpFile, expression: string, line: number, ctx: LanguageContext): string {
  if (expression.startsWith('$aio.')) return aioHover(expression.slice(5).trim(), profileFor(file, line, ctx), ctx);
  if (expression.startsWith('$')) {
    const name = expression.split(/\s/, 1)[0];
    return SYSTEM_VARIABLE_NAMES.has(name) ? `\`${name}\` — system variable, computed when sending` : `\`${name}\` is not a known system variable.`;
  }
  const chain = parseChain(expression);
  if (chain) {
    const result = ctx.lastResponses?.get(ctx.fileUri, chain.name);
    const status = result?.response ? `last response ${result.response.status}` : 'no response yet in this window; sending runs it first';
    return `\`${expression}\` — from request \`${chain.name}\` (${status})`;
  }
  const definitions = file.variables.filter((v) => v.name === expression);
  const last = definitions.at(-1);
  if (last) return `\`${expression}\` = ${shown(expression, last.value)} — file variable, line ${last.range.start.line + 1}`;
  const block = blockAtLine(file, line);
  if (block?.prompts.some((p) => p.name === expression)) return `\`${expression}\` — asked when sending (\`# @prompt\`)`;
  const env = environmentValue(ctx, expression);
  if (env) {
    const source = ctx.environments?.sourceOf?.(env.env, expression);
    return `\`${expression}\` = ${shown(expression, env.value)} — environment ${env.env}${source ? ` (${source})` : ''}`;
  }
  return `\`${expression}\` is not defined; the request will not be sent.`;
}

export type DefinitionTarget = { kind: 'file'; range: Range } | { kind: 'environment'; location: SourceLocation };

/** Where the variable at `position` is defined: its last `@name =` line, or its environment entry. */
export function definitionAt(file: HttpFile, position: Position, ctx: LanguageContext): DefinitionTarget | undefined {
  const ref = referenceAt(file, position);
  if (!ref) return undefined;
  const name = bareExpression(ref.expression);
  const last = file.variables.filter((v) => v.name === name).at(-1);
  if (last) return { kind: 'file', range: last.nameRange };
  const env = environmentValue(ctx, name);
  const location = env ? ctx.environments?.locate?.(env.env, name) : undefined;
  return location ? { kind: 'environment', location } : undefined;
}

/** Line and character of `"key"` inside the `"env"` object of an env JSON text (first match after the env key). */
export function locateInEnvJson(text: string, env: string, key: string): { line: number; character: number } | undefined {
  const envAt = text.indexOf(JSON.stringify(env));
  if (envAt < 0) return undefined;
  const keyAt = text.indexOf(JSON.stringify(key), envAt + env.length + 2);
  if (keyAt < 0) return undefined;
  const before = text.slice(0, keyAt);
  const line = before.split('\n').length - 1;
  return { line, character: keyAt - (before.lastIndexOf('\n') + 1) };
}
