import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHttpFile } from '../../../src/core/http/parser';
import type { RequestSender } from '../../../src/core/http/file-runner';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';
import { runHttpFileAsTests, type TestSuiteResult } from '../../../src/core/testing/test-cases';
import { junitXml } from '../../../src/core/report/junit';
import { TAP_HEADER, tapPlan, tapTestLines } from '../../../src/core/report/tap';

const SCHEMA = join(__dirname, '../../fixtures/junit/junit.xsd');

/** Answers with the status in the path and a body full of what breaks XML: markup, controls, a lone surrogate. */
const sender: RequestSender = {
  async send(request: ResolvedRequest): Promise<RequestResult> {
    const url = new URL(request.url);
    const shown = { method: request.method, url: request.url, headers: request.headers };
    if (url.pathname === '/down') return { request: shown, error: { kind: 'network', message: 'refused <at> "host" & port' } };
    const status = Number(/\/(\d+)/.exec(url.pathname)?.[1] ?? 200);
    const body = '<b>"x" & \'y\'</b> ]]> \u0001\u001b[31m end';
    return {
      request: shown,
      response: { status, statusText: 'Status', headers: [['content-type', 'text/plain']], body: new TextEncoder().encode(body), url: request.url, timings: { firstByteMs: 1, totalMs: 1234.5 } },
    };
  },
};

async function suites(): Promise<TestSuiteResult[]> {
  const a = parseHttpFile([
    '### ok <&> "quoted"',
    'GET https://a.test/200',
    '',
    '?? status == 200',
    '### wrong',
    'GET https://a.test/404',
    '',
    '?? status == 200',
    '?? body includes "<b>"',
    '### down',
    'GET https://a.test/down',
  ].join('\n'));
  const b = parseHttpFile('GET https://a.test/500\n');
  return [
    await runHttpFileAsTests('api/a.http', a, sender),
    await runHttpFileAsTests('b & c\u0002.http', b, sender, { failOnStatus: true }),
    await runHttpFileAsTests('empty.http', parseHttpFile('GET {{nothing}}\n'), sender, { names: [] }),
  ];
}

describe('JUnit report', () => {
  it('validates against the JUnit schema, with markup and control characters from the server escaped', async () => {
    const xml = junitXml(await suites());
    const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: await readFile(SCHEMA, 'utf8') }] });
    assert.equal(result.valid, true, `${result.rawOutput}\n${xml}`);
    assert.equal(XMLValidator.validate(xml), true);
    assert.ok(!xml.includes('\u0001') && !xml.includes('\u001b'), 'control characters must not reach the XML');
  });

  it('the schema is strict enough to refuse a broken report (the validation is not a no-op)', async () => {
    const schema = await readFile(SCHEMA, 'utf8');
    const broken = '<?xml version="1.0"?><testsuites><testsuite name="x" tests="one" failures="0" errors="0" time="0"><testcase name="y"/></testsuite></testsuites>';
    const result = await validateXML({ xml: [{ fileName: 'broken.xml', contents: broken }], schema: [{ fileName: 'junit.xsd', contents: schema }] });
    assert.equal(result.valid, false);
  });

  it('parses back: a suite per file, a case per request, failures with expected vs actual, errors, timings', async () => {
    const xml = junitXml(await suites());
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml);
    const root = parsed.testsuites;
    assert.deepEqual([root.tests, root.failures, root.errors], ['5', '2', '2']);
    const [a, b] = root.testsuite;
    assert.equal(a.name, 'api/a.http');
    assert.equal(b.name, 'b & c\\x02.http');
    assert.deepEqual([a.tests, a.failures, a.errors, a.skipped], ['3', '1', '1', '0']);
    assert.deepEqual(a.testcase.map((c: { name: string }) => c.name), ['ok <&> "quoted"', 'wrong', 'down']);
    assert.equal(a.testcase[0].time, '1.234');
    assert.equal(a.testcase[0].classname, 'api/a.http');
    const failure = a.testcase[1].failure;
    assert.equal(failure.type, 'assertion');
    assert.equal(failure.message, 'status == 200: expected 200, got 404');
    assert.match(failure['#text'], /✗ status == 200 \(line 8\)\n {2}expected: 200\n {2}actual: {3}404/);
    assert.match(failure['#text'], /Response body:\n<b>"x" & 'y'<\/b> \]\]> \\x01\\x1b\[31m end/);
    assert.equal(a.testcase[2].error.type, 'network');
    assert.equal(a.testcase[2].error.message, 'network: refused <at> "host" & port');
    assert.equal(b.testcase[0].failure.type, 'status');
    assert.match(b.testcase[0].failure.message, /status 500 Status \(400 or above/);
    assert.match(root.testsuite[0].timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });
});

describe('TAP report', () => {
  it('one line per request, YAML details for failures, plan at the end', async () => {
    const [a] = await suites();
    const out = TAP_HEADER + a.cases.map((c, i) => tapTestLines(i + 1, c, a.name)).join('') + tapPlan(a.cases.length);
    const lines = out.split('\n');
    assert.equal(lines[0], 'TAP version 14');
    assert.equal(lines[1], 'ok 1 - api/a.http › ok <&> "quoted"');
    assert.equal(lines[2], 'not ok 2 - api/a.http › wrong');
    assert.match(out, / {2}---\n {2}message: "status == 200: expected 200, got 404"\n {2}severity: fail\n {2}request: "GET https:\/\/a.test\/404"\n {2}status: 404\n/);
    assert.match(out, / {4}- assertion: "status == 200"\n {6}line: 8\n {6}expected: "200"\n {6}actual: "404"\n/);
    assert.match(out, /not ok 3 - api\/a.http › down\n {2}---\n {2}message: "network: refused <at> \\"host\\" & port"\n {2}severity: error/);
    assert.equal(lines.at(-2), '1..3');
    assert.ok(!out.includes('\u0001') && !out.includes('\u001b'));
  });
});

describe('XML text', () => {
  it('escapes markup; controls XML 1.0 cannot hold and lone surrogates become visible escapes; tab, newline and pairs stay', async () => {
    const { xmlAttribute, xmlText } = await import('../../../src/core/report/xml-text');
    assert.equal(xmlText('a<b>&\u0000\u0008\u000b\ud800x\udc00\t\n😀\uffff'), 'a&lt;b&gt;&amp;\\x00\\x08\\x0b\\xd800x\\xdc00\t\n😀\\xffff');
    assert.equal(xmlAttribute('"a"\n\t\r'), '&quot;a&quot;&#10;&#9;&#13;');
  });
});
