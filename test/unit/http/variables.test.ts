import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseHttpFile } from '../../../src/core/http/parser';
import { resolveRequest } from '../../../src/core/http/resolve';
import { splitTemplate } from '../../../src/core/http/parse-template';
import { loadEnvironments, selectEnvironment, type ReadFile } from '../../../src/core/http/environments';
import { ResolveError, variableProblems, type ResolveContext } from '../../../src/core/http/variables';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';
import { isAioError } from '../../../src/core/errors';

const FILE = '/ws/api/requests.http';
const ROOT = '/ws';

/** A read-only file system in a map: paths to text or bytes. */
function files(entries: Record<string, string | Uint8Array>): ReadFile {
  return async (path) => {
    const data = entries[path];
    if (data === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return data;
  };
}

async function resolve(text: string, ctx: ResolveContext = {}, index = 0): Promise<ResolvedRequest> {
  return resolveRequest(parseHttpFile(text), index, { filePath: FILE, workspaceRoot: ROOT, ...ctx });
}

async function rejection(promise: Promise<unknown>): Promise<ResolveError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ResolveError, `expected a ResolveError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the promise to reject');
}

function result(body: string, headers: Array<[string, string]> = [], request?: Partial<RequestResult['request']>): RequestResult {
  return {
    request: { method: 'POST', url: 'https://a.test/login', headers: [], ...request },
    response: {
      status: 200, statusText: 'OK', headers, body: new TextEncoder().encode(body), url: 'https://a.test/login',
      timings: { firstByteMs: 1, totalMs: 2 },
    },
  };
}

test('precedence: file variable > selected environment > $shared; variables reference variables', async () => {
  const envs = await loadEnvironments({
    readFile: files({}),
    settings: {
      $shared: { host: 'shared.test', version: 'v0', tenant: 'acme' },
      dev: { host: 'dev.test', version: 'v1', base: 'https://{{host}}/{{version}}' },
    },
  });
  const environment = selectEnvironment(envs, 'dev');
  const request = await resolve('@version = v2\nGET {{base}}/{{tenant}}', { environment });
  assert.equal(request.url, 'https://dev.test/v2/acme');
});

test('later file variable definitions win, even after the request; escapes reach the value', async () => {
  const request = await resolve('@a = first\nPOST https://x.test/{{a}}\n\n{{msg}}\n\n###\n@a = second\n@msg = one\\ttwo');
  assert.equal(request.url, 'https://x.test/second');
  assert.equal(request.body, 'one\ttwo');
});

test('environments: private over public, next to the file before the workspace root, over the setting', async () => {
  const readFile = files({
    '/ws/api/http-client.env.json': JSON.stringify({ dev: { host: 'dev.test', token: 'public', port: 8080, flag: true, nested: { x: 1 } } }),
    '/ws/api/http-client.private.env.json': JSON.stringify({ dev: { token: 'private' }, $shared: { region: 'eu' } }),
    '/ws/http-client.env.json': JSON.stringify({ dev: { host: 'root.test' }, prod: { host: 'prod.test' } }),
  });
  const envs = await loadEnvironments({ filePath: FILE, workspaceRoot: ROOT, readFile, settings: { dev: { fromSetting: 's', host: 'setting.test' } } });
  assert.deepEqual(envs.names, ['dev']);
  assert.deepEqual(envs.sources, ['/ws/api/http-client.env.json', '/ws/api/http-client.private.env.json']);
  assert.deepEqual(envs.sets.dev, { fromSetting: 's', host: 'dev.test', token: 'private', port: '8080', flag: 'true' });
  assert.equal(envs.sets.$shared.region, 'eu');

  const rootOnly = await loadEnvironments({ filePath: '/ws/other/x.http', workspaceRoot: ROOT, readFile });
  assert.deepEqual(rootOnly.names, ['dev', 'prod']);

  assert.throws(() => selectEnvironment(rootOnly, 'staging'), (e) => isAioError(e, 'unknown-environment') && /dev, prod/.test(e.message));
  await assert.rejects(
    loadEnvironments({ filePath: FILE, readFile: files({ '/ws/api/http-client.env.json': '{ nope' }) }),
    (e) => isAioError(e, 'invalid-environments') && e.message.includes('/ws/api/http-client.env.json'),
  );
});

test('REST Client environments reference $shared with a space or a dot', async () => {
  const envs = await loadEnvironments({
    readFile: files({}),
    settings: { $shared: { prodToken: 'p' }, production: { token: '{{$shared prodToken}}', again: '{{$shared.prodToken}}' } },
  });
  const request = await resolve('GET https://a.test/\nX-A: {{token}}\nX-B: {{again}}', { environment: selectEnvironment(envs, 'production') });
  assert.deepEqual(request.headers, [['X-A', 'p'], ['X-B', 'p']]);
});

test('an unresolved variable blocks the send and every missing name is listed, the root cause only', async () => {
  const error = await rejection(resolve('@url = https://{{hostname}}/x\nGET {{url}}/{{id}}\nX-Key: {{apiKey}}'));
  assert.equal(error.kind, 'unresolved-variable');
  assert.equal(error.code, 'unresolved-variable');
  assert.deepEqual(error.variables, ['hostname', 'id', 'apiKey']);
  assert.match(error.message, /\{\{hostname\}\}/);
  assert.deepEqual(error.toRequestError(), { kind: 'unresolved-variable', message: error.message, variables: ['hostname', 'id', 'apiKey'] });
});

test('circular file variables and a {{ without }} in a value are reported, not sent', async () => {
  const cycle = await rejection(resolve('@a = {{b}}\n@b = {{a}}\nGET https://x.test/{{a}}'));
  assert.deepEqual(cycle.variables, ['a']);
  assert.match(cycle.message, /a → b → a/);
  const open = await rejection(resolve('@a = {{b\nGET https://x.test/{{a}}'));
  assert.deepEqual(open.variables, ['a']);
});

test('a block with a parse error is refused as invalid-request, naming the line', async () => {
  const error = await rejection(resolve('GET https://x.test/{{id'));
  assert.equal(error.kind, 'invalid-request');
  assert.match(error.message, /line 1/);
});

test('system variables with a fixed clock and random source', async () => {
  const now = Date.UTC(2026, 10, 22, 5, 6, 7, 89);
  const ctx: ResolveContext = {
    clock: { now: () => now },
    random: () => 0.5,
    randomUUID: () => '00000000-0000-4000-8000-000000000000',
  };
  const lines = [
    '$guid', '$uuid', '$randomInt 10 20', '$randomInt', '$timestamp', '$timestamp -1 d', '$isoTimestamp',
    '$datetime rfc1123', '$datetime iso8601', '$datetime iso8601 2 h', '$datetime "YYYY-MM-DD HH:mm"', "$datetime 'DD/MM/YYYY' 1 M",
  ];
  const text = 'POST https://x.test/\n\n' + lines.map((l) => `{{${l}}}`).join('\n');
  const request = await resolve(text, ctx);
  assert.deepEqual(String(request.body).split('\n'), [
    '00000000-0000-4000-8000-000000000000',
    '00000000-0000-4000-8000-000000000000',
    '15',
    '500',
    String(Math.floor(now / 1000)),
    String(Math.floor(now / 1000) - 86_400),
    '2026-11-22T05:06:07.089Z',
    'Sun, 22 Nov 2026 05:06:07 GMT',
    '2026-11-22T05:06:07.089Z',
    '2026-11-22T07:06:07.089Z',
    '2026-11-22 05:06',
    '22/12/2026',
  ]);
});

test('$localDatetime formats in local time with the offset', async () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
  const request = await resolve('POST https://x.test/\n\n{{$localDatetime iso8601}}\n{{$localDatetime rfc1123}}\n{{$localDatetime "YYYY"}}', {
    clock: { now: () => now },
  });
  const [iso, rfc, year] = String(request.body).split('\n');
  assert.equal(new Date(iso).getTime(), now, `${iso} is the same instant`);
  assert.match(iso, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  assert.match(rfc, /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/);
  assert.equal(new Date(rfc.replace(/ ([+-]\d{4})$/, ' GMT$1')).getTime(), Math.floor(now / 1000) * 1000);
  assert.equal(year, String(new Date(now).getFullYear()));
});

test('bad system variable arguments are unresolved with a reason', async () => {
  const error = await rejection(resolve('GET https://x.test/{{$randomInt 5 1}}/{{$datetime}}/{{$timestamp 1 fortnight}}/{{$nope}}'));
  assert.deepEqual(error.variables, ['$randomInt 5 1', '$datetime', '$timestamp 1 fortnight', '$nope']);
  assert.match(error.message, /min < max/);
  assert.match(error.message, /unknown system variable/);
});

test('$processEnv with a name or %variable indirection, and $dotenv from the .env next to the file', async () => {
  const envs = await loadEnvironments({ readFile: files({}), settings: { dev: { tokenVar: 'DEV_TOKEN' } } });
  const request = await resolve(
    'GET https://x.test/\nA: {{$processEnv HOME_DIR}}\nB: {{$processEnv %tokenVar}}\nC: {{$dotenv API_KEY}}\nD: {{$dotenv %tokenVar}}',
    {
      environment: selectEnvironment(envs, 'dev'),
      processEnv: { HOME_DIR: '/home/me', DEV_TOKEN: 'dev-token' },
      readFile: files({ '/ws/api/.env': 'API_KEY=from-dotenv\nDEV_TOKEN="quoted value"\n' }),
    },
  );
  assert.deepEqual(request.headers.map(([, v]) => v), ['/home/me', 'dev-token', 'from-dotenv', 'quoted value']);
  const missing = await rejection(resolve('GET https://x.test/{{$processEnv NOPE}}/{{$dotenv NOPE}}', { readFile: files({}) }));
  assert.deepEqual(missing.variables, ['$processEnv NOPE', '$dotenv NOPE']);
});

test('$aio variables come from the caller with the request\'s profile and sandbox, asked once per name', async () => {
  const calls: string[] = [];
  const request = await resolve('# @profile file-profile\n###\n# @sandbox dev\nGET https://x.test/{{$aio.orgId}}\nAuthorization: Bearer {{$aio.accessToken}}\nX-Again: {{$aio.accessToken}}', {
    aioVariable: async (name, options) => {
      calls.push(`${name}:${options.profile}:${options.sandbox}`);
      return name === 'orgId' ? 'ORG@AdobeOrg' : 'tok';
    },
    authHosts: ['x.test'],
  });
  assert.equal(request.url, 'https://x.test/ORG@AdobeOrg');
  assert.deepEqual(request.options, { profile: 'file-profile', sandbox: 'dev' });
  assert.deepEqual(request.headers[0], ['Authorization', 'Bearer tok']);
  assert.deepEqual(calls, ['orgId:file-profile:dev', 'accessToken:file-profile:dev']);

  const none = await rejection(resolve('GET https://x.test/{{$aio.apiKey}}/{{$aio.password}}'));
  assert.deepEqual(none.variables, ['$aio.apiKey', '$aio.password']);
});

test('prompts: asked through the callback, secrets flagged, cancel aborts', async () => {
  const asked: Array<[string, boolean]> = [];
  const text = '# @prompt user\n# @prompt password Your password\nPOST https://x.test/\n\n{"u": "{{user}}", "p": "{{password}}"}';
  const request = await resolve(text, {
    prompt: async (spec) => {
      asked.push([spec.name, spec.secret]);
      return spec.name === 'user' ? 'ann' : 's3cret';
    },
  });
  assert.equal(request.body, '{"u": "ann", "p": "s3cret"}');
  assert.deepEqual(asked, [['user', false], ['password', true]]);

  const cancelled = await rejection(resolve(text, { prompt: async () => undefined }));
  assert.equal(cancelled.kind, 'aborted');
  const noUi = await rejection(resolve(text));
  assert.deepEqual(noUi.variables, ['user', 'password']);
});

test('chaining: response body JSONPath, whole body, headers case-insensitively, request body and headers', async () => {
  const results = new Map([
    ['login', result('{"token":"T1","user":{"id":7,"roles":["a","b"]},"items":[{"uid":"U1"},{"uid":"U2"}],"n":null}',
      [['Set-Cookie', 'a=1'], ['set-cookie', 'b=2'], ['X-Request-Id', 'R9']],
      { body: '{"username":"ann"}', headers: [['X-Client', 'c1']] })],
  ]);
  const text = [
    'POST https://x.test/{{login.response.body.$.items[1].uid}}',
    'A: {{login.response.body.$.token}}',
    'B: {{login.response.body.$.user}}',
    'C: {{login.response.headers.x-request-id}}',
    'D: {{login.response.headers.Set-Cookie}}',
    'E: {{login.request.body.$.username}}',
    'F: {{login.request.headers.x-client}}',
    'G: {{login.response.body.$.n}}',
    'H: {{login.response.body.$.user.roles[0]}}',
    '',
    '{{login.response.body.*}}',
  ].join('\n');
  const request = await resolve(text, { results });
  assert.equal(request.url, 'https://x.test/U2');
  assert.deepEqual(request.headers.map(([, v]) => v), ['T1', '{"id":7,"roles":["a","b"]}', 'R9', 'a=1, b=2', 'ann', 'c1', 'null', 'a']);
  assert.equal(request.body, '{"token":"T1","user":{"id":7,"roles":["a","b"]},"items":[{"uid":"U1"},{"uid":"U2"}],"n":null}');
});

test('chaining failures say why: not run, unknown name, no match, not JSON, XPath, filters, no response', async () => {
  const results = new Map<string, RequestResult>([
    ['json', result('{"a":1}')],
    ['html', result('<html/>')],
    ['failed', { request: { method: 'GET', url: 'https://x.test/', headers: [] }, error: { kind: 'network', message: 'ECONNREFUSED' } }],
  ]);
  const text = [
    '# @name pending',
    'GET https://x.test/',
    '###',
    'GET https://x.test/',
    'A: {{pending.response.body.$.a}}',
    'B: {{ghost.response.body.$.a}}',
    'C: {{json.response.body.$.missing}}',
    'D: {{html.response.body.$.a}}',
    'E: {{html.response.body.//title}}',
    'F: {{json.response.body.$[?(@.a==1)]}}',
    'G: {{failed.response.headers.Date}}',
    'H: {{json.response.headers.X-Nope}}',
  ].join('\n');
  const error = await rejection(resolve(text, { results }, 1));
  const why = (name: string): string => {
    const m = new RegExp(`\\{\\{${name.replace(/[.$[\]?()@=*/]/g, '\\$&')}\\}\\} \\(([^)]*(?:\\([^)]*\\))?[^)]*)\\)`).exec(error.message);
    assert.ok(m, `no reason for ${name} in ${error.message}`);
    return m[1];
  };
  assert.equal(error.variables?.length, 8);
  assert.match(why('pending.response.body.$.a'), /has not run yet/);
  assert.match(why('ghost.response.body.$.a'), /no request named `ghost`/);
  assert.match(why('json.response.body.$.missing'), /matches nothing/);
  assert.match(why('html.response.body.$.a'), /not JSON/);
  assert.match(why('html.response.body.//title'), /XPath is not supported/);
  assert.match(error.message, /filter expressions/);
  assert.match(why('failed.response.headers.Date'), /got no response: ECONNREFUSED/);
  assert.match(why('json.response.headers.X-Nope'), /no header `X-Nope`/);
});

test('body files: < sends bytes, <@ substitutes, relative to the file then the workspace root; a missing one is named', async () => {
  const bytes = new Uint8Array([0, 1, 2, 255]);
  const readFile = files({
    '/ws/api/raw.bin': bytes,
    '/ws/shared/template.json': '{"id": "{{id}}"}',
    '/ws/api/latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
  });
  const raw = await resolve('POST https://x.test/\n\n< ./raw.bin', { readFile });
  assert.deepEqual(raw.body, bytes);
  const template = await resolve('@id = 42\nPOST https://x.test/\n\n<@ shared/template.json', { readFile });
  assert.equal(template.body, '{"id": "42"}');
  const latin1 = await resolve('POST https://x.test/\n\n<@latin1 ./latin1.txt', { readFile });
  assert.equal(latin1.body, 'café');
  const missingVariable = await rejection(resolve('POST https://x.test/\n\n<@ {{dir}}/template.json', { readFile }));
  assert.equal(missingVariable.kind, 'unresolved-variable');
  assert.deepEqual(missingVariable.variables, ['dir']);
  const missing = await rejection(resolve('POST https://x.test/\n\n< ./nope.bin', { readFile }));
  assert.equal(missing.kind, 'invalid-request');
  assert.match(missing.message, /\/ws\/api\/nope\.bin/);
  assert.match(missing.message, new RegExp(join(ROOT, 'nope.bin').replace(/\//g, '\\/')));
});

test('multipart bodies mix text (CRLF) and file bytes; form bodies continue with & lines', async () => {
  const readFile = files({ '/ws/api/pic.png': new Uint8Array([137, 80, 78, 71]) });
  const multipart = await resolve([
    'POST https://x.test/upload',
    'Content-Type: multipart/form-data; boundary=B',
    '',
    '--B',
    'Content-Disposition: form-data; name="file"; filename="pic.png"',
    '',
    '< ./pic.png',
    '--B--',
  ].join('\n'), { readFile });
  const expected = Buffer.concat([
    Buffer.from('--B\r\nContent-Disposition: form-data; name="file"; filename="pic.png"\r\n\r\n'),
    Buffer.from([137, 80, 78, 71]),
    Buffer.from('\r\n--B--'),
  ]);
  assert.deepEqual(Buffer.from(multipart.body as Uint8Array), expected);

  const form = await resolve('@pw = s3cret\nPOST https://x.test/login\nContent-Type: application/x-www-form-urlencoded\n\nname=foo\n  &password={{pw}}\n&remember=1');
  assert.equal(form.body, 'name=foo&password=s3cret&remember=1');
});

test('URL completion: a path with a Host header, a URL without a scheme; {{%name}} percent-encodes', async () => {
  const hosted = await resolve('GET /api/items\nHost: example.com:443');
  assert.equal(hosted.url, 'https://example.com:443/api/items');
  const bare = await resolve('GET localhost:3000/health');
  assert.equal(bare.url, 'http://localhost:3000/health');
  const encoded = await resolve('@q = a&b c\nGET https://x.test/?q={{%q}}');
  assert.equal(encoded.url, 'https://x.test/?q=a%26b%20c');
});

test('GraphQL (REST Client form): the query and its variables become a JSON body', async () => {
  const request = await resolve([
    'POST https://x.test/graphql',
    'Content-Type: application/json',
    'X-REQUEST-TYPE: GraphQL',
    '',
    'query Item($id: ID!) {',
    '  item(id: $id) { name }',
    '}',
    '',
    '{"id": "{{id}}"}',
  ].join('\n').replace('{{id}}', '7'));
  assert.deepEqual(request.headers, [['Content-Type', 'application/json']]);
  assert.deepEqual(JSON.parse(String(request.body)), {
    query: 'query Item($id: ID!) {\n  item(id: $id) { name }\n}', operationName: 'Item', variables: { id: '7' },
  });
});

test('the resolved request carries the name, method and options from the directives', async () => {
  const request = await resolve('# @profile file\n###\n# @name create\n# @no-redirect\n# @timeout 2s\n# @note Sure?\nput https://x.test/', {});
  assert.deepEqual({ ...request, headers: undefined }, {
    name: 'create', method: 'PUT', url: 'https://x.test/', headers: undefined,
    options: { profile: 'file', noRedirect: true, timeoutMs: 2000, note: 'Sure?' },
  });
});

test('variableProblems flags, without I/O, every use that cannot resolve, with its range', () => {
  const file = parseHttpFile([
    '@base = https://{{hostt}}',
    '# @name login',
    '# @prompt otp',
    'POST {{base}}/login?code={{otp}}',
    'X-Env: {{envOnly}} {{$shared region}} {{$shared nope}}',
    'X-Sys: {{$guid}} {{$processEnv HOME}} {{$nope}} {{$aio.orgId}} {{$aio.secret}}',
    'X-Chain: {{login.response.headers.ETag}} {{ghost.response.body.$.a}} {{%typo}}',
  ].join('\n'));
  const environment = { name: 'dev', variables: { envOnly: '1' }, shared: { region: 'eu' } };
  const problems = variableProblems(file, environment);
  assert.deepEqual(problems.map((p) => [p.severity, p.range.start.line, p.range.start.character, p.blockIndex]), [
    ['warning', 0, 16, undefined],
    ['error', 4, 38, 0],
    ['error', 5, 38, 0],
    ['error', 5, 63, 0],
    ['error', 6, 41, 0],
    ['error', 6, 69, 0],
  ]);
  assert.match(problems[0].message, /`hostt` is not defined in this file or in environment "dev"/);
  assert.match(problems[1].message, /\$shared environment/);
  assert.match(problems[2].message, /Unknown system variable `\$nope`/);
  assert.match(problems[3].message, /\$aio\.secret/);
  assert.match(problems[4].message, /No request is named `ghost`/);
  assert.match(problems[5].message, /`typo` is not defined/);
  assert.equal(variableProblems(file).filter((p) => p.message.includes('envOnly')).length, 1, 'without an environment, env names are missing');
});

test('splitTemplate: variables never span lines; empty and unterminated braces stay literal', () => {
  const parts = (text: string): unknown[] => splitTemplate(text).map((p) => ('literal' in p ? p.literal : { v: p.expression }));
  assert.deepEqual(parts('a{{ b }}c{{d}}'), ['a', { v: 'b' }, 'c', { v: 'd' }]);
  assert.deepEqual(parts('{{a\n}}{{b}}'), ['{{a\n}}', { v: 'b' }]);
  assert.deepEqual(parts('{{ }}x{{'), ['{{ }}x{{']);
  assert.deepEqual(parts('}}{{a}}}}'), ['}}', { v: 'a' }, '}}']);
  assert.equal(splitTemplate('{{\n'.repeat(50_000) + '}}').length, 1, 'one literal, found in linear time');
});

test('a malformed private env file is named with line and column, without quoting its secrets', async () => {
  const path = '/ws/api/http-client.private.env.json';
  const source = '{\n  "dev": {\n    "token": tru s3cr3t-value\n  }\n}';
  await assert.rejects(
    loadEnvironments({ filePath: FILE, readFile: files({ [path]: source }) }),
    (e) => {
      assert.ok(isAioError(e, 'invalid-environments'));
      assert.ok(e.message.includes(path), e.message);
      assert.ok(!e.message.includes('s3cr3t'), e.message);
      assert.match(e.message, /line 3, column \d+/);
      return true;
    },
  );
});
