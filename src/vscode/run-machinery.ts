// The editor's run machinery as one bundle (dist/run.js), required on the first send or test run: the run context
// (parser, variables, environments, runner, cookie jar) and the Testing view's sending half. Send Request and the
// Testing view share it and its one EditorRunContexts (shared/run-slot.ts): one results store and cookie jar.
export { EditorRunContexts } from './shared/run-context';
export { createTestSender, requestItemsOf } from './testing/sender';
