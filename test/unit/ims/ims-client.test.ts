import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenService } from '../../../src/core/ims/token-service';
import { ImsClient } from '../../../src/core/ims/ims-client';
import { AioError } from '../../../src/core/errors';
import { secretKey, type Profile } from '../../../src/core/credentials/profile';
import { MemorySecretStore, type Logger } from '../../../src/core/ports';
import { decodeJwtPayload } from '../../../src/core/ims/token-expiry';
import { redact } from '../../../src/core/log/redact';
import { generateCredentialPair } from '../../support/credentials-fixtures';
import { FakeClock, startImsWorld, JWT_SECRET, S2S_SECRET, type ImsWorld } from './ims-fixture';
import { startProxy } from '../../support/proxy-server';

/** A logger that keeps every line, to check that no secret reaches it. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string | Error) => lines.push(redact(String(m instanceof Error ? m.message : m)));
  return { lines, trace: keep, debug: keep, info: keep, warn: keep, error: keep };
}

async function failure(promise: Promise<unknown>): Promise<AioError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AioError, `expected an AioError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the token request to fail');
}

function assertNoSecrets(world: ImsWorld, text: string): void {
  assert.ok(!text.includes(JWT_SECRET) && !text.includes(S2S_SECRET), 'a client secret leaked');
  assert.ok(!/eyJ[A-Za-z0-9_-]{5,}\./.test(text), 'a JWT leaked');
  assert.ok(!text.includes(world.privateKeyPem.split('\n')[1]!), 'the private key leaked');
}

test('JWT exchange: a token the emulator accepts, lifetime from milliseconds', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const service = new TokenService({ secrets: world.secrets });
  const before = Date.now();
  const token = await service.getToken(world.jwtProfile);
  assert.equal(token.tokenType, 'bearer');
  assert.ok(token.expiresAt > before + 23.9 * 3600_000 && token.expiresAt <= Date.now() + 24 * 3600_000);
  const payload = decodeJwtPayload(token.accessToken);
  assert.equal(payload?.client_id, world.jwtClient.clientId);
  const validation = (await (await fetch(`${world.emulator.url}/ims/validate_token/v1`, { method: 'POST', body: new URLSearchParams({ type: 'access_token', token: token.accessToken }) })).json()) as { valid: boolean };
  assert.equal(validation.valid, true);
  const profile = await fetch(`${world.emulator.url}/ims/profile/v1`, { headers: { authorization: `Bearer ${token.accessToken}` } });
  assert.equal(profile.status, 200);
});

test('OAuth Server-to-Server: a token for the requested scopes, lifetime from seconds', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const service = new TokenService({ secrets: world.secrets });
  const before = Date.now();
  const token = await service.getToken(world.s2sProfile);
  assert.ok(token.expiresAt > before + 23.9 * 3600_000 && token.expiresAt <= Date.now() + 24 * 3600_000);
  assert.equal(decodeJwtPayload(token.accessToken)?.scope, 'openid,AdobeID,read_organizations');
  assert.equal(world.emulator.count('POST /ims/token/v3'), 1);
});

interface ErrorCase {
  name: string;
  arrange(world: ImsWorld, clock: FakeClock): Promise<Profile> | Profile;
  code: string;
  says: RegExp;
}

const cases: ErrorCase[] = [
  {
    name: 'a metascope not bound to the credential',
    arrange: (w) => ({ ...w.jwtProfile, metaScopes: ['ent_dataservices_sdk', 'ent_cja_sdk'] }),
    code: 'ims-invalid-scope',
    says: /metascope 'ent_cja_sdk'.*not bound.*Developer Console/,
  },
  {
    name: 'an OAuth scope not bound to the credential',
    arrange: (w) => ({ ...w.s2sProfile, scopes: ['openid', 'ent_journey_sdk'] }),
    code: 'ims-invalid-scope',
    says: /scope 'ent_journey_sdk'.*not bound/,
  },
  {
    name: 'a wrong client secret (JWT)',
    arrange: async (w) => {
      await w.secrets.store(secretKey(w.jwtProfile.id, 'clientSecret'), 'not-the-secret-xyz');
      return w.jwtProfile;
    },
    code: 'ims-invalid-secret',
    says: /client secret.*401 invalid_client.*Developer Console/,
  },
  {
    name: 'a wrong client secret (OAuth S2S)',
    arrange: async (w) => {
      await w.secrets.store(secretKey(w.s2sProfile.id, 'clientSecret'), 'not-the-secret-xyz');
      return w.s2sProfile;
    },
    code: 'ims-invalid-secret',
    says: /client secret/,
  },
  {
    name: 'an unknown client',
    arrange: (w) => ({ ...w.jwtProfile, clientId: 'unknown-client' }),
    code: 'ims-invalid-client',
    says: /does not know client unknown-client.*environment/,
  },
  {
    name: 'a key whose certificate is not on the credential',
    arrange: async (w) => {
      const other = await generateCredentialPair();
      await w.secrets.store(secretKey(w.jwtProfile.id, 'privateKey'), other.key.privateKeyPem);
      return w.jwtProfile;
    },
    code: 'ims-invalid-signature',
    says: /certificate on credential .* is not this key's.*re-import|Re-import/i,
  },
  {
    name: 'a clock an hour behind (JWT already expired)',
    arrange: (w, clock) => {
      clock.advance(-3600_000);
      return w.jwtProfile;
    },
    code: 'ims-clock',
    says: /clock is probably wrong/,
  },
  {
    name: 'a technical account that does not match',
    arrange: (w) => ({ ...w.jwtProfile, technicalAccountId: 'AAAA@techacct.adobe.com' }),
    code: 'ims-bad-request',
    says: /technical account id/,
  },
  {
    name: 'a JWT credential migrated to OAuth S2S (500)',
    arrange: (w) => {
      w.emulator.registerClient({ ...w.jwtClient, migratedToOAuth: true });
      return w.jwtProfile;
    },
    code: 'ims-server-jwt',
    says: /migrated to OAuth Server-to-Server.*import it as an OAuth/,
  },
  {
    name: 'an HTML page instead of JSON',
    arrange: (w) => {
      w.emulator.inject({ match: 'POST /ims/', kind: 'html', status: 200 });
      return w.jwtProfile;
    },
    code: 'ims-bad-response',
    says: /HTML page instead of a token.*IMS URL/,
  },
  {
    name: 'an empty body',
    arrange: (w) => {
      w.emulator.inject({ match: 'POST /ims/', kind: 'empty', status: 200 });
      return w.s2sProfile;
    },
    code: 'ims-bad-response',
    says: /empty body/,
  },
  {
    name: 'a 502 gateway page',
    arrange: (w) => {
      w.emulator.inject({ match: 'POST /ims/', kind: 'html', status: 502 });
      return w.s2sProfile;
    },
    code: 'ims-server',
    says: /HTTP 502.*Retry/,
  },
  {
    name: '429 throttling',
    arrange: (w) => {
      w.emulator.inject({ match: 'POST /ims/', kind: 'status', status: 429, body: { error: 'too_many_requests', error_description: 'slow down' } });
      return w.s2sProfile;
    },
    code: 'ims-throttled',
    says: /throttling/,
  },
  {
    name: 'a 200 without access_token',
    arrange: (w) => {
      w.emulator.inject({ match: 'POST /ims/', kind: 'status', status: 200, body: { token_type: 'bearer', expires_in: 86399 } });
      return w.s2sProfile;
    },
    code: 'ims-bad-response',
    says: /without an access token/,
  },
  {
    name: 'a redirect',
    arrange: (w) => {
      w.emulator.inject({ match: 'POST /ims/', kind: 'status', status: 302, body: {} });
      return w.s2sProfile;
    },
    code: 'ims-redirect',
    says: /never follow redirects/,
  },
  {
    name: 'a missing client secret in the secret store',
    arrange: async (w) => {
      await w.secrets.delete(secretKey(w.s2sProfile.id, 'clientSecret'));
      return w.s2sProfile;
    },
    code: 'credentials-missing',
    says: /Re-import the credentials/,
  },
];

for (const c of cases) {
  test(`IMS error: ${c.name} → ${c.code}, an actionable message without secrets`, async (t) => {
    const world = await startImsWorld();
    t.after(() => world.stop());
    const clock = new FakeClock();
    const logger = recordingLogger();
    const service = new TokenService({ secrets: world.secrets, clock, logger });
    const profile = await c.arrange(world, clock);
    const error = await failure(service.getToken(profile));
    assert.equal(error.code, c.code, error.message);
    assert.match(error.message, c.says);
    assertNoSecrets(world, error.message);
    assertNoSecrets(world, logger.lines.join('\n'));
    assert.ok(world.emulator.count('POST /ims/') <= 1, 'no retry storm');
  });
}

test('a stalled IMS hits the total deadline with a timeout message', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  world.emulator.inject({ match: 'POST /ims/', kind: 'stall' });
  const service = new TokenService({ secrets: world.secrets, ims: new ImsClient({ totalTimeoutMs: 300 }) });
  const error = await failure(service.getToken(world.s2sProfile));
  assert.equal(error.code, 'ims-timeout');
  assert.match(error.message, /did not answer within/);
});

test('an unreachable IMS says so', async (t) => {
  const world = await startImsWorld();
  await world.stop();
  t.after(() => undefined);
  const service = new TokenService({ secrets: world.secrets, ims: new ImsClient({ totalTimeoutMs: 2000 }) });
  const error = await failure(service.getToken(world.s2sProfile));
  assert.equal(error.code, 'ims-network');
  assert.match(error.message, /Could not reach IMS/);
});

test('a redirect is not followed: the redirect target never sees the client secret', async (t) => {
  let reached = 0;
  const target = createServer((_req, res) => {
    reached++;
    res.end('{}');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
  const redirector = createServer((_req, res) => {
    res.writeHead(307, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/ims/token/v3` });
    res.end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', () => r()));
  t.after(() => {
    target.close();
    redirector.close();
  });
  const secrets = new MemorySecretStore();
  const profile: Profile = {
    id: 'p1', name: 'p', kind: 'oauth-s2s', clientId: 'c', orgId: 'O@AdobeOrg', technicalAccountId: 't@techacct.adobe.com',
    scopes: ['openid'], environment: 'prod', imsHost: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`, sandbox: 'prod',
  };
  await secrets.store(secretKey('p1', 'clientSecret'), 'secret-value-1234');
  const error = await failure(new TokenService({ secrets }).getToken(profile));
  assert.equal(error.code, 'ims-redirect');
  assert.equal(reached, 0);
});

test('behind a proxy from the environment (HTTP_PROXY), the token request goes through the proxy', async (t) => {
  const world = await startImsWorld();
  const proxy = await startProxy();
  const ims = new ImsClient({ env: { HTTP_PROXY: proxy.url } });
  t.after(async () => {
    await ims.close();
    await world.stop();
    await proxy.close();
  });
  const token = await new TokenService({ secrets: world.secrets, ims }).getToken(world.s2sProfile);
  assert.match(token.accessToken, /^eyJ/);
  // The runner's pool: a plain-http IMS (the emulator) is forwarded in absolute form, as curl does; https is tunnelled.
  assert.deepEqual(proxy.seen, [`POST ${new URL('/ims/token/v3', world.emulator.url).href}`]);
});

test('new proxy settings apply to the next token request, without a new client (VS Code http.proxy changed)', async (t) => {
  const world = await startImsWorld();
  const proxy = await startProxy();
  const ims = new ImsClient({ env: {} });
  t.after(async () => {
    await ims.close();
    await world.stop();
    await proxy.close();
  });
  const tokens = new TokenService({ secrets: world.secrets, ims });
  await tokens.getToken(world.s2sProfile);
  assert.deepEqual(proxy.seen, [], 'no proxy configured yet: the request goes direct');
  ims.setProxy({ url: proxy.url });
  await tokens.getToken(world.s2sProfile, { forceRefresh: true });
  assert.equal(proxy.seen.length, 1, 'after setProxy the token request goes through the proxy');
  ims.setProxy({});
  await tokens.getToken(world.s2sProfile, { forceRefresh: true });
  assert.equal(proxy.seen.length, 1, 'after the proxy is removed the request goes direct again');
});
