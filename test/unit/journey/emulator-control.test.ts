// The emulator's Journey control routes: sandboxes, seeding (per org and sandbox) and reset.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { startJourneyWorld } from '../../support/journey-world';

it('lists sandboxes, seeds per org and sandbox, and resets with the emulator', async (t) => {
  const world = await startJourneyWorld(t);
  const control = (path: string, body?: unknown) =>
    fetch(`${world.emulator.url}/__control/journey/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const sandboxes = (await (await control('sandboxes')).json()) as { sandboxes: Array<{ name: string; type: string; id: string }> };
  assert.deepEqual(sandboxes.sandboxes.map((s) => [s.name, s.type]), [['prod', 'production'], ['dev', 'development']]);
  assert.equal((await control('sandboxes', { name: 'prod-eu', type: 'production' })).status, 200);

  const seeded = await control('seed', {
    orgId: world.orgId,
    sandbox: 'dev',
    capping: [{ url: 'https://api.example.org/*', methods: ['GET'], services: { action: { rating: { maxCallsCount: 5, periodInMs: 1000 } } }, state: 'deployed' }],
  });
  const { capping } = (await seeded.json()) as { capping: Array<{ uid: string; deployedConfig: { services: { action: { maxHttpConnections: number } } } }> };
  assert.equal(capping[0].deployedConfig.services.action.maxHttpConnections, -1);
  assert.deepEqual((await world.client('dev').capping.list()).map((c) => c.uid), [capping[0].uid]);
  assert.deepEqual(await world.client('prod').capping.list(), [], 'capping configs are per sandbox');
  assert.deepEqual(await world.client('prod-eu').throttling.list(), []);

  // Another org sees none of them.
  await control('seed', { orgId: 'OTHER@AdobeOrg', sandbox: 'dev', capping: [{ url: 'https://x.example/', methods: ['GET'], services: {} }] });
  assert.equal((await world.client('dev').capping.list()).length, 1);

  assert.equal((await control('reset', {})).status, 200);
  assert.deepEqual(await world.client('dev').capping.list(), []);
  await world.client('dev').capping.create({ url: 'https://api.example.org/*', methods: ['GET'], services: { dataSource: { maxHttpConnections: 5, rating: { maxCallsCount: 5, periodInMs: 1000 } } } });
  world.emulator.reset();
  const after = (await (await control('sandboxes')).json()) as { sandboxes: unknown[] };
  assert.equal(after.sandboxes.length, 2, 'the emulator-wide reset clears Journey state too');
});
