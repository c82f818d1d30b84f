// TAP version 14 (the Test Anything Protocol): one `ok`/`not ok` line per request as it finishes, the failure
// details in a YAML block, the plan at the end (TAP allows it there, so lines can stream).
import type { TestCaseResult } from '../testing/test-cases';

/** A YAML scalar that cannot break the block: always double-quoted, JSON escapes (a subset of YAML's). */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** TAP descriptions end at a newline and treat `#` as a directive: both are replaced. */
function description(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/#/g, '\\#');
}

export const TAP_HEADER = 'TAP version 14\n';

/** The lines for test number `n` (1-based); `suite` prefixes the name when several files run. */
export function tapTestLines(n: number, testCase: TestCaseResult, suite?: string): string {
  const name = description(suite ? `${suite} › ${testCase.label}` : testCase.label);
  if (testCase.status === 'passed') return `ok ${n} - ${name}\n`;
  if (testCase.status === 'skipped') return `ok ${n} - ${name} # SKIP ${description(testCase.messages.join('; '))}\n`;
  const { request, response } = testCase.run.result;
  const yaml = [
    '  ---',
    `  message: ${yamlString(testCase.messages.join('; '))}`,
    `  severity: ${testCase.status === 'errored' ? 'error' : 'fail'}`,
    `  request: ${yamlString(`${request.method} ${request.url}`)}`,
  ];
  if (response) yaml.push(`  status: ${response.status}`, `  duration_ms: ${Math.round(testCase.durationMs)}`);
  const failed = testCase.assertions.filter((a) => !a.passed);
  if (failed.length > 0) {
    yaml.push('  assertions:');
    for (const a of failed) {
      yaml.push(`    - assertion: ${yamlString(a.assertion.text)}`, `      line: ${a.assertion.range.start.line + 1}`);
      if (a.expected !== undefined) yaml.push(`      expected: ${yamlString(a.expected)}`);
      if (a.actual !== undefined) yaml.push(`      actual: ${yamlString(a.actual)}`);
    }
  }
  if (testCase.body !== undefined) yaml.push(`  body: ${yamlString(testCase.body)}`);
  yaml.push('  ...');
  return `not ok ${n} - ${name}\n${yaml.join('\n')}\n`;
}

export function tapPlan(count: number): string {
  return `1..${count}\n`;
}
