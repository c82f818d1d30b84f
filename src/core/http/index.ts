// The `.http` core's public surface. Typical use:
//   const file = parseHttpFile(text);                       // sync, never throws; ranges for CodeLens/diagnostics
//   const envs = await loadEnvironments({ filePath, workspaceRoot, readFile, settings });
//   const environment = selectEnvironment(envs, 'dev');     // throws `unknown-environment` for a typo
//   const { order } = planRun(file, [index]);               // the block plus the named requests it chains on
//   const request = await resolveRequest(file, i, { environment, results, filePath, readFile, ... });
//     → ResolvedRequest, or throws ResolveError (`unresolved-variable` | `invalid-request` | `aborted`)
//   variableProblems(file, environment)                     // editor diagnostics for names that cannot resolve

export type {
  Body, BodyLine, Directive, FileVariable, HeaderLine, HttpFile, Position, Problem, ProblemSeverity, PromptSpec, Range,
  RequestBlock, RequestLine, VariableReference,
} from './parse-types';
export { blockAtLine, parseHttpFile, parseHttpFileEagerly } from './parser';
export { splitTemplate } from './parse-template';
export {
  loadEnvironments, selectEnvironment, PUBLIC_ENV_FILE, PRIVATE_ENV_FILE, SHARED,
  type Environments, type EnvironmentSet, type LoadEnvironmentsOptions, type ReadFile, type SelectedEnvironment,
} from './environments';
export { evaluateSystemVariable, type SystemVariablePorts, type SystemValue } from './system-variables';
export {
  AIO_VARIABLES, parseChain, ResolveError, VariableScope, variableProblems, type AioVariableName, type ResolveContext,
} from './variables';
export { blockIndexByName, dependenciesOf, effectiveOptions, planRun, resolveRequest } from './resolve';
export type * from './types';
