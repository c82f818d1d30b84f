import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsonwebtoken from 'jsonwebtoken';
import adobeJwtAuth from '@adobe/jwt-auth';
import { buildJwtClaims, loadSigningKey, signServiceAccountJwt } from '../../../src/core/ims/jwt-signer';
import { isAioError } from '../../../src/core/errors';
import { generateCredentialPair, generateKeyPair } from '../../support/credentials-fixtures';
import { startImsWorld, ORG, TECH, JWT_SECRET } from './ims-fixture';

const input = {
  imsHost: 'https://ims-na1.adobelogin.com',
  clientId: 'a64f5f10849a410a97ffdac8ae1c0d2e',
  orgId: ORG,
  technicalAccountId: TECH,
  metaScopes: ['ent_dataservices_sdk', 'https://ims-na1.adobelogin.com/s/ent_campaign_sdk'],
};

test('claims follow Adobe: aud per client, one claim per metascope, a full URL used as is, exp now + 300 s', () => {
  const now = 1_700_000_000_000;
  assert.deepEqual(buildJwtClaims({ ...input, imsHost: 'https://ims-na1.adobelogin.com/' }, now), {
    exp: 1_700_000_300,
    iat: 1_700_000_000,
    iss: ORG,
    sub: TECH,
    aud: 'https://ims-na1.adobelogin.com/c/a64f5f10849a410a97ffdac8ae1c0d2e',
    'https://ims-na1.adobelogin.com/s/ent_dataservices_sdk': true,
    'https://ims-na1.adobelogin.com/s/ent_campaign_sdk': true,
  });
});

for (const format of ['pkcs8', 'pkcs1', 'encrypted-pkcs8', 'encrypted-pkcs1'] as const) {
  test(`a ${format} key signs a JWT that jsonwebtoken verifies against the certificate`, async () => {
    const passphrase = format.startsWith('encrypted') ? 'correct horse' : undefined;
    const { key, cert } = await generateCredentialPair({ format, passphrase });
    const jwt = await signServiceAccountJwt(input, loadSigningKey(key.privateKeyPem, passphrase), Date.now());
    const verified = jsonwebtoken.verify(jwt, cert.pem, { algorithms: ['RS256'], audience: `${input.imsHost}/c/${input.clientId}`, issuer: ORG, subject: TECH });
    assert.equal(typeof verified, 'object');
    assert.equal(jsonwebtoken.decode(jwt, { complete: true })?.header.alg, 'RS256');
  });
}

test('encrypted keys: no passphrase and a wrong passphrase are told apart', () => {
  const key = generateKeyPair({ format: 'encrypted-pkcs8', passphrase: 'right one' });
  assert.throws(() => loadSigningKey(key.privateKeyPem), (e) => isAioError(e, 'key-passphrase-needed'));
  assert.throws(() => loadSigningKey(key.privateKeyPem, 'wrong one'), (e) => isAioError(e, 'key-wrong-passphrase') && /wrong passphrase/i.test(e.message));
  const pkcs1 = generateKeyPair({ format: 'encrypted-pkcs1', passphrase: 'right one' });
  assert.throws(() => loadSigningKey(pkcs1.privateKeyPem, 'nope'), (e) => isAioError(e, 'key-wrong-passphrase'));
  const ec = generateKeyPair({ type: 'ec' });
  assert.throws(() => loadSigningKey(ec.privateKeyPem), (e) => isAioError(e, 'key-not-rsa'));
});

test('our claims equal those @adobe/jwt-auth builds for the same inputs', async (t) => {
  const { key } = await generateCredentialPair();
  let posted: string | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData().then((form) => {
        posted = String(form.get('jwt_token'));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'x', token_type: 'bearer', expires_in: 1 }));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => server.close());
  const ims = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Freeze the clock on a whole second so both libraries round "now" the same way.
  const frozen = Math.floor(Date.now() / 1000) * 1000;
  t.mock.method(Date, 'now', () => frozen);
  await adobeJwtAuth({ clientId: input.clientId, technicalAccountId: TECH, orgId: ORG, clientSecret: 's', privateKey: key.privateKeyPem, metaScopes: input.metaScopes, ims });
  assert.ok(posted);
  const theirs = jsonwebtoken.decode(posted) as Record<string, unknown>;
  const ours = jsonwebtoken.decode(await signServiceAccountJwt({ ...input, imsHost: ims }, loadSigningKey(key.privateKeyPem), frozen)) as Record<string, unknown>;
  assert.deepEqual(ours, theirs);
});

test('@adobe/jwt-auth gets a token from the emulator, so the emulator speaks Adobe (multipart form included)', async (t) => {
  const world = await startImsWorld();
  t.after(() => world.stop());
  const answer = (await adobeJwtAuth({
    clientId: world.jwtClient.clientId,
    technicalAccountId: TECH,
    orgId: ORG,
    clientSecret: JWT_SECRET,
    privateKey: world.privateKeyPem,
    metaScopes: ['ent_dataservices_sdk'],
    ims: world.emulator.url,
  })) as { access_token: string; expires_in: number };
  assert.match(answer.access_token, /^eyJ/);
  assert.equal(answer.expires_in, 24 * 3600 * 1000);
});
