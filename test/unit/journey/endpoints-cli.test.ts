// `aio-requests endpoints`: listing (text and --json), export, plan and apply against the emulator.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/commands';
import { startJourneyWorld, type JourneyWorld } from '../../support/journey-world';

function fakeIo(cwd: string): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t), env: {}, cwd };
  return io;
}

async function cli(world: JourneyWorld, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = fakeIo(world.dir);
  const base = ['--workspace', 'ws.json', '--credential', 'OAuth S2S', '--ims', world.emulator.url, '--auth-host', new URL(world.emulator.url).host, '--journey-url', `${world.emulator.url}/journey/orchestration`];
  const code = await main(['endpoints', ...args, ...base], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

async function seed(world: JourneyWorld, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${world.emulator.url}/__control/journey/seed`, { method: 'POST', body: JSON.stringify({ orgId: world.orgId, ...body }) });
  assert.equal(res.status, 200);
}

const partner = (calls: number) => ({ url: 'https://api.partner.example/v1/*', methods: ['GET'], services: { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: calls, periodInMs: 1000 } } } });

describe('aio-requests endpoints', () => {
  it('prints the configs grouped per endpoint, and --json in the documented shape', async (t) => {
    const world = await startJourneyWorld(t);
    await seed(world, {
      capping: [{ ...partner(1500), uid: 'cap-1', state: 'updated', deployedConfig: { ...partner(500), services: { dataSource: { maxHttpConnections: -1, rating: { maxCallsCount: 500, periodInMs: 1000 } } } } }],
      throttling: [{ uid: 'thr-1', name: 'partner', urlPattern: 'https://API.partner.example:443/v1/*', methods: ['POST'], maxThroughput: 4000, state: 'deployed' }],
    });
    const text = await cli(world);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^https:\/\/api\.partner\.example\/v1\/\* {2}\(1 capping · 1 throttling\)$/m);
    assert.match(text.stdout, /Capping · data source · 500 calls \/ 1 s · no connection limit · deployed · edit pending {2}— GET · live 500\/s → pending 1,500\/s/);
    assert.match(text.stdout, /Throttling · 4,000 calls\/s · deployed \(all sandboxes\)/);

    const json = await cli(world, '--json');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), [
      {
        endpoint: 'https://api.partner.example/v1/*',
        capping: [{ uid: 'cap-1', service: 'dataSource', methods: ['GET'], maxCallsCount: 1500, periodInMs: 1000, maxHttpConnections: 50, state: 'updated', deployed: { maxCallsCount: 500, periodInMs: 1000, maxHttpConnections: null } }],
        throttling: [{ uid: 'thr-1', name: 'partner', methods: ['POST'], maxThroughput: 4000, state: 'deployed' }],
      },
    ]);
  });

  it('export → plan is empty; edits show in plan (exit 2); apply --deploy; plan again is empty', async (t) => {
    const world = await startJourneyWorld(t);
    await seed(world, { capping: [{ ...partner(500), uid: 'cap-1', state: 'deployed' }] });
    const dir = join(world.dir, 'configs');
    assert.equal((await cli(world, 'export', 'configs')).code, 0);
    const files = await readdir(dir);
    assert.deepEqual(files, ['api.partner.example-v1-cap-1.capping.json']);
    const plan0 = await cli(world, 'plan', 'configs', '--deploy');
    assert.equal(plan0.code, 0, plan0.stdout + plan0.stderr);
    assert.match(plan0.stdout, /nothing to do/);

    const file = join(dir, files[0]);
    const edited = JSON.parse(await readFile(file, 'utf8')) as ReturnType<typeof partner>;
    edited.services.dataSource.rating.maxCallsCount = 800;
    await writeFile(file, JSON.stringify(edited));
    await writeFile(join(dir, 'search.capping.json'), JSON.stringify({ ...partner(20), url: 'https://search.partner.example/q' }));
    const plan1 = await cli(world, 'plan', 'configs', '--deploy');
    assert.equal(plan1.code, 2);
    assert.match(plan1.stdout, /~ update capping cap-1 https:\/\/api\.partner\.example\/v1\/\* \(api\.partner\.example-v1-cap-1\.capping\.json\): services\.dataSource\.rating\.maxCallsCount 500 → 800/);
    assert.match(plan1.stdout, /\^ deploy capping cap-1/);
    assert.match(plan1.stdout, /\+ create capping https:\/\/search\.partner\.example\/q \(search\.capping\.json\) and deploy it/);
    assert.doesNotMatch(plan1.stderr, /warning/);

    const apply = await cli(world, 'apply', 'configs', '--deploy');
    assert.equal(apply.code, 0, apply.stderr);
    const live = await world.client().capping.list();
    assert.equal(live.length, 2);
    assert.ok(live.every((c) => c.state === 'deployed'));
    assert.equal(live.find((c) => c.uid === 'cap-1')?.deployedConfig?.services.dataSource?.rating.maxCallsCount, 800);

    const plan2 = await cli(world, 'plan', 'configs', '--deploy');
    assert.equal(plan2.code, 0, plan2.stdout);
    const again = await cli(world, 'apply', 'configs', '--deploy');
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already matches/);
    assert.equal((await world.client().capping.list()).length, 2);
  });

  it('promotes a dev export to prod, and --prune removes what no file describes', async (t) => {
    const world = await startJourneyWorld(t);
    await seed(world, { sandbox: 'dev', capping: [{ ...partner(500), uid: 'dev-1' }] });
    await seed(world, { sandbox: 'prod', capping: [{ ...partner(5), url: 'https://old.partner.example/', uid: 'old-1', state: 'deployed' }] });
    assert.equal((await cli(world, 'export', 'dev', '--sandbox', 'dev')).code, 0);
    const plan = await cli(world, 'plan', 'dev', '--sandbox', 'prod', '--deploy', '--prune');
    assert.equal(plan.code, 2);
    assert.deepEqual(plan.stdout.trim().split('\n'), [
      '+ create capping https://api.partner.example/v1/* (api.partner.example-v1-dev-1.capping.json) and deploy it',
      'v undeploy capping old-1 https://old.partner.example',
      '- delete capping old-1 https://old.partner.example',
      '3 changes for sandbox prod.',
    ]);
    assert.equal((await cli(world, 'apply', 'dev', '--sandbox', 'prod', '--deploy', '--prune')).code, 0);
    const prod = await world.client('prod').capping.list();
    assert.deepEqual(prod.map((c) => [c.url, c.state]), [['https://api.partner.example/v1/*', 'deployed']]);
    assert.equal((await cli(world, 'plan', 'dev', '--sandbox', 'prod', '--deploy', '--prune')).code, 0, 'idempotent');
  });

  it('refuses invalid files before any call, and stops apply at the first refused step with the API\'s message', async (t) => {
    const world = await startJourneyWorld(t);
    const dir = join(world.dir, 'bad');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(join(dir, 'a.capping.json'), JSON.stringify({ ...partner(5), url: 'https://*.partner.example/' }));
    await writeFile(join(dir, 'b.throttling.json'), '{"urlPattern": ');
    const refused = await cli(world, 'plan', 'bad');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /a\.capping\.json: ERR_ENDPOINTCONFIG_102: url .* name the host exactly/);
    assert.match(refused.stderr, /b\.throttling\.json: ERR_THROTTLING_CONFIG_106: The config is not valid JSON/);
    assert.equal(world.emulator.count('POST /journey'), 0);
    assert.equal(world.emulator.count('POST /ims'), 0, 'no token minted for a broken folder');

    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(join(dir, 't.throttling.json'), JSON.stringify({ name: 't', urlPattern: 'https://api.partner.example/*', methods: ['POST'], maxThroughput: 300 }));
    await writeFile(join(dir, 'u.capping.json'), JSON.stringify({ ...partner(5), services: { action: { rating: { maxCallsCount: 1, periodInMs: 1000 } } } }));
    const stopped = await cli(world, 'apply', 'bad', '--sandbox', 'dev');
    assert.match(stopped.stderr, /warning: u\.capping\.json: ERR_ENDPOINTCONFIG_106: services\.action\.maxHttpConnections is not set/);
    assert.match(stopped.stderr, /warning: u\.capping\.json: ERR_ENDPOINTCONFIG_107: services\.action\.rating\.maxCallsCount is 1/);
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, /stopped after 0 of 2 steps: Create throttling config failed: HTTP 400 1463\. Throttling configs can only be managed in a production sandbox/);
    assert.deepEqual(await world.client('dev').capping.list(), [], 'the step after the refused one was not run');

    const usage = await cli(world, 'frobnicate');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Unknown action 'frobnicate'/);
  });
});
