import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { parseCredentialArgs } from '../../../src/cli/credentials-from-args';
import { decodeJwtPayload } from '../../../src/core/ims/token-expiry';
import { startEmulator, type Emulator } from '../../emulator/index';
import { generateCredentialPair, makeConfigZip, makeWorkspaceJson } from '../../support/credentials-fixtures';

const JWT_SECRET = 'cli-jwt-secret-abcdef';
const S2S_SECRET = 'cli-s2s-secret-abcdef';

interface Setup {
  emulator: Emulator;
  dir: string;
  workspace: string;
  zip: string;
  key: string;
  keyPem: string;
  jwtClientId: string;
  s2sClientId: string;
}

async function setUp(t: { after(fn: () => Promise<void> | void): void }, passphrase?: string): Promise<Setup> {
  const emulator = await startEmulator();
  const dir = await mkdtemp(join(tmpdir(), 'aio-cli-token-'));
  t.after(async () => {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const pair = await generateCredentialPair(passphrase ? { format: 'encrypted-pkcs1', passphrase } : {});
  const ws = makeWorkspaceJson({ jwtClientSecret: JWT_SECRET, oauthClientSecret: S2S_SECRET }) as {
    project: { org: { ims_org_id: string }; workspace: { details: { credentials: Array<Record<string, Record<string, unknown>>> } } };
  };
  const [jwtCred, s2sCred] = ws.project.workspace.details.credentials;
  const jwt = jwtCred!.jwt!;
  const s2s = s2sCred!.oauth_server_to_server!;
  const orgId = ws.project.org.ims_org_id;
  emulator.registerClient({
    clientId: String(jwt.client_id), clientSecret: JWT_SECRET, orgId, technicalAccountId: String(jwt.technical_account_id),
    certificates: [pair.cert.pem], metaScopes: jwt.meta_scopes as string[],
  });
  emulator.registerClient({
    clientId: String(s2s.client_id), clientSecret: S2S_SECRET, orgId, technicalAccountId: String(s2s.technical_account_id), scopes: s2s.scopes as string[],
  });
  const setup: Setup = {
    emulator, dir, workspace: join(dir, 'ws.json'), zip: join(dir, 'config.zip'), key: join(dir, 'private.key'),
    keyPem: pair.key.privateKeyPem, jwtClientId: String(jwt.client_id), s2sClientId: String(s2s.client_id),
  };
  await writeFile(setup.workspace, JSON.stringify(ws));
  await writeFile(setup.zip, makeConfigZip(pair));
  await writeFile(setup.key, pair.key.privateKeyPem);
  return setup;
}

type WorkspaceFile = {
  project: { org: { ims_org_id: string }; workspace: { details: { credentials: Array<Record<string, Record<string, unknown>>> } } };
};

async function readWorkspace(s: Setup): Promise<WorkspaceFile> {
  return JSON.parse(await readFile(s.workspace, 'utf8')) as WorkspaceFile;
}

/** The AIO_* variables that describe one credential of the workspace JSON without the file. */
function credentialEnv(ws: WorkspaceFile, index: 0 | 1, clientId: string, clientSecret: string): NodeJS.ProcessEnv {
  const cred = ws.project.workspace.details.credentials[index]!;
  const block = (cred.jwt ?? cred.oauth_server_to_server)!;
  return {
    AIO_CLIENT_ID: clientId,
    AIO_ORG_ID: ws.project.org.ims_org_id,
    AIO_TECHNICAL_ACCOUNT_ID: String(block.technical_account_id),
    ...(cred.jwt ? { AIO_META_SCOPES: (block.meta_scopes as string[]).join(',') } : { AIO_SCOPES: (block.scopes as string[]).join(',') }),
    AIO_CLIENT_SECRET: clientSecret,
  };
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), env, cwd };
  const code = await main(['token', ...args], io);
  return { code, out, err };
}

test('token: JWT credential from --workspace + --zip prints the token alone, which the emulator accepts', async (t) => {
  const s = await setUp(t);
  const r = await cli(['--workspace', s.workspace, '--zip', s.zip, '--credential', 'JWT Service Account', '--ims', s.emulator.url]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
  assert.equal(decodeJwtPayload(r.out.trim())?.client_id, s.jwtClientId);
  const v = (await (await fetch(`${s.emulator.url}/ims/validate_token/v1`, { method: 'POST', body: new URLSearchParams({ token: r.out.trim() }) })).json()) as { valid: boolean };
  assert.equal(v.valid, true);
});

test('token --json: OAuth S2S credential, {access_token, token_type, expires_at}', async (t) => {
  const s = await setUp(t);
  const r = await cli(['--workspace=' + s.workspace, '--credential', 'OAuth S2S', '--ims', s.emulator.url, '--json']);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as { access_token: string; token_type: string; expires_at: string };
  assert.deepEqual(Object.keys(json), ['access_token', 'token_type', 'expires_at']);
  assert.equal(json.token_type, 'bearer');
  assert.ok(Date.parse(json.expires_at) > Date.now() + 23 * 3600_000);
  assert.equal(s.emulator.count('POST /ims/token/v3'), 1);
});

test('token: key from --key, or from AIO_PRIVATE_KEY with literal \\n, encrypted with AIO_PASSPHRASE', async (t) => {
  const s = await setUp(t, 'cli pass phrase');
  const base = ['--workspace', s.workspace, '--credential', 'JWT Service Account', '--ims', s.emulator.url];
  const needs = await cli([...base, '--key', s.key]);
  assert.equal(needs.code, 2);
  assert.match(needs.err, /encrypted: set AIO_PASSPHRASE/);
  const withFile = await cli([...base, '--key', s.key], { AIO_PASSPHRASE: 'cli pass phrase' });
  assert.equal(withFile.code, 0, withFile.err);
  const literal = s.keyPem.replace(/\n/g, '\\n');
  const withEnv = await cli(base, { AIO_PRIVATE_KEY: literal, AIO_PASSPHRASE: 'cli pass phrase' });
  assert.equal(withEnv.code, 0, withEnv.err);
  const viaFile = await cli(['--workspace', 'ws.json', '--credential', 'JWT Service Account', '--ims', s.emulator.url], { AIO_PRIVATE_KEY_FILE: 'private.key', AIO_PASSPHRASE: 'cli pass phrase' }, s.dir);
  assert.equal(viaFile.code, 0, viaFile.err);
  const wrong = await cli([...base, '--key', s.key], { AIO_PASSPHRASE: 'not it' });
  assert.equal(wrong.code, 2);
  assert.match(wrong.err, /wrong passphrase/i);
});

test('token: AIO_CLIENT_SECRET overrides the JSON; IMS errors exit non-zero with the actionable message and no secret', async (t) => {
  const s = await setUp(t);
  const r = await cli(['--workspace', s.workspace, '--credential', 'OAuth S2S', '--ims', s.emulator.url], { AIO_CLIENT_SECRET: 'rotated-secret-999' });
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /client secret.*401 invalid_client/);
  assert.ok(!r.err.includes('rotated-secret-999') && !r.err.includes(S2S_SECRET));
  s.emulator.registerClient({ ...s.emulator.state.clients.get(s.jwtClientId)!, metaScopes: ['ent_dataservices_sdk'] });
  const scope = await cli(['--workspace', s.workspace, '--zip', s.zip, '--credential', 'JWT Service Account', '--ims', s.emulator.url]);
  assert.equal(scope.code, 1);
  assert.match(scope.err, /metascope 'ent_campaign_sdk'.*not bound/);
});

test('token: usage errors say what is missing', async (t) => {
  const s = await setUp(t);
  const none = await cli([]);
  assert.equal(none.code, 2);
  assert.match(none.err, /No credential: give --workspace FILE .* or set AIO_SCOPES .*AIO_CLIENT_ID, AIO_ORG_ID, AIO_TECHNICAL_ACCOUNT_ID, AIO_CLIENT_SECRET/);
  const several = await cli(['--workspace', s.workspace, '--ims', s.emulator.url]);
  assert.equal(several.code, 2);
  assert.match(several.err, /several credentials.*--credential NAME/);
  const noKey = await cli(['--workspace', s.workspace, '--credential', 'JWT Service Account', '--ims', s.emulator.url]);
  assert.equal(noKey.code, 2);
  assert.match(noKey.err, /--zip FILE or --key FILE/);
  const missing = await cli(['--workspace', join(s.dir, 'nope.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no such file/);
  assert.throws(() => parseCredentialArgs(['--zip', 'a', '--key', 'b']), /either --zip or --key/);
  assert.throws(() => parseCredentialArgs(['--workspace']), /needs a value/);
  assert.deepEqual(parseCredentialArgs(['x.http', '--ims=https://ims', '--json']), { credentials: { ims: 'https://ims' }, rest: ['x.http', '--json'] });
});

test('token: without a workspace JSON, an OAuth S2S credential comes from AIO_* variables (CI)', async (t) => {
  const s = await setUp(t);
  const ws = await readWorkspace(s);
  const env = credentialEnv(ws, 1, s.s2sClientId, S2S_SECRET);
  const r = await cli(['--ims', s.emulator.url], env);
  assert.equal(r.code, 0, r.err);
  assert.equal(decodeJwtPayload(r.out.trim())?.client_id, s.s2sClientId);

  const partial = await cli(['--ims', s.emulator.url], { ...env, AIO_ORG_ID: '' });
  assert.equal(partial.code, 2);
  assert.match(partial.err, /set AIO_ORG_ID\./);
  assert.doesNotMatch(partial.err, new RegExp(S2S_SECRET));
});

test('token: without a workspace JSON, a JWT credential comes from AIO_* variables and a private key', async (t) => {
  const s = await setUp(t);
  const ws = await readWorkspace(s);
  const env = credentialEnv(ws, 0, s.jwtClientId, JWT_SECRET);
  const noKey = await cli(['--ims', s.emulator.url], env);
  assert.equal(noKey.code, 2);
  assert.match(noKey.err, /private key with --zip FILE or --key FILE/);
  const r = await cli(['--zip', s.zip, '--ims', s.emulator.url], env);
  assert.equal(r.code, 0, r.err);
  assert.equal(decodeJwtPayload(r.out.trim())?.client_id, s.jwtClientId);
});
