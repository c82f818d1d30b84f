// The `.http` core's public surface: parse a file, load environments, resolve a block, plan a run.

export type {
  Body, BodyLine, Directive, FileVariable, HeaderLine, HttpFile, Position, Problem, ProblemSeverity, PromptSpec, Range,
  RequestBlock, RequestLine, VariableReference,
} from './parse-types';
export { parseHttpFile } from './parser';
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
