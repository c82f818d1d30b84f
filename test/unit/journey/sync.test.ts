// Plans for configs as code: matching by uid or endpoint + methods, what needs a deploy, duplicate uids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportFile, planSync, readDesired } from '../../../src/core/journey/sync';
import type { CappingConfig, ThrottlingConfig } from '../../../src/core/journey/types';

const thr = (state: ThrottlingConfig['state'], maxThroughput = 300): ThrottlingConfig => ({ uid: 'thr-1', name: 't', urlPattern: 'https://a.example/*', methods: ['POST'], maxThroughput, state });
const cap = (extra: Partial<CappingConfig> = {}): CappingConfig => ({ uid: 'cap-1', url: 'https://a.example/x', methods: ['GET', 'POST'], services: { action: { rating: { maxCallsCount: 9, periodInMs: 1000 } } }, state: 'created', ...extra });

describe('configs as code', () => {
  it('a deployed throttling config takes updates without a redeploy; an undeployed one gets a deploy step', () => {
    const file = exportFile('throttling', thr('deployed', 400));
    const { desired } = readDesired([file]);
    assert.deepEqual(planSync(desired, { capping: [], throttling: [thr('deployed', 400)] }, { deploy: true }), []);
    const steps = planSync(desired, { capping: [], throttling: [thr('created')] }, { deploy: true });
    assert.deepEqual(steps.map((s) => s.action), ['update', 'deploy']);
  });

  it('matches a file without a known uid by endpoint and methods (any order, any URL spelling)', () => {
    const { desired } = readDesired([{ name: 'x.capping.json', text: JSON.stringify({ uid: 'from-dev', url: 'HTTPS://A.example:443/x/', methods: ['POST', 'GET'], services: cap().services }) }]);
    const steps = planSync(desired, { capping: [cap()], throttling: [] });
    assert.deepEqual(steps.map((s) => [s.action, 'uid' in s ? s.uid : undefined]), [['update', 'cap-1']], 'only the URL text differs');
  });

  it('a deployed config without a connection limit (-1 live, absent in the file) needs nothing', () => {
    const live = cap({ state: 'deployed', deployedConfig: { url: 'https://a.example/x', methods: ['GET', 'POST'], services: { action: { maxHttpConnections: -1, rating: { maxCallsCount: 9, periodInMs: 1000 } } } } });
    const { desired } = readDesired([exportFile('capping', cap())]);
    assert.deepEqual(planSync(desired, { capping: [live], throttling: [] }, { deploy: true }), []);
  });

  it('refuses two files for one uid and files of other kinds are ignored', () => {
    const text = exportFile('capping', cap()).text;
    const { desired, problems } = readDesired([{ name: 'a.capping.json', text }, { name: 'b.capping.json', text }, { name: 'notes.json', text: '{' }]);
    assert.equal(desired.length, 1);
    assert.equal(problems[0].file, 'b.capping.json');
    assert.match(problems[0].issue.message, /uid cap-1 is also in a\.capping\.json/);
  });
});

describe('configs as code: identity', () => {
  it('pairs files with remote configs of the same services when endpoint and methods are shared', () => {
    const dataSource = cap({ uid: 'ds', services: { dataSource: { rating: { maxCallsCount: 5, periodInMs: 1000 } } } });
    const action = cap({ uid: 'ac', services: { action: { rating: { maxCallsCount: 7, periodInMs: 1000 } } } });
    const files = [dataSource, action].map((c) => ({ name: `${c.uid}-copy.capping.json`, text: JSON.stringify({ url: c.url, methods: c.methods, services: c.services }) }));
    const { desired } = readDesired(files);
    assert.deepEqual(planSync(desired, { capping: [dataSource, action], throttling: [] }), [], 'each file finds its twin, no swap');
  });
});
