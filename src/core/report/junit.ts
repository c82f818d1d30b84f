// JUnit XML, the shape CI systems read (Jenkins, GitLab, GitHub Actions reporters): a testsuite per `.http` file,
// a testcase per request, `failure` for a failed assertion or status, `error` for a request that got no response.
import type { TestCaseResult, TestSuiteResult } from '../testing/test-cases';
import { xmlAttribute, xmlText } from './xml-text';

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The failure's text: every message, then expected vs actual per failed assertion, then the body. */
function details(testCase: TestCaseResult): string {
  const { request, response } = testCase.run.result;
  const lines = [`${request.method} ${request.url}${response ? ` → ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` : ''}`];
  for (const a of testCase.assertions) {
    if (a.passed) continue;
    lines.push(`✗ ${a.assertion.text} (line ${a.assertion.range.start.line + 1})`);
    if (a.expected !== undefined) lines.push(`  expected: ${a.expected}`);
    if (a.actual !== undefined) lines.push(`  actual:   ${a.actual}`);
  }
  for (const message of testCase.messages) if (!testCase.assertions.some((a) => a.message === message)) lines.push(message);
  if (testCase.body !== undefined) lines.push('', 'Response body:', testCase.body);
  return lines.join('\n');
}

function testCaseXml(suite: TestSuiteResult, testCase: TestCaseResult): string {
  const open = `    <testcase name="${xmlAttribute(testCase.label)}" classname="${xmlAttribute(suite.name)}" time="${seconds(testCase.durationMs)}"`;
  const message = testCase.messages.join('; ');
  switch (testCase.status) {
    case 'passed':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${xmlAttribute(message)}"/>\n    </testcase>`;
    case 'failed':
      return `${open}>\n      <failure message="${xmlAttribute(message)}" type="${testCase.assertions.some((a) => !a.passed) ? 'assertion' : 'status'}">${xmlText(details(testCase))}</failure>\n    </testcase>`;
    case 'errored':
      return `${open}>\n      <error message="${xmlAttribute(message)}" type="${xmlAttribute(testCase.run.result.error?.kind ?? 'error')}">${xmlText(details(testCase))}</error>\n    </testcase>`;
  }
}

function count(suite: TestSuiteResult, status: TestCaseResult['status']): number {
  return suite.cases.filter((c) => c.status === status).length;
}

/** The whole report; `hostname` is left out (nothing about the machine goes into a CI artifact). */
export function junitXml(suites: readonly TestSuiteResult[]): string {
  const total = (status: TestCaseResult['status']): number => suites.reduce((n, s) => n + count(s, status), 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const time = suites.reduce((n, s) => n + s.durationMs, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aio-requests" tests="${tests}" failures="${total('failed')}" errors="${total('errored')}" skipped="${total('skipped')}" time="${seconds(time)}">`,
  ];
  suites.forEach((suite, id) => {
    const head = `  <testsuite name="${xmlAttribute(suite.name)}" id="${id}" tests="${suite.cases.length}" failures="${count(suite, 'failed')}" errors="${count(suite, 'errored')}" skipped="${count(suite, 'skipped')}" time="${seconds(suite.durationMs)}" timestamp="${suite.startedAt.toISOString().slice(0, 19)}"`;
    if (suite.cases.length === 0) {
      out.push(`${head}/>`);
      return;
    }
    out.push(`${head}>`);
    for (const testCase of suite.cases) out.push(testCaseXml(suite, testCase));
    out.push('  </testsuite>');
  });
  out.push('</testsuites>', '');
  return out.join('\n');
}
