import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { createPrivateKey } from 'node:crypto';
import { buildJwtClaims } from '../../../src/core/ims/jwt-signer';
import { imsError } from '../../../src/core/ims/ims-errors';
import { startImsWorld, JWT_SECRET, S2S_SECRET, ORG, TECH, type ImsWorld } from './ims-fixture';

// The emulated IMS answers as Adobe documents it (adobe-apis.md §2.1): one check per row of the error table.

async function exchange(world: ImsWorld, fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${world.emulator.url}/ims/exchange/jwt`, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function jwtFor(world: ImsWorld, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(createPrivateKey(world.privateKeyPem));
}

function baseClaims(world: ImsWorld): Record<string, string | number | boolean> {
  return buildJwtClaims({ imsHost: world.emulator.url, clientId: world.jwtClient.clientId, orgId: ORG, technicalAccountId: TECH, metaScopes: ['ent_dataservices_sdk'] }, Date.now());
}

test('JWT exchange: Adobe\'s status and error for every refusal', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const id = world.jwtClient.clientId;
  const expect = async (fields: Record<string, string>, status: number, error: string) => {
    const answer = await exchange(world, fields);
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body.error, error);
    assert.equal(typeof answer.body.error_description, 'string');
  };
  const good = await jwtFor(world, baseClaims(world));
  await expect({ client_id: 'nobody', client_secret: JWT_SECRET, jwt_token: good }, 400, 'invalid_client');
  await expect({ client_id: id, client_secret: 'wrong', jwt_token: good }, 401, 'invalid_client');
  await expect({ client_id: id, client_secret: JWT_SECRET }, 400, 'invalid_token');
  await expect({ client_id: id, client_secret: JWT_SECRET, jwt_token: 'not.a.jwt' }, 400, 'invalid_token');
  await expect({ client_id: id, client_secret: JWT_SECRET, jwt_token: await jwtFor(world, { ...baseClaims(world), exp: 'soon' }) }, 400, 'invalid_token');
  await expect({ client_id: id, client_secret: JWT_SECRET, jwt_token: await jwtFor(world, { ...baseClaims(world), exp: Math.floor(Date.now() / 1000) - 60 }) }, 400, 'invalid_token');
  await expect({ client_id: id, client_secret: JWT_SECRET, jwt_token: await jwtFor(world, { ...baseClaims(world), aud: `${world.emulator.url}/c/${world.s2sClient.clientId}` }) }, 400, 'invalid_client');
  await expect({ client_id: id, client_secret: JWT_SECRET, jwt_token: await jwtFor(world, { ...baseClaims(world), sub: 'someone' }) }, 400, 'bad_request');
  await expect({ client_id: id, client_secret: JWT_SECRET, jwt_token: await jwtFor(world, { ...baseClaims(world), [`${world.emulator.url}/s/ent_cja_sdk`]: true }) }, 400, 'invalid_scope');
  const tampered = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  await expect({ client_id: id, client_secret: JWT_SECRET, jwt_token: tampered }, 400, 'invalid_signature');
  const ok = await exchange(world, { client_id: id, client_secret: JWT_SECRET, jwt_token: good });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.expires_in, 86_400_000, 'milliseconds on the JWT exchange');
  world.emulator.registerClient({ ...world.jwtClient, migratedToOAuth: true });
  await expect({ client_id: id, client_secret: JWT_SECRET, jwt_token: good }, 500, 'internal_error');
});

test('client credentials: seconds, lifetime control, and the access token carries created_at/expires_in as strings', async (t) => {
  const world = await startImsWorld({ s2s: { tokenLifetimeSeconds: 120 } });
  t.after(() => world.stop());
  const post = (fields: Record<string, string>) => fetch(`${world.emulator.url}/ims/token/v3`, { method: 'POST', body: new URLSearchParams(fields) });
  const base = { grant_type: 'client_credentials', client_id: world.s2sClient.clientId, client_secret: S2S_SECRET, scope: 'openid' };
  assert.equal((await post({ ...base, grant_type: 'password' })).status, 400);
  assert.equal((await post({ ...base, client_secret: 'x' })).status, 401);
  assert.equal(((await (await post({ ...base, scope: 'openid,nope' })).json()) as { error: string }).error, 'invalid_scope');
  const answer = (await (await post(base)).json()) as { access_token: string; expires_in: number };
  assert.equal(answer.expires_in, 120);
  const payload = JSON.parse(Buffer.from(answer.access_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(payload.expires_in, '120000');
  assert.equal(typeof payload.created_at, 'string');
  const profile = await fetch(`${world.emulator.url}/ims/profile/v1`, { headers: { authorization: `Bearer ${answer.access_token}` } });
  assert.equal(profile.status, 200);
  const forged = await fetch(`${world.emulator.url}/ims/profile/v1`, { headers: { authorization: `Bearer ${answer.access_token.slice(0, -3)}abc` } });
  assert.equal(forged.status, 401);
  const invalid = (await (await fetch(`${world.emulator.url}/ims/validate_token/v1`, { method: 'POST', body: new URLSearchParams({ token: 'x.y.z' }) })).json()) as { valid: boolean };
  assert.equal(invalid.valid, false);
});

test('an undecodable-JWT refusal and a clock refusal are told apart', () => {
  const ctx = { flow: 'jwt' as const, imsHost: 'https://ims', clientId: 'c', scopes: ['ent_dataservices_sdk'], now: 0 };
  assert.equal(imsError(400, { error: 'invalid_token', error_description: 'Cannot decode JWT token' }, ctx).code, 'ims-invalid-token');
  assert.equal(imsError(400, { error: 'invalid_token', error_description: 'JWT token is expired' }, ctx).code, 'ims-clock');
});
