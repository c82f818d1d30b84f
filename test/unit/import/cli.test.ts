import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { ImportIo } from '../../../src/cli/import';
import { JOURNEY_CAPPING_COLLECTION } from '../../fixtures/import/postman';

function io(cwd: string, stdin = ''): ImportIo & { stdout: string; stderr: string } {
  const o = { stdout: '', stderr: '', env: {}, cwd, out: (t: string) => void (o.stdout += t), err: (t: string) => void (o.stderr += t), readStdin: async () => stdin };
  return o;
}

describe('aio-requests import', () => {
  it('curl from standard input prints .http text and names the variable to set', async () => {
    const o = io(tmpdir(), "-X GET https://mc.adobe.io/<ORGANIZATION>/campaign/profileAndServices/profile -H 'Authorization: Bearer <ACCESS_TOKEN>' -H 'X-Api-Key: <API_KEY>'");
    assert.equal(await main(['import', 'curl', '-'], o), 0);
    assert.match(o.stdout, /^@campaign = https:\/\/mc\.adobe\.io\/\{\{campaignTenant\}\}\/campaign$/m);
    assert.match(o.stdout, /^GET \{\{campaign\}\}\/profileAndServices\/profile$/m);
    assert.match(o.stdout, /^X-Api-Key: \{\{\$aio\.apiKey\}\}$/m);
    assert.match(o.stderr, /set \{\{campaignTenant\}\}/);
  });

  it('postman -o writes the .http file and the env file, and never overwrites without --force', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'aio-import-cli-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'c.json'), JSON.stringify(JOURNEY_CAPPING_COLLECTION));
    const first = io(dir);
    assert.equal(await main(['import', 'postman', 'c.json', '-o', 'out'], first), 0, first.stderr);
    assert.match(first.stdout, /8 requests converted/);
    const env = JSON.parse(await readFile(join(dir, 'out', 'http-client.env.json'), 'utf8')) as { $shared: Record<string, string> };
    assert.equal(env.$shared.BASE_PATH, '/journey/orchestration');
    assert.match(await readFile(join(dir, 'out', 'journey-capping-api-fixture.http'), 'utf8'), /# @name list-capping-configs/);
    const again = io(dir);
    assert.equal(await main(['import', 'postman', 'c.json', '-o', 'out'], again), 2);
    assert.match(again.stderr, /already exists; nothing was written.*--force/);
    assert.equal(await main(['import', 'postman', 'c.json', '-o', 'out', '--force'], io(dir)), 0);
  });

  it('bad input says what to do', async () => {
    const o = io(tmpdir(), 'ls -la');
    assert.equal(await main(['import', 'curl'], o), 1);
    assert.match(o.stderr, /not a curl command/);
    const u = io(tmpdir());
    assert.equal(await main(['import', 'wsdl'], u), 2);
    assert.match(u.stderr, /curl or postman/);
  });
});
