// Editor diagnostics for a `.http` file: the parser's problems, unresolved variables, and what the runner would
// refuse that can be seen without sending (no profile for an Adobe host, a token written to a foreign host).

import type { HttpFile, Problem, RequestBlock } from '../parse-types';
import { effectiveOptions, variableProblems } from '../variable-names';
import type { SelectedEnvironment } from '../environments';
import type { LanguageContext } from './context';
import { bareExpression, referenceAt, staticOrigin } from './scan';

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

/** Every diagnostic for `file`, in file order of kind (parser, variables, then per-request checks). */
export function languageProblems(file: HttpFile, ctx: LanguageContext): LanguageProblem[] {
  const out: LanguageProblem[] = [...file.problems];
  for (const p of variableProblems(file, checkedEnvironment(ctx))) {
    const ref = referenceAt(file, p.range.start);
    const name = ref ? bareExpression(ref.expression) : undefined;
    const plain = name !== undefined && /^[\w-]+$/.test(name);
    out.push(plain ? { ...p, data: { variable: name } } : p);
  }
  for (const ref of file.references) {
    if (ref.blockIndex !== undefined && TOKEN_EXPRESSION.test(bareExpression(ref.expression))) {
      checkTokenEgress(file, file.blocks[ref.blockIndex], ref.range, ctx, out);
    }
  }
  const profileNames = new Set(ctx.profiles.map((p) => p.name));
  // Origins repeat across a file's requests: classify each once.
  const allowed = new Map<URL, boolean>();
  for (const block of file.blocks) {
    const url = staticOrigin(file, block, ctx);
    if (!url) continue;
    let verdict = allowed.get(url);
    if (verdict === undefined) {
      verdict = ctx.authHosts.allows(url);
      allowed.set(url, verdict);
    }
    if (verdict) checkProfile(file, block, ctx, profileNames, out);
  }
  return out;
}

function checkProfile(file: HttpFile, block: RequestBlock, ctx: LanguageContext, names: ReadonlySet<string>, out: LanguageProblem[]): void {
  const options = effectiveOptions(file, block);
  if (options.noAuth) return;
  const range = block.request.urlRange;
  if (options.profile !== undefined && !names.has(options.profile)) {
    out.push({
      severity: 'warning', code: 'unknown-profile', blockIndex: block.index, range, data: { profile: options.profile },
      message: `No credential profile is named "${options.profile}"; import it (Adobe I/O: Import Credentials…) or choose a stored one.`,
    });
    return;
  }
  if (options.profile === undefined && ctx.activeProfile === undefined) {
    out.push({
      severity: 'warning', code: 'no-profile', blockIndex: block.index, range, data: {},
      message: ctx.profiles.length === 0
        ? 'This Adobe host needs credentials and no profile is stored; import one (Adobe I/O: Import Credentials…) or add `# @no-auth`.'
        : 'This Adobe host needs credentials and no profile is active; choose one, add `# @profile NAME`, or add `# @no-auth`.',
    });
  }
}

/** A literal `{{$aio.accessToken}}` bound for a host outside the allow-list: the runner's egress rule refuses it. */
function checkTokenEgress(file: HttpFile, block: RequestBlock, range: Problem['range'], ctx: LanguageContext, out: LanguageProblem[]): void {
  const url = staticOrigin(file, block, ctx);
  if (!url || ctx.authHosts.allows(url)) return;
  if (effectiveOptions(file, block).allowSecrets?.includes('accessToken')) return;
  out.push({
    severity: 'error', code: 'egress-refused', blockIndex: block.index, range,
    message: `Not sendable: the access token would go to ${url.host}, which is not on the auth allow-list. ` +
      'Add `# @allow-secret accessToken` above the request if it must, or add the host to aioRequests.authHosts (user settings).',
  });
}
