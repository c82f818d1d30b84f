// Variable resolution for one request. Precedence for a plain `{{name}}`: prompt > file variable > selected
// environment > `$shared`; `{{req.response…}}` chains on earlier results; `{{$…}}` are system variables;
// `{{$aio.*}}` come from the caller's credential callback. Nothing unresolved is ever sent: every miss is
// collected and reported at once.

import { dirname, join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { JSONPath } from 'jsonpath-plus';
import { AioError } from '../errors';
import { describeError, redactUrl } from '../log/redact';
import { AuthHostList, DEFAULT_AUTH_HOSTS } from '../net/auth-hosts';
import { systemClock, type Clock } from '../ports';
import type { HttpFile, PromptSpec, RequestBlock } from './parse-types';
import { splitTemplate } from './parse-template';
import { readText, type ReadFile, type SelectedEnvironment } from './environments';
import { defaultRandom, defaultRandomUUID, evaluateSystemVariable, type SystemVariablePorts } from './system-variables';
import { AIO_VARIABLES, fileVariableMap, parseChain, type AioVariableName } from './variable-names';

export { AIO_VARIABLES, fileVariableMap, parseChain, variableProblems, type AioVariableName } from './variable-names';
import type { RequestError, RequestErrorKind, RequestOptions, RequestResult } from './types';

/** Everything resolution needs from the caller; every field is optional so tests and tools pass only what they use. */
export interface ResolveContext {
  /** The selected environment (see `selectEnvironment`); none means only file and system variables. */
  environment?: SelectedEnvironment;
  /** Results of requests that already ran, by `# @name`. */
  results?: ReadonlyMap<string, RequestResult>;
  /** Absolute path of the `.http` file: base for `< file` bodies and the `.env` file. */
  filePath?: string;
  /** Second base for `< file` bodies. */
  workspaceRoot?: string;
  readFile?: ReadFile;
  /** For `$processEnv`; the CLI passes `process.env`. Empty when omitted. */
  processEnv?: Readonly<Record<string, string | undefined>>;
  clock?: Clock;
  random?: () => number;
  randomUUID?: () => string;
  /** `{{$aio.name}}` for the request's profile and sandbox (the runner wires it to the RequestAuthenticator). */
  aioVariable?: (name: AioVariableName, options: RequestOptions) => Promise<string | undefined>;
  /**
   * Hosts besides `*.adobe.io` that may receive `{{$aio.accessToken}}`: the runner's `authHosts`, so a token
   * written into a request goes only where the runner would add one itself. Omitted: `*.adobe.io` only.
   */
  authHosts?: readonly string[];
  /** The allow-list built from `authHosts` once by a run context (shared with the runner); built here when omitted. */
  authHostList?: AuthHostList;
  /** Asks the user for a `# @prompt` value; undefined means cancelled. */
  prompt?: (spec: PromptSpec) => Promise<string | undefined>;
  /** Most characters one resolved value, and one request's resolved text, may hold (default 10 MB). */
  maxResolvedSize?: number;
}

/** Default for `ResolveContext.maxResolvedSize`: far above any real request, far below a memory problem. */
export const DEFAULT_MAX_RESOLVED_SIZE = 10 * 1024 * 1024;
/** All text built for one request, intermediate variables included, stays under this many times the limit. */
const WORK_FACTOR = 4;
/** Variables nested deeper than this are refused (a chain this long is a mistake, and recursion needs a floor). */
const MAX_DEPTH = 64;

/** `10 MB`, `512 KB`: a limit as the user set it. */
function describeSize(chars: number): string {
  if (chars >= 1024 * 1024 && chars % (1024 * 1024) === 0) return `${chars / (1024 * 1024)} MB`;
  if (chars >= 1024 && chars % 1024 === 0) return `${chars / 1024} KB`;
  return `${chars} characters`;
}

/** A request that cannot be resolved: `unresolved-variable` (with every name), `invalid-request` or `aborted`. */
export class ResolveError extends AioError {
  constructor(
    readonly kind: RequestErrorKind,
    message: string,
    readonly variables?: string[],
  ) {
    super(kind, message);
    this.name = 'ResolveError';
  }

  /** As the runner's result data. */
  toRequestError(): RequestError {
    return { kind: this.kind, message: this.message, ...(this.variables ? { variables: this.variables } : {}) };
  }
}

const decoder = new TextDecoder();

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text.trim());
  } catch {
    return undefined;
  }
}

const DEFAULT_HOSTS = new AuthHostList();
const hostLists = new WeakMap<ResolveContext, AuthHostList>();

/** The context's auth allow-list, built once per context. */
function authHostList(ctx: ResolveContext): AuthHostList {
  if (ctx.authHostList) return ctx.authHostList;
  let list = hostLists.get(ctx);
  if (!list) {
    list = new AuthHostList(ctx.authHosts);
    hostLists.set(ctx, list);
  }
  return list;
}

/** Whether a `{{` is left without its `}}` (such text must never reach a server). */
function hasUnterminated(text: string): boolean {
  if (!text.includes('{{')) return false;
  return splitTemplate(text).some((p) => 'literal' in p && p.literal.includes('{{'));
}

const dotenvs = new WeakMap<ResolveContext, Promise<Record<string, string>>>();

/** The `.env` next to the `.http` file, read once per context (a run of many requests reads it once). */
function dotenvOf(ctx: ResolveContext): Promise<Record<string, string>> {
  let pending = dotenvs.get(ctx);
  if (!pending) {
    pending = (async () => {
      if (!ctx.filePath || !ctx.readFile) return {};
      const text = await readText(ctx.readFile, join(dirname(ctx.filePath), '.env'));
      return text === undefined ? {} : parseDotenv(text);
    })();
    dotenvs.set(ctx, pending);
  }
  return pending;
}

/** Resolves `{{…}}` for one block of one file; collects every miss before failing. */
export class VariableScope {
  private readonly unresolved = new Map<string, string>();
  private readonly values = new Map<string, string | undefined>();
  private readonly fileVariables: ReadonlyMap<string, string>;
  private readonly aio = new Map<string, Promise<string | undefined>>();
  private readonly system: SystemVariablePorts;
  private usesAccessToken = false;
  /** The request's URL once known; parsed only when `{{$aio.accessToken}}` needs its host checked. */
  private target: string | undefined;
  private readonly limit: number;
  /** Characters of the request's own resolved text (URL, headers, body lines) so far. */
  private requestSize = 0;
  /** Characters built so far at any depth, cached variables included: what resolution costs in memory. */
  private work = 0;

  constructor(
    private readonly file: HttpFile,
    private readonly block: RequestBlock | undefined,
    private readonly ctx: ResolveContext,
    private readonly options: RequestOptions,
  ) {
    this.fileVariables = fileVariableMap(file);
    this.limit = ctx.maxResolvedSize ?? DEFAULT_MAX_RESOLVED_SIZE;
    this.system = {
      clock: ctx.clock ?? systemClock,
      random: ctx.random ?? defaultRandom,
      randomUUID: ctx.randomUUID ?? defaultRandomUUID,
      processEnv: ctx.processEnv ?? {},
      dotenv: () => dotenvOf(ctx),
      variable: (name) => this.plain(name, []),
    };
  }

  /**
   * Replaces every `{{…}}` in `text`; misses are recorded (see `throwIfUnresolved`) and left as empty text.
   * Sizes are checked as the text grows, so a value that would double itself into gigabytes stops at the limit.
   */
  async substitute(text: string, stack: readonly string[] = []): Promise<string> {
    if (!text.includes('{{')) return text;
    let out = '';
    for (const part of splitTemplate(text)) {
      if ('literal' in part) {
        out += part.literal;
      } else {
        const value = await this.evaluate(part.expression, stack);
        if (value !== undefined) out += value;
      }
      if (out.length > this.limit) this.tooLarge(stack.at(-1) ?? ('expression' in part ? part.expression : undefined), 'value');
    }
    this.work += out.length;
    if (this.work > this.limit * WORK_FACTOR) this.tooLarge(stack.at(-1), 'work');
    if (stack.length === 0) {
      this.requestSize += out.length;
      if (this.requestSize > this.limit) this.tooLarge(undefined, 'request');
    }
    return out;
  }

  private tooLarge(name: string | undefined, what: 'value' | 'request' | 'work'): never {
    const limit = describeSize(this.limit);
    const fix = 'raise the limit with `--max-resolved-size` only if the request really is that large';
    const subject = name === undefined ? 'a value in this request' : `{{${name}}}`;
    const message = what === 'value'
      ? `Not sent: ${subject} resolves to more than ${limit}, the limit for one value; check for variables that repeat each other, or ${fix}.`
      : what === 'request'
        ? `Not sent: the request's resolved URL, headers and body come to more than ${limit}; ${fix}.`
        : `Not sent: resolving ${subject} builds more than ${describeSize(this.limit * WORK_FACTOR)} of variable values for one request; check for variables that repeat each other, or ${fix}.`;
    throw new ResolveError('too-large', message);
  }

  /** The request's URL once known: `{{$aio.accessToken}}` is refused before a token is fetched for a host not allowed. */
  setTarget(url: string): void {
    this.target = url;
  }

  /** Throws `auth` when `{{$aio.accessToken}}` was used in a request to `url` and that host may not receive it. */
  checkAccessTokenTarget(url: string): void {
    if (this.usesAccessToken) this.refuseToken(parseUrl(url), url);
  }

  private refuseToken(url: URL | undefined, text: string): void {
    if (url && authHostList(this.ctx).allows(url)) return;
    const extra = this.ctx.authHosts?.length ? `, ${this.ctx.authHosts.join(', ')}` : '';
    const rule = `Not sent: {{$aio.accessToken}} goes only to hosts on the auth allow-list (${DEFAULT_AUTH_HOSTS.join(', ')} over HTTPS${extra})`;
    if (!url || !url.host || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new ResolveError('auth', `${rule}, and \`${redactUrl(text)}\` is not an http(s) URL with a host.`);
    }
    const host = url.host;
    const httpOnly = url.protocol === 'http:' && DEFAULT_HOSTS.allows(new URL(`https://${host}`));
    const why = httpOnly ? `${host} is on it for HTTPS only; use https://, or` : `${host} is not on it;`;
    throw new ResolveError('auth',
      `${rule}, and ${why} if you trust ${host}, allow it with \`--auth-host ${host}\` (CLI) or add "${host}" to the \`aioRequests.authHosts\` user setting (editor).`);
  }

  /** How many variables have failed so far (compare before and after a substitution). */
  get unresolvedCount(): number {
    return this.unresolved.size;
  }

  /** Throws `unresolved-variable` naming every variable that could not be resolved so far. */
  throwIfUnresolved(): void {
    if (this.unresolved.size === 0) return;
    const names = [...this.unresolved.keys()];
    const details = [...this.unresolved].map(([name, why]) => `{{${name}}} (${why})`).join(', ');
    const noun = names.length === 1 ? 'variable' : 'variables';
    throw new ResolveError('unresolved-variable', `Not sent: unresolved ${noun} ${details}.`, names);
  }

  private miss(expression: string, why: string): undefined {
    if (!this.unresolved.has(expression)) this.unresolved.set(expression, why);
    return undefined;
  }

  /** The value of one expression (braces removed, trimmed), or undefined after recording why not. */
  async evaluate(expression: string, stack: readonly string[]): Promise<string | undefined> {
    if (expression.startsWith('$aio.')) return this.aioValue(expression);
    if (expression.startsWith('$shared')) {
      const rest = expression.slice('$shared'.length);
      if (rest.startsWith('.') || rest.startsWith(' ')) return this.shared(expression, rest.slice(1).trim(), stack);
    }
    if (expression.startsWith('$')) {
      // `%name` indirection continues this stack, so `@a = {{$processEnv %a}}` is a loop, not a stack overflow.
      const ports = stack.length === 0 ? this.system : { ...this.system, variable: (name: string) => this.plain(name, stack) };
      const before = this.unresolved.size;
      const result = await evaluateSystemVariable(expression, ports);
      if ('value' in result) return result.value;
      // A `%name` that failed was reported itself: that is the cause, not this expression.
      return this.unresolved.size > before ? undefined : this.miss(expression, result.problem);
    }
    if (expression.startsWith('%')) {
      // REST Client: `{{%name}}` percent-encodes the value.
      const before = this.unresolved.size;
      const value = await this.plain(expression.slice(1).trim(), stack);
      if (value === undefined && this.unresolved.size === before) return this.miss(expression, 'not defined');
      return value === undefined ? undefined : encodeURIComponent(value);
    }
    const chain = parseChain(expression);
    if (chain) return this.chainValue(expression, chain);
    return this.plain(expression, stack);
  }

  /** A plain name: prompt > file variable > environment > `$shared`. */
  private async plain(name: string, stack: readonly string[]): Promise<string | undefined> {
    if (this.values.has(name)) return this.values.get(name);
    const loop = this.loopCheck(name, stack);
    if (loop) return this.miss(name, loop);
    const prompt = this.block?.prompts.find((p) => p.name === name);
    let value: string | undefined;
    if (prompt) {
      if (!this.ctx.prompt) return this.miss(name, 'is a `# @prompt` variable and nothing here can ask for it');
      value = await this.ctx.prompt(prompt);
      if (value === undefined) throw new ResolveError('aborted', `Not sent: the prompt for \`${name}\` was cancelled.`);
    } else {
      const raw = this.fileVariables.get(name) ?? this.ctx.environment?.variables[name] ?? this.ctx.environment?.shared[name];
      if (raw === undefined) {
        const env = this.ctx.environment?.name;
        return this.miss(name, env
          ? `not defined in this file or in environment "${env}"`
          : 'not defined in this file, and no environment is selected');
      }
      if (hasUnterminated(raw)) return this.miss(name, 'its value has a `{{` without `}}`');
      const before = this.unresolved.size;
      value = await this.substitute(raw, [...stack, name]);
      // A variable built from a missing one is not reported itself: the missing one is the cause.
      if (this.unresolved.size > before) return undefined;
    }
    this.values.set(name, value);
    return value;
  }

  /** Why `key` may not be entered from `stack` (a loop, or nesting too deep); every variable kind passes here. */
  private loopCheck(key: string, stack: readonly string[]): string | undefined {
    if (stack.includes(key)) return `refers to itself (${[...stack, key].join(' → ')})`;
    if (stack.length >= MAX_DEPTH) return `is nested more than ${MAX_DEPTH} variables deep (${stack.slice(0, 3).join(' → ')} → …)`;
    return undefined;
  }

  private async shared(expression: string, name: string, stack: readonly string[]): Promise<string | undefined> {
    const raw = this.ctx.environment?.shared[name];
    if (raw === undefined) return this.miss(expression, `\`${name}\` is not defined in the $shared environment`);
    // One key for `$shared.x` and `$shared x`, so both spellings meet in the loop check.
    const key = `$shared.${name}`;
    const loop = this.loopCheck(key, stack);
    if (loop) return this.miss(expression, loop);
    return this.substitute(raw, [...stack, key]);
  }

  private async aioValue(expression: string): Promise<string | undefined> {
    const key = expression.slice('$aio.'.length).trim();
    if (!(AIO_VARIABLES as readonly string[]).includes(key)) {
      return this.miss(expression, `unknown; use one of ${AIO_VARIABLES.map((n) => '$aio.' + n).join(', ')}`);
    }
    if (!this.ctx.aioVariable) return this.miss(expression, 'no credential profile is available here');
    if (key === 'accessToken') {
      // The token is the one secret here (the API key is the public client id): it goes to allowed hosts only.
      this.usesAccessToken = true;
      const target = this.target === undefined ? undefined : parseUrl(this.target);
      if (target) this.refuseToken(target, target.href);
    }
    let pending = this.aio.get(key);
    if (!pending) {
      pending = this.ctx.aioVariable(key as AioVariableName, this.options);
      this.aio.set(key, pending);
    }
    let value: string | undefined;
    try {
      value = await pending;
    } catch (error) {
      if (error instanceof ResolveError) throw error;
      // An IMS failure stops this request only; a batch goes on with the next one.
      throw new ResolveError('auth', `Not sent: could not get {{${expression}}}: ${describeError(error)}`);
    }
    return value === undefined || value === '' ? this.miss(expression, 'the credential profile has no value for it') : value;
  }

  private chainValue(expression: string, chain: NonNullable<ReturnType<typeof parseChain>>): string | undefined {
    const result = this.ctx.results?.get(chain.name);
    if (!result) {
      const inFile = this.file.blocks.some((b) => b.name === chain.name);
      return this.miss(expression, inFile
        ? `request \`${chain.name}\` has not run yet; run it first`
        : `there is no request named \`${chain.name}\` (add \`# @name ${chain.name}\` above it)`);
    }
    let headers: Array<[string, string]>;
    let body: string | undefined;
    if (chain.side === 'response') {
      if (!result.response) {
        const why = result.error ? `: ${result.error.message}` : '';
        return this.miss(expression, `request \`${chain.name}\` got no response${why}`);
      }
      headers = result.response.headers;
      body = decoder.decode(result.response.body);
    } else {
      headers = result.request.headers;
      body = result.request.body;
    }
    if (chain.part === 'headers') {
      const wanted = chain.path.toLowerCase();
      const values = headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
      if (values.length === 0) return this.miss(expression, `the ${chain.side} of \`${chain.name}\` has no header \`${chain.path}\``);
      return values.join(', ');
    }
    if (chain.path === '*') return body ?? '';
    if (chain.path.startsWith('/')) {
      return this.miss(expression, 'XPath is not supported; use a JSONPath (`$.a.b`) on a JSON body');
    }
    if (!chain.path.startsWith('$')) {
      return this.miss(expression, 'the body path must be `*` or a JSONPath starting with `$`');
    }
    let json: unknown;
    try {
      json = JSON.parse(body ?? '');
    } catch {
      return this.miss(expression, `the ${chain.side} body of \`${chain.name}\` is not JSON`);
    }
    let matches: unknown[];
    try {
      // `eval: false`: filter scripts in a file's JSONPath never run code.
      matches = JSONPath({ path: chain.path, json: json as object, wrap: true, eval: false }) as unknown[];
    } catch (e) {
      const message = (e as Error).message;
      if (/prevented/i.test(message)) {
        return this.miss(expression, 'JSONPath filter expressions `[?(…)]` are not supported; use an index such as `[0]`');
      }
      return this.miss(expression, `invalid JSONPath (${message})`);
    }
    if (!Array.isArray(matches) || matches.length === 0) {
      return this.miss(expression, `\`${chain.path}\` matches nothing in the ${chain.side} body of \`${chain.name}\``);
    }
    const first = matches[0];
    if (first === null) return 'null';
    return typeof first === 'object' ? JSON.stringify(first) : String(first);
  }


}
