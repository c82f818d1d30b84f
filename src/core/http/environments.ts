// Environments: JetBrains' `http-client.env.json` + `http-client.private.env.json` (next to the `.http` file, else
// at the workspace root) and REST Client's settings form `{ "$shared": {…}, "dev": {…} }` passed in by the caller.

import { dirname, join } from 'node:path';
import { AioError } from '../errors';

/** Reads a file's bytes; rejects when it does not exist. The CLI passes node:fs, tests pass a map. */
export type ReadFile = (path: string) => Promise<Uint8Array | string>;

/** Variables of every environment by name, `$shared` included. */
export type EnvironmentSet = Record<string, Record<string, string>>;

/** The variables a request sees from its environment: the selected one over `$shared`. */
export interface SelectedEnvironment {
  name?: string;
  variables: Readonly<Record<string, string>>;
  shared: Readonly<Record<string, string>>;
}

export interface LoadEnvironmentsOptions {
  /** Absolute path of the `.http` file. */
  filePath?: string;
  workspaceRoot?: string;
  readFile: ReadFile;
  /** REST Client form (`aioRequests.environments` setting); the env files override it, name by name. */
  settings?: unknown;
}

export interface Environments {
  /** Environment names, `$shared` excluded, sorted. */
  names: string[];
  sets: EnvironmentSet;
  /** Files that were read, for messages. */
  sources: string[];
}

export const SHARED = '$shared';
export const PUBLIC_ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';

const decoder = new TextDecoder();

/**
 * Text of an optional file, or undefined when it is absent or unreadable (absence is normal for env files). A
 * refusal by the file roots is not hidden: a linked env file that is not read must say so, not look missing.
 */
export async function readText(readFile: ReadFile, path: string): Promise<string | undefined> {
  try {
    const data = await readFile(path);
    return typeof data === 'string' ? data : decoder.decode(data);
  } catch (error) {
    if (error instanceof AioError && error.code === 'file-outside-roots') throw error;
    return undefined;
  }
}

/** Merges a `{ env: { name: value } }` object into `into`; scalar values become strings, others are skipped. */
function mergeSets(into: EnvironmentSet, source: unknown, where: string): void {
  if (source === undefined || source === null) return;
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw new AioError('invalid-environments', `${where} must be an object of environments, e.g. { "dev": { "host": "…" } }.`);
  }
  for (const [env, vars] of Object.entries(source as Record<string, unknown>)) {
    if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) continue;
    const target = (into[env] ??= {});
    for (const [key, value] of Object.entries(vars as Record<string, unknown>)) {
      if (typeof value === 'string') target[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') target[key] = String(value);
    }
  }
}

/** Offset of the first character a JSON parse fails on (the prefix before it could still become valid JSON). */
function jsonErrorOffset(text: string, error: Error): number | undefined {
  const stated = /at position (\d+)/.exec(error.message);
  if (stated) return Math.min(Number(stated[1]), text.length);
  // Some messages give no position: find the shortest prefix that no continuation could make valid.
  const broken = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (e) {
      const message = (e as Error).message;
      if (/unexpected end/i.test(message)) return false;
      const position = /at position (\d+)/.exec(message);
      return !position || Number(position[1]) < length;
    }
  };
  if (!broken(text.length)) return undefined;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (broken(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}

/** "line L, column C" (1-based) of a JSON parse error, or undefined when it cannot be placed. */
function jsonErrorPlace(text: string, error: Error): string | undefined {
  const offset = jsonErrorOffset(text, error);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Loads every environment visible to a `.http` file. Throws `invalid-environments` on malformed JSON. */
export async function loadEnvironments(options: LoadEnvironmentsOptions): Promise<Environments> {
  const sets: EnvironmentSet = {};
  const sources: string[] = [];
  mergeSets(sets, options.settings, 'The environments setting');
  const dirs: string[] = [];
  if (options.filePath) dirs.push(dirname(options.filePath));
  if (options.workspaceRoot && !dirs.includes(options.workspaceRoot)) dirs.push(options.workspaceRoot);
  for (const dir of dirs) {
    const publicPath = join(dir, PUBLIC_ENV_FILE);
    const privatePath = join(dir, PRIVATE_ENV_FILE);
    const [pub, priv] = await Promise.all([readText(options.readFile, publicPath), readText(options.readFile, privatePath)]);
    if (pub === undefined && priv === undefined) continue;
    for (const [path, text] of [[publicPath, pub], [privatePath, priv]] as const) {
      if (text === undefined) continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        // The parser's message quotes the source, which may hold secrets: only the place is reported.
        const where = jsonErrorPlace(text, e as Error);
        throw new AioError('invalid-environments', `${path} is not valid JSON${where ? ` (${where})` : ''}. Fix the file (check commas, quotes and braces there) or remove it.`);
      }
      mergeSets(sets, json, path);
      sources.push(path);
    }
    // The nearest directory that has env files wins; files further up are not mixed in.
    break;
  }
  const names = Object.keys(sets).filter((n) => n !== SHARED).sort();
  return { names, sets, sources };
}

/** Picks an environment by name (undefined: none, only `$shared`). Throws `unknown-environment` for a typo. */
export function selectEnvironment(envs: Environments, name: string | undefined): SelectedEnvironment {
  const shared = envs.sets[SHARED] ?? {};
  if (name === undefined || name === '' || name === SHARED) return { name: undefined, variables: {}, shared };
  const variables = envs.sets[name];
  if (!variables) {
    const known = envs.names.length > 0 ? `Known: ${envs.names.join(', ')}.` : 'No environments are defined.';
    throw new AioError('unknown-environment', `There is no environment named "${name}". ${known}`);
  }
  return { name, variables, shared };
}
