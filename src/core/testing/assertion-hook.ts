// `?? …` assertions as a result hook: the file runner only schedules and sends; whoever runs a file as tests (a
// run context, `runHttpFileAsTests`) adds this hook, which checks a request's assertions as it settles.
import type { BlockRun, FileRunOptions, ResultHook } from '../http/file-runner';
import type { HttpFile } from '../http/parse-types';
import type { RequestResult } from '../http/types';
import type { ResolveContext } from '../http/variables';
import { checkAssertions } from './assertions';
import { expectedResolver } from './expected-values';

/**
 * Checks the block's assertions when a response came back and puts the outcomes on the run; `context` must hold
 * the run's `results` so expected values can chain like the request did.
 */
export function assertionHook(file: HttpFile, context: ResolveContext): ResultHook {
  // Synchronous for a request without assertions (most): no promise and no tick on every settle.
  return (run: BlockRun) => {
    const response = run.result.response;
    if (!response || run.block.assertions.length === 0) return;
    return checkAssertions(run.block.assertions, response, expectedResolver(file, run.block, context)).then((outcomes) => {
      run.assertions = outcomes;
    });
  };
}

/** `options` with assertions checked before its own `onSettled` (and a results map both share). */
export function withAssertions(file: HttpFile, options: FileRunOptions): FileRunOptions {
  const results = options.results ?? new Map<string, RequestResult>();
  const check = assertionHook(file, { ...options.context, results });
  const after = options.onSettled;
  return {
    ...options,
    results,
    onSettled: after
      ? async (run) => {
          await check(run);
          await after(run);
        }
      : check,
  };
}
