// The runner with the real IMS authenticator (token cache, single flight) against the emulated IMS.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRunner } from '../../../src/core/http/runner';
import { loadCredentials } from '../../../src/cli/credentials-from-args';
import { startEmulator } from '../../emulator/index';
import { makeWorkspaceJson } from '../../support/credentials-fixtures';
import { startEchoServer, type TestHandler } from '../../support/echo-server';

async function world(t: { after(fn: () => Promise<void>): void }, handler?: TestHandler) {
  const emulator = await startEmulator();
  const api = await startEchoServer(handler);
  const dir = await mkdtemp(join(tmpdir(), 'aio-runner-ims-'));
  const secret = 'runner-s2s-secret-abcdef';
  const ws = makeWorkspaceJson({ oauthClientSecret: secret, jwtClientSecret: 'unused-jwt-secret' }) as {
    project: { org: { ims_org_id: string }; workspace: { details: { credentials: Array<Record<string, Record<string, unknown>>> } } };
  };
  const s2s = ws.project.workspace.details.credentials[1].oauth_server_to_server;
  emulator.registerClient({ clientId: String(s2s.client_id), clientSecret: secret, orgId: ws.project.org.ims_org_id, technicalAccountId: String(s2s.technical_account_id), scopes: s2s.scopes as string[] });
  await writeFile(join(dir, 'ws.json'), JSON.stringify(ws));
  const { authenticator } = await loadCredentials({ workspace: 'ws.json', credential: 'OAuth S2S', ims: emulator.url }, { env: {}, cwd: dir });
  const runner = new HttpRunner({ env: {}, authenticator, authHosts: [`127.0.0.1:${api.port}`] });
  t.after(async () => {
    await runner.destroy();
    await Promise.all([emulator.stop(), api.close(), rm(dir, { recursive: true, force: true })]);
  });
  const tokenCalls = () => emulator.count('POST /ims/token');
  return { api, runner, tokenCalls };
}

describe('runner with the IMS authenticator', () => {
  it('50 requests needing a token at once make exactly one IMS call and all use its token', async (t) => {
    const { api, runner, tokenCalls } = await world(t);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => runner.send({ method: 'GET', url: `${api.url}/r/${i}`, headers: [], options: {} })));
    assert.ok(results.every((r) => r.response?.status === 200));
    assert.equal(tokenCalls(), 1);
    assert.equal(new Set(api.received.map((r) => r.headers.authorization)).size, 1);
  });

  it('concurrent 401s to one token lead to one refresh and one retry each, with the new token', async (t) => {
    let refused: string | undefined;
    const { api, runner, tokenCalls } = await world(t, (req, res) => {
      refused ??= req.headers.authorization;
      if (req.headers.authorization === refused) {
        res.writeHead(401).end();
        return true;
      }
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => runner.send({ method: 'GET', url: `${api.url}/r/${i}`, headers: [], options: {} })));
    assert.ok(results.every((r) => r.response?.status === 200), JSON.stringify(results.map((r) => r.response?.status)));
    assert.equal(tokenCalls(), 2);
    assert.equal(api.received.length, 20);
  });
});
