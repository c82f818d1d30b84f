import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCurl, looksLikeCurl, splitCommands } from '../../../src/core/import/curl';
import { curlToHttp } from '../../../src/core/import/http-text';
import { shellWords, MAX_COMMAND_CHARS } from '../../../src/core/import/shell-words';
import { parseHttpFile } from '../../../src/core/http/parser';
import { isAioError } from '../../../src/core/errors';

describe('curl parsing', () => {
  it('reads quotes, escapes and continuations like the shell would', () => {
    assert.deepEqual(shellWords(`curl 'a b' "c \\"d\\" \\$e" f\\ g \\\n  -H x`), ['curl', 'a b', 'c "d" $e', 'f g', '-H', 'x']);
    assert.deepEqual(shellWords(`curl $'a\\nb\\x41'`), ['curl', 'a\nbA']);
    assert.deepEqual(shellWords('curl ^"https://x/?a=1^&b=2^" ^\n  -H ^"k: v^"'), ['curl', 'https://x/?a=1&b=2', '-H', 'k: v']);
    assert.deepEqual(shellWords('curl https://x `\n -H "k: v"'), ['curl', 'https://x', '-H', 'k: v']);
  });

  it('stops at a pipe, a redirection or an uncontinued line, but not at a docs placeholder', () => {
    assert.deepEqual(shellWords('curl https://x | jq .'), ['curl', 'https://x']);
    assert.deepEqual(shellWords('curl https://x > out.json'), ['curl', 'https://x']);
    assert.deepEqual(shellWords('curl https://x/<ORG>/y\necho done'), ['curl', 'https://x/<ORG>/y']);
    assert.deepEqual(shellWords('curl https://x\n  -H "k: v"'), ['curl', 'https://x', '-H', 'k: v']);
  });

  it('applies method, headers, data, -G, -I, -T and notes the options it does not obey', () => {
    const r = parseCurl(`curl -k --compressed -o out.json -X patch https://h/p -H 'A: 1' -d 'x=1'`);
    assert.equal(r.method, 'PATCH');
    assert.deepEqual(r.headers, [['A', '1'], ['Content-Type', 'application/x-www-form-urlencoded']]);
    assert.deepEqual(r.body, { kind: 'text', text: 'x=1' });
    assert.ok(r.notes.some((n) => /-k.*not obeyed/.test(n)));
    assert.ok(r.notes.some((n) => /--compressed/.test(n)));
    assert.ok(r.notes.some((n) => /--output/.test(n)));
    assert.equal(parseCurl('curl -I https://h').method, 'HEAD');
    assert.deepEqual(parseCurl('curl -T f.bin https://h').body, { kind: 'file', path: 'f.bin' });
    assert.equal(parseCurl('curl h.example/x').url, 'https://h.example/x');
  });

  it('refuses what is not a curl command, with what to do', () => {
    for (const bad of ['ls -la', '', 'curl -H "a: b"', "curl 'unclosed", 'curl -X']) {
      assert.throws(() => parseCurl(bad), (e: unknown) => isAioError(e) && e.message.length > 10, bad);
    }
    assert.throws(() => parseCurl('curl -K cfg.txt https://h'), /paste the options/);
  });

  it('is bounded: oversized input is refused up front, and hostile input stays linear', () => {
    assert.throws(() => parseCurl(`curl https://h -d '${'x'.repeat(MAX_COMMAND_CHARS)}'`), (e: unknown) => isAioError(e, 'import-too-large'));
    // Shapes that make naive regular expressions backtrack: they must simply be read.
    const nasty = [`curl https://h/${'<'.repeat(50_000)}`, `curl https://h -H "${'{'.repeat(50_000)}x: y"`, `curl https://h -d '${'$A'.repeat(40_000)}'`, `curl https://h/${'{{'.repeat(40_000)}`];
    for (const text of nasty) {
      try {
        curlToHttp(text);
      } catch (e) {
        assert.ok(isAioError(e), String(e));
      }
    }
  });

  it('finds curl commands in pasted text', () => {
    assert.ok(looksLikeCurl('curl -X GET https://x'));
    assert.ok(looksLikeCurl('  $ curl https://x'));
    assert.ok(looksLikeCurl('-X GET https://mc.adobe.io/x'));
    assert.ok(!looksLikeCurl('GET https://x'));
    assert.equal(splitCommands('curl https://a\n\ncurl https://b \\\n -H "k: v"\n').length, 2);
  });
});

describe('curl → .http text', () => {
  it('maps every Adobe placeholder form to the profile and our parser reads the result', () => {
    for (const [token, key, org, sandbox] of [
      ['<ACCESS_TOKEN>', '<API_KEY>', '<ORGANIZATION>', '<SANDBOX_NAME>'],
      ['{ACCESS_TOKEN}', '{API_KEY}', '{IMS_ORG}', '{SANDBOX_NAME}'],
      ['$ACCESS_TOKEN', '<CLIENT_ID>', '<IMS_ORG>', '$SANDBOX_NAME'],
      ['{{ACCESS_TOKEN}}', '{{API_KEY}}', '{{IMS_ORG}}', '{{SANDBOX_NAME}}'],
    ]) {
      const { text, unset } = curlToHttp(`curl "https://platform.adobe.io/data/x?token=${token}" -H "Authorization: Bearer ${token}" -H "x-api-key: ${key}" -H "x-gw-ims-org-id: ${org}" -H "x-sandbox-name: ${sandbox}"`);
      assert.deepEqual(unset, []);
      const block = parseHttpFile(text).blocks[0]!;
      assert.equal(block.request!.url, '{{platform}}/data/x?token={{$aio.accessToken}}');
      assert.deepEqual(parseHttpFile(text).variables.map((v) => [v.name, v.value]), [['platform', 'https://platform.adobe.io']]);
      assert.deepEqual(block.headers.map((h) => [h.name, h.value]), [['x-api-key', '{{$aio.apiKey}}'], ['x-gw-ims-org-id', '{{$aio.orgId}}'], ['x-sandbox-name', '{{$aio.sandbox}}']]);
      assert.match(text, /Authorization comes from the active profile/);
    }
  });

  it('turns other placeholders into variables to set, and leaves JSON bodies alone', () => {
    const { text, unset } = curlToHttp(`curl -X PUT https://platform.adobe.io/journey/orchestration/endpointConfigs/{uid} -H 'Authorization: Bearer <ACCESS_TOKEN>' -d '{"a":{"b":"$schema"},"c":"<lower>"}'`);
    assert.deepEqual(unset.map((u) => u.name), ['uid']);
    assert.match(text, /^PUT \{\{journey\}\}\/endpointConfigs\/\{\{uid\}\}$/m);
    assert.match(text, /"b": "\$schema"/);
    assert.match(text, /"c": "<lower>"/);
  });

  it('several commands become several named blocks', () => {
    const { text, requests } = curlToHttp('curl https://a.example/x\ncurl -X POST https://a.example/y -d "{}"');
    assert.equal(requests, 2);
    const file = parseHttpFile(text);
    assert.deepEqual(file.blocks.filter((b) => b.request).map((b) => b.request!.method), ['GET', 'POST']);
  });

  it('an Adobe API base becomes one file variable, most specific first; other hosts stay written out', () => {
    const cases: Array<[string, string, string]> = [
      ['https://platform.adobe.io/journey/orchestration/list/endpointConfigs', 'journey', 'https://platform.adobe.io/journey/orchestration'],
      ['https://journey.adobe.io/authoring/endpointConfigs', 'journeyAuthoring', 'https://journey.adobe.io/authoring'],
      ['https://mc.adobe.io/acme-mkt-stage/campaign/profileAndServices/profile', 'campaign', 'https://mc.adobe.io/acme-mkt-stage/campaign'],
      ['https://cja.adobe.io/data/dataviews?limit=1', 'cja', 'https://cja.adobe.io'],
      ['https://platform.adobe.io/data/foundation/catalog/dataSets', 'platform', 'https://platform.adobe.io'],
      ['https://platform.adobe.io/journeys', 'platform', 'https://platform.adobe.io'],
    ];
    for (const [url, name, value] of cases) {
      const file = parseHttpFile(curlToHttp(`curl '${url}'`).text);
      assert.deepEqual(file.variables.map((v) => [v.name, v.value]), [[name, value]], url);
      assert.equal(file.blocks.find((b) => b.request)!.request!.url, `{{${name}}}${url.slice(value.length)}`, url);
    }
    const other = curlToHttp("curl 'https://api.example.org/x'");
    assert.deepEqual(other.bases, []);
    assert.match(other.text, /^GET https:\/\/api\.example\.org\/x$/m);
  });

  it('a second paste into a file that defines the base reuses it, so a retargeted file stays retargeted', () => {
    const journey = (path: string) => `curl -X POST https://platform.adobe.io/journey/orchestration/${path} -H 'Authorization: Bearer <ACCESS_TOKEN>' -d '{}'`;
    const first = curlToHttp(journey('list/endpointConfigs'));
    const retargeted = first.text.replace(/^@journey = .*$/m, '@journey = http://127.0.0.1:4545/journey/orchestration');
    const second = curlToHttp(journey('list/throttlingConfigs'), { existingText: retargeted });
    assert.doesNotMatch(second.text, /^@journey/m);
    assert.deepEqual(second.bases, []);
    const file = parseHttpFile(`${retargeted}\n${second.text}`);
    assert.deepEqual(file.variables.map((v) => [v.name, v.value]), [['journey', 'http://127.0.0.1:4545/journey/orchestration']]);
    // The second text starts with ###: it does not run on into the first request's body.
    assert.deepEqual(file.blocks.filter((b) => b.request).map((b) => b.request!.url), ['{{journey}}/list/endpointConfigs', '{{journey}}/list/throttlingConfigs']);
    // A base the file lacks is still defined; a reused Campaign base asks for no tenant again.
    const campaign = '-X GET https://mc.adobe.io/<ORGANIZATION>/campaign/profileAndServices/profile';
    assert.deepEqual(curlToHttp(campaign, { existingText: retargeted }).bases.map((b) => b.name), ['campaign']);
    const again = curlToHttp(campaign, { existingText: '@campaign = https://mc.adobe.io/{{campaignTenant}}/campaign\n@campaignTenant = acme\n' });
    assert.deepEqual([again.bases, again.unset], [[], []]);
  });

  it('a curl pasted between two requests leaves the request below it whole', () => {
    const above = 'GET https://api.example.org/first\n\n';
    const below = 'POST https://api.example.org/below\nContent-Type: application/json\n\n{"keep": true}\n';
    const pasted = curlToHttp("curl -X POST https://api.example.org/pasted -H 'Content-Type: application/json' -d '{\"new\": 1}'", { existingText: above + below, textAfter: below });
    const file = parseHttpFile(above + pasted.text + below);
    const bodyText = (b: (typeof file.blocks)[number]) => b.body?.lines.map((l) => (l.kind === 'text' ? l.text : '')).join('\n');
    const requests = file.blocks.filter((b) => b.request).map((b) => [b.request!.method, b.request!.url, bodyText(b)]);
    assert.deepEqual(requests, [
      ['GET', 'https://api.example.org/first', undefined],
      ['POST', 'https://api.example.org/pasted', '{\n  "new": 1\n}'],
      ['POST', 'https://api.example.org/below', '{"keep": true}'],
    ]);
    // At the end of a file, or before a block that already starts with ###, no extra separator.
    assert.doesNotMatch(curlToHttp('curl https://api.example.org/x', { existingText: above, textAfter: '' }).text, /###\n$/);
    assert.doesNotMatch(curlToHttp('curl https://api.example.org/x', { existingText: above, textAfter: '\n### next\nGET /y\n' }).text, /###\n$/);
  });

  it('the Campaign tenant is found by path shape, on any host; the org header stays the IMS org', () => {
    const { text, unset } = curlToHttp("curl https://campaign-proxy.example/<ORGANIZATION>/campaign/profileAndServices/profile -H 'x-gw-ims-org-id: <ORGANIZATION>'");
    assert.deepEqual(unset.map((u) => u.name), ['campaignTenant']);
    assert.match(text, /^GET https:\/\/campaign-proxy\.example\/\{\{campaignTenant\}\}\/campaign\/profileAndServices\/profile$/m);
    assert.match(text, /^x-gw-ims-org-id: \{\{\$aio\.orgId\}\}$/m);
    // Elsewhere in a URL the org placeholder is still the IMS org.
    assert.match(curlToHttp('curl https://platform.adobe.io/data/x/<ORGANIZATION>/y').text, /^GET \{\{platform\}\}\/data\/x\/\{\{\$aio\.orgId\}\}\/y$/m);
  });
});
