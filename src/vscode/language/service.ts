// The second bundle (dist/http-language.js): the parser, the language service and the editor parts that use
// them, loaded when the first `.http` document is used so that activation stays small and fast.
export * from '../../core/http/language/index';
export { LanguageContextSource } from './context-source';
export { quickFixes } from './quick-fixes';
