// A world for sending converted requests: emulated IMS + Journey, an echo server, a real OAuth S2S credential,
// both hosts allow-listed; runs `.http` text as the CLI does.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRunner } from '../../src/core/http/runner';
import { parseHttpFile } from '../../src/core/http/parser';
import { runHttpFile } from '../../src/core/http/file-runner';
import type { AioVariableName } from '../../src/core/http/variables';
import { loadCredentials } from '../../src/cli/credentials-from-args';
import { startEmulator } from '../emulator/index';
import { makeWorkspaceJson } from './credentials-fixtures';
import { startEchoServer } from './echo-server';

type T = { after(fn: () => Promise<void>): void };

/** Emulated IMS + Journey, an echo server, a real OAuth S2S credential, both hosts allow-listed. */
export async function sendWorld(t: T) {
  const emulator = await startEmulator();
  const echo = await startEchoServer();
  const dir = await mkdtemp(join(tmpdir(), 'aio-import-send-'));
  const secret = 'import-s2s-secret-abcdef';
  const ws = makeWorkspaceJson({ oauthClientSecret: secret, jwtClientSecret: 'unused-jwt-secret' }) as {
    project: { org: { ims_org_id: string }; workspace: { details: { credentials: Array<Record<string, Record<string, unknown>>> } } };
  };
  const s2s = ws.project.workspace.details.credentials[1].oauth_server_to_server;
  const orgId = ws.project.org.ims_org_id;
  const clientId = String(s2s.client_id);
  emulator.registerClient({ clientId, clientSecret: secret, orgId, technicalAccountId: String(s2s.technical_account_id), scopes: s2s.scopes as string[] });
  await writeFile(join(dir, 'ws.json'), JSON.stringify(ws));
  await writeFile(join(dir, 'data.csv'), 'id,value\n1,2\n');
  const { authenticator } = await loadCredentials({ workspace: 'ws.json', credential: 'OAuth S2S', ims: emulator.url }, { env: {}, cwd: dir });
  const authHosts = [new URL(emulator.url).host, new URL(echo.url).host];
  const runner = new HttpRunner({ env: {}, authenticator, authHosts });
  t.after(async () => {
    await runner.destroy();
    await Promise.all([emulator.stop(), echo.close(), rm(dir, { recursive: true, force: true })]);
  });
  const aioVariable = async (name: AioVariableName): Promise<string | undefined> => (await authenticator.authenticate(undefined, { sandbox: 'prod' })).variables[name];
  /** Runs `.http` text (hosts already pointed at the test servers) as the CLI does. */
  const run = (text: string) =>
    runHttpFile(parseHttpFile(text), runner, {
      context: { filePath: join(dir, 'converted.http'), workspaceRoot: dir, readFile: (p) => readFile(p), processEnv: {}, aioVariable, authHosts },
    });
  return { emulator, echo, orgId, clientId, dir, run };
}

/** Points Adobe's hosts (and the corpus's example host) at a test server. */
export function retarget(text: string, journeyUrl: string, echoUrl: string, target: 'journey' | 'echo'): string {
  return text.replace(/https:\/\/(platform\.adobe\.io|mc\.adobe\.io|cja\.adobe\.io|echo\.example)/g, target === 'journey' ? journeyUrl : echoUrl);
}

