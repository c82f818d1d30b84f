// A Journey client wired like the product: real IMS credentials against the emulator, the HttpRunner as
// transport (Adobe headers on the emulator's host), and the emulated Journey APIs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRunner } from '../../src/core/http/runner';
import { loadCredentials } from '../../src/cli/credentials-from-args';
import { JourneyClient } from '../../src/core/journey/client';
import { startEmulator, type Emulator } from '../emulator/index';
import { makeWorkspaceJson } from './credentials-fixtures';

export interface JourneyWorld {
  emulator: Emulator;
  runner: HttpRunner;
  orgId: string;
  clientId: string;
  /** Folder holding `ws.json`, the workspace JSON of the registered credential (its secret included). */
  dir: string;
  /** A client on the emulator's current base path (`/journey/orchestration`). */
  client(sandbox?: string, basePath?: string): JourneyClient;
  /** A valid access token of the registered credential, for raw calls. */
  token(): Promise<string>;
}

export async function startJourneyWorld(t: { after(fn: () => Promise<void>): void }): Promise<JourneyWorld> {
  const emulator = await startEmulator();
  const dir = await mkdtemp(join(tmpdir(), 'aio-journey-'));
  const secret = 'journey-s2s-secret-abcdef';
  const ws = makeWorkspaceJson({ oauthClientSecret: secret, jwtClientSecret: 'unused-jwt-secret' }) as {
    project: { org: { ims_org_id: string }; workspace: { details: { credentials: Array<Record<string, Record<string, unknown>>> } } };
  };
  const s2s = ws.project.workspace.details.credentials[1].oauth_server_to_server;
  const orgId = ws.project.org.ims_org_id;
  const clientId = String(s2s.client_id);
  emulator.registerClient({ clientId, clientSecret: secret, orgId, technicalAccountId: String(s2s.technical_account_id), scopes: s2s.scopes as string[] });
  await writeFile(join(dir, 'ws.json'), JSON.stringify(ws));
  const { authenticator, tokens, profile } = await loadCredentials({ workspace: 'ws.json', credential: 'OAuth S2S', ims: emulator.url }, { env: {}, cwd: dir });
  const host = new URL(emulator.url).host;
  const runner = new HttpRunner({ env: {}, authenticator, authHosts: [host] });
  t.after(async () => {
    await runner.destroy();
    await Promise.all([emulator.stop(), rm(dir, { recursive: true, force: true })]);
  });
  return {
    emulator,
    runner,
    orgId,
    clientId,
    dir,
    client: (sandbox = 'prod', basePath = '/journey/orchestration') => new JourneyClient({ transport: runner, sandbox, orgId, baseUrl: `${emulator.url}${basePath}` }),
    token: async () => (await tokens.getToken(profile)).accessToken,
  };
}
