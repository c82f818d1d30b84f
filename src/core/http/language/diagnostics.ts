// Editor diagnostics for a `.http` file: the parser's problems, unresolved variables, and what the runner would
// refuse that can be seen without sending (no profile for an Adobe host, a token written to a foreign host).

import type { HttpFile, Problem, RequestBlock, VariableReference } from '../parse-types';
import { effectiveOptions, requestNames, variableChecker } from '../variable-names';
import type { SelectedEnvironment } from '../environments';
import type { LanguageContext } from './context';
import { bareExpression, staticOrigin } from './scan';
import { reparseOf } from '../parser-incremental';

/** A problem with what a quick fix needs. */
export interface LanguageProblem extends Problem {
  /** `unresolved-variable`: the name to define. `no-profile` / `unknown-profile`: the profile asked for. */
  data?: { variable?: string; profile?: string };
}

/** The environment `variableProblems` checks against: the selected one, or every one merged when none is picked. */
function checkedEnvironment(ctx: LanguageContext): SelectedEnvironment | undefined {
  const envs = ctx.environments;
  if (!envs) return undefined;
  const shared = envs.sets.$shared ?? {};
  if (envs.selected !== undefined) return { name: envs.selected, variables: envs.sets[envs.selected] ?? {}, shared };
  const merged: Record<string, string> = {};
  for (const [env, vars] of Object.entries(envs.sets)) if (env !== '$shared') Object.assign(merged, vars);
  return { name: undefined, variables: merged, shared };
}

const TOKEN_EXPRESSION = /^\$aio\.accessToken$/;

/** What every reference's and block's diagnostics depend on besides the element itself. */
interface MemoKey {
  sets: unknown;
  selected: string | undefined;
  authHosts: unknown;
  profiles: unknown;
  activeProfile: string | undefined;
  fileProfile: string | undefined;
  variables: ReadonlyArray<readonly [string, string]>;
  names: ReadonlySet<string>;
}

type ReferenceFindings = { variable?: LanguageProblem; egress?: LanguageProblem };

/** The diagnostics of one parsed version, per reference (unresolved, token egress) and per block (profile). */
interface Memo {
  key: MemoKey;
  file: HttpFile;
  references: ReferenceFindings[];
  blocks: Array<LanguageProblem | null>;
}

/**
 * The last diagnostics of each document. After an incremental re-parse (reparseOf) only the references and blocks
 * the edit made are checked again; the others' findings are kept, or moved with them, unless the edit changed
 * something they all depend on (a file variable, a request name, the file's profile, the environment, the profiles).
 */
const memos = new Map<string, Memo>();
const MEMOS_KEPT = 16;

function sameKey(a: MemoKey, b: MemoKey): boolean {
  if (a.sets !== b.sets || a.selected !== b.selected || a.authHosts !== b.authHosts || a.profiles !== b.profiles
    || a.activeProfile !== b.activeProfile || a.fileProfile !== b.fileProfile) return false;
  if (a.variables.length !== b.variables.length || a.names.size !== b.names.size) return false;
  for (let i = 0; i < a.variables.length; i++) {
    if (a.variables[i][0] !== b.variables[i][0] || a.variables[i][1] !== b.variables[i][1]) return false;
  }
  for (const n of a.names) if (!b.names.has(n)) return false;
  return true;
}

/** Findings for `ref` (a moved copy of the reference they were made for), at its new place. */
function movedFindings(f: ReferenceFindings, ref: VariableReference): ReferenceFindings {
  const moved: ReferenceFindings = {};
  if (f.variable) moved.variable = { ...f.variable, range: ref.range, ...(ref.blockIndex !== undefined ? { blockIndex: ref.blockIndex } : {}) };
  if (f.egress) moved.egress = { ...f.egress, range: ref.range, blockIndex: ref.blockIndex };
  return moved;
}

/** Every diagnostic for `file`, in file order of kind (parser, variables, then per-request checks). */
export function languageProblems(file: HttpFile, ctx: LanguageContext): LanguageProblem[] {
  const names = requestNames(file);
  const key: MemoKey = {
    sets: ctx.environments?.sets, selected: ctx.environments?.selected, authHosts: ctx.authHosts, profiles: ctx.profiles,
    activeProfile: ctx.activeProfile, fileProfile: file.fileProfile, variables: file.variables.map((v) => [v.name, v.value] as const), names,
  };
  const last = memos.get(ctx.fileUri);
  const usable = last && sameKey(last.key, key) ? last : undefined;
  const edit = usable && usable.file !== file ? reparseOf(file) : undefined;
  const carried = usable && (usable.file === file || edit?.previous === usable.file) ? usable : undefined;
  const moved = edit !== undefined && (edit.lines !== 0 || edit.indexes !== 0);

  const out: LanguageProblem[] = [...file.problems];
  let check: ((ref: VariableReference) => Problem | undefined) | undefined;
  const findings: ReferenceFindings[] = new Array<ReferenceFindings>(file.references.length);
  const egress: LanguageProblem[] = [];
  for (let i = 0; i < file.references.length; i++) {
    const ref = file.references[i];
    let found: ReferenceFindings | undefined;
    if (carried && (!edit || i < edit.referencesBefore)) found = carried.references[i];
    else if (carried && edit && i >= edit.referencesAfter) {
      const previous = carried.references[i - edit.referencesShift];
      found = moved ? movedFindings(previous, ref) : previous;
    }
    if (!found) {
      check ??= variableChecker(file, checkedEnvironment(ctx), names);
      found = {};
      const p = check(ref);
      if (p) {
        const name = bareExpression(ref.expression);
        found.variable = /^[\w-]+$/.test(name) ? { ...p, data: { variable: name } } : p;
      }
      if (ref.blockIndex !== undefined && TOKEN_EXPRESSION.test(bareExpression(ref.expression))) {
        found.egress = tokenEgress(file, file.blocks[ref.blockIndex], ref.range, ctx);
      }
    }
    findings[i] = found;
    if (found.variable) out.push(found.variable);
    if (found.egress) egress.push(found.egress);
  }
  for (const p of egress) out.push(p);
  const profileNames = new Set(ctx.profiles.map((p) => p.name));
  // Origins repeat across a file's requests: classify each once.
  const allowed = new Map<URL, boolean>();
  const blockFindings = new Array<LanguageProblem | null>(file.blocks.length);
  for (let i = 0; i < file.blocks.length; i++) {
    const block = file.blocks[i];
    let found: LanguageProblem | null | undefined;
    if (carried && (!edit || i < edit.blocksBefore)) found = carried.blocks[i];
    else if (carried && edit && i >= edit.blocksAfter) {
      const previous = carried.blocks[i - edit.blocksShift];
      found = previous && moved ? { ...previous, range: block.request.urlRange, blockIndex: block.index } : previous;
    }
    if (found === undefined) {
      found = null;
      const url = staticOrigin(file, block, ctx);
      if (url) {
        let verdict = allowed.get(url);
        if (verdict === undefined) {
          verdict = ctx.authHosts.allows(url);
          allowed.set(url, verdict);
        }
        if (verdict) found = checkProfile(file, block, ctx, profileNames) ?? null;
      }
    }
    blockFindings[i] = found;
    if (found) out.push(found);
  }
  memos.delete(ctx.fileUri);
  memos.set(ctx.fileUri, { key, file, references: findings, blocks: blockFindings });
  if (memos.size > MEMOS_KEPT) memos.delete(memos.keys().next().value!);
  return out;
}

function checkProfile(file: HttpFile, block: RequestBlock, ctx: LanguageContext, names: ReadonlySet<string>): LanguageProblem | undefined {
  const options = effectiveOptions(file, block);
  if (options.noAuth) return undefined;
  const range = block.request.urlRange;
  if (options.profile !== undefined && !names.has(options.profile)) {
    return {
      severity: 'warning', code: 'unknown-profile', blockIndex: block.index, range, data: { profile: options.profile },
      message: `No credential profile is named "${options.profile}"; import it (Adobe I/O: Import Credentials…) or choose a stored one.`,
    };
  }
  if (options.profile === undefined && ctx.activeProfile === undefined) {
    return {
      severity: 'warning', code: 'no-profile', blockIndex: block.index, range, data: {},
      message: ctx.profiles.length === 0
        ? 'This Adobe host needs credentials and no profile is stored; import one (Adobe I/O: Import Credentials…) or add `# @no-auth`.'
        : 'This Adobe host needs credentials and no profile is active; choose one, add `# @profile NAME`, or add `# @no-auth`.',
    };
  }
  return undefined;
}

/** A literal `{{$aio.accessToken}}` bound for a host outside the allow-list: the runner's egress rule refuses it. */
function tokenEgress(file: HttpFile, block: RequestBlock, range: Problem['range'], ctx: LanguageContext): LanguageProblem | undefined {
  const url = staticOrigin(file, block, ctx);
  if (!url || ctx.authHosts.allows(url)) return undefined;
  if (effectiveOptions(file, block).allowSecrets?.includes('accessToken')) return undefined;
  return {
    severity: 'error', code: 'egress-refused', blockIndex: block.index, range,
    message: `Not sendable: the access token would go to ${url.host}, which is not on the auth allow-list. ` +
      'Add `# @allow-secret accessToken` above the request if it must, or add the host to aioRequests.authHosts (user settings).',
  };
}
