// Postman collections (our fixtures, Adobe's shapes) converted, then run by the runner against the emulated
// Journey API and the echo server; the Console's Postman environment goes through the credential import.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postmanToHttp, MAX_DEPTH } from '../../../src/core/import/postman';
import { parseHttpFile } from '../../../src/core/http/parser';
import { isAioError } from '../../../src/core/errors';
import { EDGE_COLLECTION, JOURNEY_CAPPING_COLLECTION } from '../../fixtures/import/postman';
import { retarget, sendWorld } from '../../support/import-world';

describe('Postman collection → .http', () => {
  it('the Journey capping collection runs against the emulator: list, create, get, canDeploy, deploy, undeploy, delete', async (t) => {
    const world = await sendWorld(t);
    const converted = postmanToHttp(JSON.stringify(JOURNEY_CAPPING_COLLECTION));
    assert.equal(converted.requests, 8);
    const text = converted.files[0]!.text;
    assert.doesNotMatch(text, /should-never-be-written/);
    assert.match(text, /Postman test script \(2 lines\) is not run here/);
    const env = JSON.parse(converted.environment!) as { $shared: Record<string, string> };
    assert.deepEqual(env.$shared, { JO_HOST: 'https://platform.adobe.io', BASE_PATH: '/journey/orchestration', IMS: 'ims-na1.adobelogin.com' });
    // The env file's host pointed at the emulator; the uid a Postman script stored is the one variable to set.
    const file = retarget(text, world.emulator.url, world.echo.url, 'journey');
    const [list, create] = await world.run(`@JO_HOST = ${world.emulator.url}\n@BASE_PATH = ${env.$shared.BASE_PATH}\n${file.replace(/^### Get an access token[\s\S]*?(?=^### )/m, '')}`);
    assert.equal(list!.result.response?.status, 200, list!.result.error?.message);
    assert.equal(list!.block.name, 'list-capping-configs');
    assert.equal(create!.result.response?.status, 200, create!.result.error?.message);
    const uid = (JSON.parse(Buffer.from(create!.result.response!.body).toString()) as { uid: string }).uid;
    const runs = await world.run(`@JO_HOST = ${world.emulator.url}\n@BASE_PATH = /journey/orchestration\n@CAPPING_UID = ${uid}\n${file}`);
    const status = Object.fromEntries(runs.map((r) => [r.block.name, r.result.response?.status ?? r.result.error?.kind]));
    assert.deepEqual(status, {
      'get-an-access-token': 'unresolved-variable', // needs CLIENT_SECRET: the profile mints tokens instead
      'list-capping-configs': 200,
      'create-capping-config': 200,
      'get-capping-config': 200,
      'can-deploy-capping-config': 200,
      'deploy-capping-config': 204,
      'undeploy-capping-config': 204,
      'delete-capping-config': 200,
    });
  });

  it('edge cases: nested folders, disabled headers and query, path variables, file and form bodies, GraphQL, inherited auth', async (t) => {
    const world = await sendWorld(t);
    const converted = postmanToHttp(JSON.stringify(EDGE_COLLECTION));
    const text = converted.files[0]!.text;
    assert.doesNotMatch(text, /hunter2/);
    assert.ok(converted.warnings.some((w) => /apiPassword.*not written/.test(w)));
    assert.match(text, /### Level 1 \/ Level 2 \/ Level 3 \/ Deep request/);
    assert.match(text, /# Disabled in Postman, not sent: X-Disabled: nope/);
    assert.match(text, /# Postman pre-request script \(1 line\) is not run here/);
    const runs = await world.run(retarget(text, world.emulator.url, world.echo.url, 'echo'));
    assert.ok(runs.every((r) => r.result.response?.status === 200), JSON.stringify(runs.map((r) => r.result.error?.message)));
    const byPath = new Map(world.echo.received.map((r) => [r.url.split('?')[0], r]));
    const deep = byPath.get('/items/42')!;
    assert.equal(deep.url, '/items/42?keep=1');
    assert.equal(deep.headers['x-kept'], 'from-folder');
    assert.equal(deep.headers['x-disabled'], undefined);
    assert.match(String(deep.headers.authorization), /^Bearer ey/);
    assert.equal(byPath.get('/ingest')!.body, 'id,value\n1,2\n');
    assert.match(byPath.get('/upload')!.body, /filename="data\.csv"\r\n\r\nid,value\n1,2\n[\s\S]*name="label"\r\n\r\nbatch\r\n/);
    assert.doesNotMatch(byPath.get('/upload')!.body, /name="off"/);
    assert.equal(byPath.get('/form')!.body, 'a=x%20y&b=from-folder');
    assert.deepEqual(JSON.parse(byPath.get('/graphql')!.body), { query: 'query { me { id } }', variables: { n: 1 } });
    assert.ok(byPath.has('/open') && byPath.has('/plain'));
  });

  it('refuses what it cannot read, with what to do, and is bounded', () => {
    const refused = (input: string, pattern: RegExp): void => assert.throws(() => postmanToHttp(input), (e: unknown) => isAioError(e) && pattern.test(e.message));
    refused('not json', /not JSON/);
    refused('{"values":[{"key":"API_KEY","value":"x"}]}', /Postman environment.*Import Postman Environment/);
    refused('{"info":{"schema":"https://schema.getpostman.com/json/collection/v1.0.0/collection.json"},"item":[]}', /v2\.0 and v2\.1/);
    let nested: unknown = { name: 'r', request: 'https://x' };
    for (let i = 0; i < MAX_DEPTH + 2; i++) nested = { name: `f${i}`, item: [nested] };
    refused(JSON.stringify({ info: { name: 'deep' }, item: [nested] }), /nests folders more than/);
    refused(JSON.stringify({ info: { name: 'many' }, item: Array.from({ length: 2001 }, () => ({ name: 'r', request: 'https://x' })) }), /more than 2000 requests/);
  });

  it('its output parses without problems', () => {
    for (const c of [JOURNEY_CAPPING_COLLECTION, EDGE_COLLECTION]) {
      const file = parseHttpFile(postmanToHttp(JSON.stringify(c)).files[0]!.text);
      assert.deepEqual(file.problems.filter((p) => p.severity === 'error'), []);
    }
  });
});
