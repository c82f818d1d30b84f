// The `.http` language service as one module: the extension loads it (bundled as dist/http-language.js) when the
// first `.http` document is parsed, so activation never pays for the parser.
export { parseHttpFile, readDetailsInSteps } from '../parser';
export { reparseHttpFile } from '../parser-incremental';
export { languageProblems } from './diagnostics';
export { completionReplaceStart, completionsAt } from './completion';
export { definitionAt, hoverAt, locateInEnvJson } from './hover';
export { codeLensAnchors, foldingSpans, requestSymbols } from './outline';
