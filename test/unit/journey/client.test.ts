// JourneyClient against the emulated Journey APIs, through the real HttpRunner and IMS credentials.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JourneyClient } from '../../../src/core/journey/client';
import { JourneyApiError, JourneyValidationError } from '../../../src/core/journey/errors';
import { cappingLimits } from '../../../src/core/journey/limits';
import type { CappingConfigPayload, ThrottlingConfigPayload } from '../../../src/core/journey/types';
import { HttpRunner } from '../../../src/core/http/runner';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';
import { startJourneyWorld } from '../../support/journey-world';

/** `maxHttpConnections` null: left out. */
const capping = (maxCallsCount = 500, maxHttpConnections: number | null = 50): CappingConfigPayload => ({
  url: 'https://api.example.org/data/2.5/*',
  methods: ['GET'],
  services: { dataSource: { ...(maxHttpConnections === null ? {} : { maxHttpConnections }), rating: { maxCallsCount, periodInMs: 1000 } } },
});
const throttling = (maxThroughput = 4000): ThrottlingConfigPayload => ({
  name: 'throttling-external',
  urlPattern: 'https://api.example.org/data/2.5/*',
  methods: ['POST', 'PUT'],
  maxThroughput,
});

async function refused(promise: Promise<unknown>): Promise<JourneyApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof JourneyApiError, String(error));
    return error;
  }
  assert.fail('expected the API to refuse');
}

describe('JourneyClient: capping configs', () => {
  it('creates, lists, reads, deploys, edits in place (live vs pending), redeploys and deletes', async (t) => {
    const world = await startJourneyWorld(t);
    const client = world.client();
    const created = await client.capping.create(capping(500, null));
    const uid = created.config.uid;
    assert.equal(created.config.state, 'created');
    assert.equal(created.config.orgId, world.orgId, 'orgId is sent in the body');
    assert.deepEqual(created.warnings.map((w) => w.code), ['ERR_ENDPOINTCONFIG_106']);
    assert.deepEqual(created.canDeploy?.warnings?.map((w) => w.warningCode), ['ERR_ENDPOINTCONFIG_106']);
    assert.deepEqual((await client.capping.list()).map((c) => c.uid), [uid]);

    const check = await client.capping.canDeploy(uid);
    assert.equal(check.validationStatus, 'ok');
    assert.equal(check.warnings?.[0].warningCode, 'ERR_ENDPOINTCONFIG_106');

    await client.capping.deploy(uid);
    const deployed = await client.capping.get(uid);
    assert.equal(deployed.state, 'deployed');
    assert.equal(deployed.hasBeenDeployed, true);
    assert.equal(deployed.deployedConfig?.services.dataSource?.maxHttpConnections, -1, 'deployed without a connection limit: -1');
    assert.ok(deployed.metadata?.lastDeployedAt);
    assert.equal(deployed.sandboxName, 'prod');
    assert.ok(deployed.sandboxId);

    // Edited in place: the live copy stays until the next deploy.
    const edited = await client.capping.update(uid, { ...deployed, services: { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: 1500, periodInMs: 1000 } } } });
    assert.equal(edited.config.state, 'updated');
    assert.equal(edited.config.hasBeenDeployed, true);
    assert.equal(edited.config.deployedConfig?.services.dataSource?.rating.maxCallsCount, 500);
    const limits = cappingLimits(await client.capping.get(uid));
    assert.equal(limits.differs, true);
    assert.equal(limits.live?.limits[0].maxCallsCount, 500);
    assert.equal(limits.pending.limits[0].maxCallsCount, 1500);

    await client.capping.deploy(uid);
    const redeployed = await client.capping.get(uid);
    assert.equal(redeployed.state, 'deployed');
    assert.equal(redeployed.deployedConfig?.services.dataSource?.rating.maxCallsCount, 1500);
    assert.equal(cappingLimits(redeployed).differs, false);

    const notForced = await refused(client.capping.delete(uid));
    assert.equal(notForced.status, 500);
    assert.equal(notForced.apiCode, '1451');
    assert.match(notForced.message, /undeploy it first, or delete it with forceDelete/);
    await client.capping.delete(uid, { force: true });
    const gone = await refused(client.capping.get(uid));
    assert.equal(gone.status, 404);
    assert.match(gone.message, /list the configs/);
  });

  it('undeploy answers 204 even when not deployed, and goes back to created or updated', async (t) => {
    const world = await startJourneyWorld(t);
    const client = world.client();
    const { config } = await client.capping.create(capping());
    await client.capping.undeploy(config.uid);
    assert.equal((await client.capping.get(config.uid)).state, 'created');
    await client.capping.deploy(config.uid);
    await client.capping.undeploy(config.uid);
    const undeployed = await client.capping.get(config.uid);
    assert.equal(undeployed.state, 'created');
    assert.equal(undeployed.deployedConfig, undefined);
    await client.capping.update(config.uid, capping(700));
    await client.capping.deploy(config.uid);
    await client.capping.undeploy(config.uid);
    assert.equal((await client.capping.get(config.uid)).state, 'updated');
    await client.capping.delete(config.uid);
  });

  it('canDeploy uses GET and falls back to POST once the API answers 405', async (t) => {
    const world = await startJourneyWorld(t);
    const client = world.client();
    const { config } = await client.capping.create(capping());
    world.emulator.inject({ match: `GET /journey/orchestration/endpointConfigs/${config.uid}/canDeploy`, kind: 'status', status: 405, body: { error: 'Method Not Allowed' }, times: 0 });
    assert.equal((await client.capping.canDeploy(config.uid)).validationStatus, 'ok');
    assert.equal((await client.capping.canDeploy(config.uid)).validationStatus, 'ok');
    assert.equal(world.emulator.count('GET /journey/orchestration/endpointConfigs/:uid/canDeploy'), 1, 'GET tried once, then POST only');
    assert.equal(world.emulator.count('POST /journey/orchestration/endpointConfigs/:uid/canDeploy'), 2);
  });

  it('canDeploy reports an invalid stored config in Adobe\'s shape, and deploying it fails with 500', async (t) => {
    const world = await startJourneyWorld(t);
    const seeded = await fetch(`${world.emulator.url}/__control/journey/seed`, {
      method: 'POST',
      body: JSON.stringify({ orgId: world.orgId, capping: [{ uid: 'bad-1', url: 'not a url', methods: ['GET'], services: { dataSource: { rating: { maxCallsCount: 5, periodInMs: 1000 } } } }] }),
    });
    assert.equal(seeded.status, 200);
    const client = world.client();
    const check = await client.capping.canDeploy('bad-1');
    assert.equal(check.validationStatus, 'error');
    assert.equal(check.reason, '1 error is currently blocking the publication');
    assert.equal(check.errors?.[0].errorCode, 'ERR_ENDPOINTCONFIG_101');
    const error = await refused(client.capping.deploy('bad-1'));
    assert.equal(error.status, 500);
    assert.equal(error.apiCode, 'ERR_ENDPOINTCONFIG_101');
    assert.match(error.message, /url is malformed/);
  });

  it('refuses an invalid config locally, before any call', async (t) => {
    const world = await startJourneyWorld(t);
    const client = world.client();
    await assert.rejects(client.capping.create({ ...capping(), url: 'https://*.example.org/x' }), (error: unknown) => {
      assert.ok(error instanceof JourneyValidationError);
      assert.equal(error.issues[0].code, 'ERR_ENDPOINTCONFIG_102');
      assert.match(error.message, /url .* name the host exactly/);
      return true;
    });
    await assert.rejects(client.throttling.create(throttling(100)), /ERR_THROTTLING_CONFIG_101: maxThroughput is 100/);
    assert.equal(world.emulator.count('POST /journey'), 0);
  });

  it('works on the legacy base path too', async (t) => {
    const world = await startJourneyWorld(t);
    const legacy = world.client('prod', '/authoring');
    const { config } = await legacy.capping.create(capping());
    assert.deepEqual((await world.client().capping.list()).map((c) => c.uid), [config.uid]);
  });
});

describe('JourneyClient: throttling configs', () => {
  it('creates in production, deploys (version), updates a deployed config at once, undeploys and deletes', async (t) => {
    const world = await startJourneyWorld(t);
    const client = world.client();
    const { config } = await client.throttling.create(throttling());
    assert.equal(config._id, `${config.uid}_${config.sandboxId}`);
    assert.equal(config.orgId, world.orgId);
    assert.equal((await client.throttling.canDeploy(config.uid)).validationStatus, 'ok');
    await client.throttling.deploy(config.uid);
    const deployed = await client.throttling.get(config.uid);
    assert.equal(deployed.state, 'deployed');
    assert.equal(deployed.version, 1);
    assert.equal((await refused(client.throttling.deploy(config.uid))).apiCode, '14466');

    const updated = await client.throttling.update(config.uid, { ...deployed, maxThroughput: 1500 });
    assert.equal(updated.config.state, 'deployed');
    assert.equal(updated.config.maxThroughput, 1500);

    const notForced = await refused(client.throttling.delete(config.uid));
    assert.equal(notForced.apiCode, '1456');
    assert.match(notForced.message, /undeploy it first/);
    await client.throttling.undeploy(config.uid);
    assert.equal((await client.throttling.get(config.uid)).state, 'updated');
    const notDeployed = await refused(client.throttling.undeploy(config.uid));
    assert.equal(notDeployed.apiCode, '14468');
    assert.match(notDeployed.message, /deploy it first/);
    await client.throttling.delete(config.uid);
    const gone = await refused(client.throttling.get(config.uid));
    assert.equal(gone.status, 404);
    assert.equal(gone.apiCode, '14467');
  });

  it('allows one config per org (1465), production sandboxes only (1463), and answers 4000 for an unknown sandbox', async (t) => {
    const world = await startJourneyWorld(t);
    const { config } = await world.client().throttling.create(throttling());
    const second = await refused(world.client().throttling.create(throttling(300)));
    assert.equal(second.status, 400);
    assert.equal(second.apiCode, '1465');
    assert.match(second.message, /update the existing config/);
    // Global to the org: visible from the dev sandbox, but not changed there.
    assert.deepEqual((await world.client('dev').throttling.list()).map((c) => c.uid), [config.uid]);
    const dev = await refused(world.client('dev').throttling.update(config.uid, throttling(300)));
    assert.equal(dev.apiCode, '1463');
    assert.match(dev.message, /production sandbox/);
    const unknown = await refused(world.client('nosuch').throttling.list());
    assert.equal(unknown.status, 500);
    assert.equal(unknown.apiCode, '4000');
    assert.match(unknown.message, /check the sandbox name/);
    assert.equal((await refused(world.client('nosuch').capping.list())).apiCode, '4000');
    await assert.rejects(world.client().throttling.createChecked(throttling(), { existing: [config] }), /1465: The org already has a throttling config/);
  });

  it('turns the other documented codes into messages that say what to do', async (t) => {
    const world = await startJourneyWorld(t);
    const client = world.client();
    const { config } = await client.throttling.create(throttling());
    const item = `/journey/orchestration/throttlingConfigs/${config.uid}`;
    const cases: Array<[number, string, () => Promise<unknown>, RegExp]> = [
      [1457, `DELETE ${item}`, () => client.throttling.delete(config.uid), /could not delete/],
      [1458, `POST ${item}/deploy`, () => client.throttling.deploy(config.uid), /run canDeploy/],
      [1459, `POST ${item}/undeploy`, () => client.throttling.undeploy(config.uid), /could not undeploy/],
      [1460, `GET ${item}`, () => client.throttling.get(config.uid), /could not read/],
      [1461, `PUT ${item}`, () => client.throttling.update(config.uid, throttling()), /runtime version is not active/],
      [1462, `PUT ${item}`, () => client.throttling.update(config.uid, throttling()), /could not update/],
      [1464, 'POST /journey/orchestration/throttlingConfigs', () => client.throttling.create(throttling()), /could not create/],
    ];
    for (const [code, match, call, advice] of cases) {
      world.emulator.inject({ match, kind: 'status', status: 500, body: { status: 500, error: JSON.stringify({ code, family: 'INTERNAL_ERROR', message: `failure ${code}` }), requestId: 'req-1' } });
      const error = await refused(call());
      assert.equal(error.apiCode, String(code));
      assert.match(error.message, advice);
      assert.match(error.message, /\[request req-1\]/);
    }
  });
});

describe('JourneyClient: authentication and requests', () => {
  it('the emulator answers 401 without a valid token and 403 when the org header is not the token\'s', async (t) => {
    const world = await startJourneyWorld(t);
    const url = `${world.emulator.url}/journey/orchestration/list/endpointConfigs`;
    const base = { 'x-api-key': world.clientId, 'x-gw-ims-org-id': world.orgId, 'x-sandbox-name': 'prod' };
    assert.equal((await fetch(url, { method: 'POST', headers: base, body: '{}' })).status, 401);
    assert.equal((await fetch(url, { method: 'POST', headers: { ...base, authorization: 'Bearer a.b.c' }, body: '{}' })).status, 401);
    const token = await world.token();
    const wrongOrg = await fetch(url, { method: 'POST', headers: { ...base, authorization: `Bearer ${token}`, 'x-gw-ims-org-id': 'OTHER@AdobeOrg' }, body: '{}' });
    assert.equal(wrongOrg.status, 403);
    assert.equal((await fetch(url, { method: 'POST', headers: { ...base, authorization: `Bearer ${token}` }, body: '{}' })).status, 200);

    const noAuth = new HttpRunner({ env: {} });
    t.after(() => noAuth.destroy());
    const client = new JourneyClient({ transport: noAuth, sandbox: 'prod', baseUrl: `${world.emulator.url}/journey/orchestration` });
    const error = await refused(client.capping.list());
    assert.equal(error.status, 401);
    assert.equal(error.apiCode, '401013');
    assert.match(error.message, /access token was refused/);
  });

  it('sends the sandbox, JSON content type and orgId, and only the fields a user may send', async () => {
    const sent: ResolvedRequest[] = [];
    const transport = {
      async send(request: ResolvedRequest): Promise<RequestResult> {
        sent.push(request);
        const body = new TextEncoder().encode(JSON.stringify({ updatedElement: { uid: 'u1' }, resStatus: 'updated' }));
        return { request: { method: request.method, url: request.url, headers: request.headers }, response: { status: 200, statusText: 'OK', headers: [], body, url: request.url, timings: { firstByteMs: 1, totalMs: 1 } } };
      },
    };
    const client = new JourneyClient({ transport, sandbox: 'dev', orgId: 'ORG@AdobeOrg' });
    const fetched = { ...capping(), uid: 'u1', state: 'deployed' as const, deployedConfig: capping(), metadata: { createdAt: 'x' } };
    await client.capping.update('u1', fetched);
    const request = sent[0];
    assert.equal(request.method, 'PUT');
    assert.equal(request.url, 'https://platform.adobe.io/journey/orchestration/endpointConfigs/u1');
    const headers = Object.fromEntries(request.headers.map(([n, v]) => [n.toLowerCase(), v]));
    assert.equal(headers['x-sandbox-name'], 'dev');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(request.options.sandbox, 'dev');
    assert.deepEqual(JSON.parse(String(request.body)), { ...capping(), orgId: 'ORG@AdobeOrg' });
    await client.capping.delete('u/2', { force: true });
    assert.equal(sent[1].url, 'https://platform.adobe.io/journey/orchestration/endpointConfigs/u%2F2?forceDelete=true');
    const legacy = new JourneyClient({ transport, sandbox: 'prod', baseUrl: 'https://journey.adobe.io/authoring/' });
    await legacy.throttling.list();
    assert.equal(sent[2].url, 'https://journey.adobe.io/authoring/list/throttlingConfigs');
    assert.equal(sent[2].method, 'POST');
    assert.equal(sent[2].body, '{}');
  });
});
