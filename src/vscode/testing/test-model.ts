// What the Testing view shows, without `vscode`: the request items of a parsed file and the messages of a
// finished case, so the mapping is unit-tested in plain Node and the controller only translates to the API.
import type { HttpFile, Range } from '../../core/http/parse-types';
import { requestLabel } from '../../core/http/request-label';
import type { TestCaseResult } from '../../core/testing/test-cases';

/** The workspace state key of the chosen environment, shared with the Send Request status-bar picker. */
export const ENVIRONMENT_STATE_KEY = 'aioRequests.environment';

export interface RequestItemModel {
  /** Stable while the request keeps its name: `<file uri>#<label>`; a second request with the same label gets `~N`. */
  id: string;
  label: string;
  /** The block's index in its file. */
  index: number;
  range: Range;
  /** The method and URL as written (variables unresolved), shown next to the label. */
  description: string;
}

/** One child per request of `file`, in file order. */
export function requestItems(fileId: string, file: HttpFile): RequestItemModel[] {
  const seen = new Map<string, number>();
  return file.blocks.map((block) => {
    const label = requestLabel(block);
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return {
      id: `${fileId}#${count === 1 ? label : `${label}~${count}`}`,
      label,
      index: block.index,
      range: block.range,
      description: `${block.request.method} ${block.request.url}`,
    };
  });
}

export interface CaseMessage {
  message: string;
  /** Present for a failed assertion: the Testing view shows them as a diff. */
  expected?: string;
  actual?: string;
  /** The failed assertion's line; the request when the message is not about one assertion. */
  range?: Range;
}

/** How a finished case is reported: its outcome, duration and one message per reason it did not pass. */
export function caseReport(testCase: TestCaseResult): { status: TestCaseResult['status']; durationMs: number; messages: CaseMessage[] } {
  const messages: CaseMessage[] = [];
  const failed = testCase.assertions.filter((a) => !a.passed);
  const assertionMessages = new Set(failed.map((a) => a.message));
  for (const text of testCase.messages) {
    if (!assertionMessages.has(text)) messages.push({ message: text, range: testCase.run.block.range });
  }
  for (const outcome of failed) {
    const message: CaseMessage = { message: outcome.message, range: outcome.assertion.range };
    if (outcome.expected !== undefined) message.expected = outcome.expected;
    if (outcome.actual !== undefined) message.actual = outcome.actual;
    messages.push(message);
  }
  if (testCase.body !== undefined && testCase.status !== 'passed') messages.push({ message: `Response body:\n${testCase.body}`, range: testCase.run.block.range });
  return { status: testCase.status, durationMs: testCase.durationMs, messages };
}
