// Adobe-shaped curl commands, converted and then SENT by the runner: the emulated Journey API (which checks
// the token, API key, org and sandbox as Adobe's gateway does) or the echo server, which shows what arrived.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { curlToHttp } from '../../../src/core/import/http-text';
import { retarget, sendWorld } from '../../support/import-world';
import { CURL_CORPUS, type CorpusEntry } from '../../fixtures/import/curl-corpus';

/** Points a converted request at `server` by changing its one base line (`@journey = …`); nothing else is touched. */
function setBase(text: string, entry: CorpusEntry, server: string): string {
  const { name, path } = entry.base!;
  const line = new RegExp(`^@${name} = https://[a-z.]+\\.adobe\\.io(?:/.*)?$`, 'gm');
  assert.equal(text.match(line)?.length, 1, `${entry.name}: one @${name} line\n${text}`);
  assert.equal(text.match(/^@/gm)?.length, 1, `${entry.name}: no other variable line\n${text}`);
  const requestLines = text.replace(line, '').split('\n').filter((l) => !l.startsWith('#'));
  assert.doesNotMatch(requestLines.join('\n'), /adobe\.io/, `${entry.name}: the host is written only in the base line`);
  return text.replace(line, `@${name} = ${server}${path}`);
}

describe('curl from Adobe docs: converted, then sent', () => {
  it('every corpus command arrives as written, with the profile\'s Adobe headers; an Adobe one after changing only its base line', async (t) => {
    const world = await sendWorld(t);
    for (const entry of CURL_CORPUS) {
      const converted = curlToHttp(entry.curl);
      assert.deepEqual(converted.unset.map((u) => u.name).sort(), entry.unset ?? [], `${entry.name}: variables left to set\n${converted.text}`);
      assert.deepEqual(converted.bases.map((b) => b.name), entry.base ? [entry.base.name] : [], `${entry.name}: base variables\n${converted.text}`);
      assert.doesNotMatch(converted.text, /<ACCESS_TOKEN>|\{ACCESS_TOKEN\}|\$ACCESS_TOKEN|<API_KEY>|\{API_KEY\}/, entry.name);
      const server = entry.target === 'journey' ? world.emulator.url : world.echo.url;
      // Adobe's APIs: one line changed. The generic curls (echo.example) keep the host swap.
      const text = entry.base ? setBase(converted.text, entry, server) : retarget(converted.text, world.emulator.url, world.echo.url, entry.target);
      const before = world.echo.received.length;
      const [run] = await world.run(text);
      assert.ok(run, entry.name);
      assert.equal(run.result.error, undefined, `${entry.name}: ${run.result.error?.message}\n${text}`);
      const status = run.result.response!.status;
      assert.equal(status, entry.expect.status ?? 200, `${entry.name}: ${Buffer.from(run.result.response!.body).toString()}`);
      if (entry.target === 'echo') {
        const got = world.echo.received[before]!;
        assert.equal(got.method, entry.expect.method, entry.name);
        assert.equal(got.url, entry.expect.path, entry.name);
        if (entry.expect.body instanceof RegExp) assert.match(got.body, entry.expect.body, entry.name);
        else if (entry.expect.body !== undefined) assert.equal(got.body, entry.expect.body, entry.name);
        assert.equal(got.headers['x-api-key'], world.clientId, `${entry.name}: x-api-key`);
        assert.equal(got.headers['x-gw-ims-org-id'], world.orgId, `${entry.name}: org`);
        if (!entry.expect.headers?.authorization) assert.match(String(got.headers.authorization), /^Bearer ey/, `${entry.name}: token`);
        for (const [name, value] of Object.entries(entry.expect.headers ?? {})) {
          if (value instanceof RegExp) assert.match(String(got.headers[name]), value, `${entry.name}: ${name}`);
          else assert.equal(got.headers[name], value, `${entry.name}: ${name}`);
        }
      } else {
        assert.equal(run.result.request.method, entry.expect.method, entry.name);
        assert.ok(run.result.request.url.endsWith(entry.expect.path), entry.name);
      }
    }
    assert.equal(world.echo.received.length, CURL_CORPUS.filter((e) => e.target === 'echo').length);
    assert.equal(world.emulator.count('POST /journey/orchestration/endpointConfigs'), 1);
  });

  it('the Campaign tenant left unset blocks the send and names the variable', async (t) => {
    const world = await sendWorld(t);
    const campaign = CURL_CORPUS.find((e) => e.unset?.includes('campaignTenant'))!;
    const converted = curlToHttp(campaign.curl);
    assert.match(converted.text, /campaignTenant.*Campaign tenant.*not the …@AdobeOrg id/);
    assert.match(converted.text, /^@campaign = https:\/\/mc\.adobe\.io\/\{\{campaignTenant\}\}\/campaign$/m);
    assert.match(converted.text, /^GET \{\{campaign\}\}\/profileAndServices\/profile$/m);
    const [run] = await world.run(retarget(converted.text, world.emulator.url, world.echo.url, 'echo'));
    assert.equal(run!.sent, false);
    assert.match(run!.result.error!.message, /campaignTenant/);
    assert.equal(world.echo.received.length, 0);
  });
});
