// What editor diagnostics and completion need to know about variables without evaluating any: the `$aio` and
// system variable names, chain syntax, file variables by name, unresolved uses. No dependencies beyond the parse
// types, so the extension's language service does not load the resolver (jsonpath, dotenv, dayjs).

import type { HttpFile, Problem, RequestBlock, VariableReference } from './parse-types';
import type { SelectedEnvironment } from './environments';
import type { RequestOptions } from './types';

/** The `{{$aio.*}}` variables. */
export const AIO_VARIABLES = ['accessToken', 'apiKey', 'orgId', 'sandbox', 'imsHost'] as const;
export type AioVariableName = (typeof AIO_VARIABLES)[number];

/** `name.response.body.<path>` / `name.request.headers.<Header>` … */
const CHAIN = /^([\w-]+)\.(response|request)\.(body|headers)(?:\.([\s\S]*))?$/;

/** Parses a chaining expression; undefined for anything else. */
export function parseChain(expression: string):
  | { name: string; side: 'response' | 'request'; part: 'body' | 'headers'; path: string }
  | undefined {
  const m = CHAIN.exec(expression);
  if (!m) return undefined;
  return { name: m[1], side: m[2] as 'response' | 'request', part: m[3] as 'body' | 'headers', path: (m[4] ?? '*').trim() };
}

const fileVariableMaps = new WeakMap<HttpFile, Map<string, string>>();

/** File variables by name, the last definition winning; built once per parsed file. */
export function fileVariableMap(file: HttpFile): Map<string, string> {
  let map = fileVariableMaps.get(file);
  if (!map) {
    map = new Map();
    for (const v of file.variables) map.set(v.name, v.value);
    fileVariableMaps.set(file, map);
  }
  return map;
}

/** The system variables `evaluateSystemVariable` knows (for diagnostics without evaluating). */
export const SYSTEM_VARIABLE_NAMES: ReadonlySet<string> = new Set([
  '$guid', '$uuid', '$isoTimestamp', '$timestamp', '$randomInt', '$datetime', '$localDatetime', '$processEnv', '$dotenv',
]);

/** The block's options with the file-level `# @profile` filled in. */
export function effectiveOptions(file: HttpFile, block: RequestBlock): RequestOptions {
  const options = { ...block.options };
  if (options.profile === undefined && file.fileProfile !== undefined) options.profile = file.fileProfile;
  return options;
}

/** The request names of `file` (chains resolve against them). */
export function requestNames(file: HttpFile): Set<string> {
  const names = new Set<string>();
  for (const b of file.blocks) if (b.name !== undefined) names.add(b.name);
  return names;
}

/**
 * Editor diagnostics without I/O: every `{{…}}` whose name cannot resolve in `environment` (file variables,
 * prompts, environment, `$shared`, request names, known system and `$aio` variables). Values that depend on the
 * outside world (`$processEnv`, `$dotenv`, chained results) are checked by name only.
 */
export function variableProblems(file: HttpFile, environment?: SelectedEnvironment): Problem[] {
  const check = variableChecker(file, environment, requestNames(file));
  const problems: Problem[] = [];
  for (const ref of file.references) {
    const p = check(ref);
    if (p) problems.push(p);
  }
  return problems;
}

/** variableProblems for one reference at a time (the language service re-checks only references an edit made). */
export function variableChecker(file: HttpFile, environment: SelectedEnvironment | undefined, names: ReadonlySet<string>): (ref: VariableReference) => Problem | undefined {
  const defined = new Set(file.variables.map((v) => v.name));
  const report = (ref: VariableReference, message: string): Problem => {
    // In a file variable's value the use matters only if the variable is used, hence a warning there.
    const severity = ref.blockIndex === undefined ? 'warning' : 'error';
    const p: Problem = { severity, code: 'unresolved-variable', message, range: ref.range };
    if (ref.blockIndex !== undefined) p.blockIndex = ref.blockIndex;
    return p;
  };
  return (ref) => {
    const expression = ref.expression.startsWith('%') ? ref.expression.slice(1).trim() : ref.expression;
    if (expression.startsWith('$aio.')) {
      const key = expression.slice(5).trim();
      if (!(AIO_VARIABLES as readonly string[]).includes(key)) {
        return report(ref, `Unknown \`${expression}\`; use one of ${AIO_VARIABLES.map((n) => '$aio.' + n).join(', ')}.`);
      }
      return undefined;
    }
    if (expression.startsWith('$shared ') || expression.startsWith('$shared.')) {
      const key = expression.slice(8).trim();
      if (environment && environment.shared[key] === undefined) return report(ref, `\`${key}\` is not defined in the $shared environment.`);
      return undefined;
    }
    if (expression.startsWith('$')) {
      const space = expression.search(/\s/);
      const name = space < 0 ? expression : expression.slice(0, space);
      if (!SYSTEM_VARIABLE_NAMES.has(name)) return report(ref, `Unknown system variable \`${name}\`.`);
      return undefined;
    }
    const chain = parseChain(expression);
    if (chain) {
      if (!names.has(chain.name)) return report(ref, `No request is named \`${chain.name}\`; add \`# @name ${chain.name}\` above it.`);
      return undefined;
    }
    if (defined.has(expression)) return undefined;
    if (ref.blockIndex !== undefined && file.blocks[ref.blockIndex].prompts.some((p) => p.name === expression)) return undefined;
    if (environment && (environment.variables[expression] !== undefined || environment.shared[expression] !== undefined)) return undefined;
    const where = environment?.name ? `in this file or in environment "${environment.name}"` : 'in this file, and no environment is selected';
    return report(ref, `\`${expression}\` is not defined ${where}; the request will not be sent.`);
  };
}
