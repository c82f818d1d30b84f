import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forgetJourneyLimits, journeyLimitsLoader, type JourneyLimitsOptions } from '../../../src/core/traffic/journey-limits';
import type { JourneyClient } from '../../../src/core/journey/client';
import type { RequestAuthenticator } from '../../../src/core/ims/types';

function fakeJourney(answer: { capping?: Error | unknown[]; throttling?: Error | unknown[] }) {
  const calls = { capping: 0, throttling: 0, closed: 0 };
  const list = (kind: 'capping' | 'throttling') => async () => {
    calls[kind]++;
    const value = answer[kind] ?? [];
    if (value instanceof Error) throw value;
    return value;
  };
  const open: JourneyLimitsOptions['open'] = () => ({
    client: { capping: { list: list('capping') }, throttling: { list: list('throttling') } } as unknown as JourneyClient,
    close: async () => void calls.closed++,
  });
  return { calls, open };
}

const base = (open: JourneyLimitsOptions['open'], warnings: string[], sandbox = 'prod'): JourneyLimitsOptions => ({
  authenticator: {} as RequestAuthenticator, sandbox, env: {}, credentialKey: 'client@org', open, onWarning: (l) => warnings.push(l),
});

test('the deployed configs are read only when asked, once per credential + sandbox for the process', async () => {
  forgetJourneyLimits();
  const { calls, open } = fakeJourney({ capping: [{ uid: 'c' }] });
  const warnings: string[] = [];
  const first = journeyLimitsLoader(base(open, warnings));
  assert.equal(calls.capping, 0);
  const [a, b] = await Promise.all([first(), first()]);
  assert.equal(a, b);
  assert.equal(a.status, 'loaded');
  // Another run of the same process, same credential and sandbox: nothing is read again.
  await journeyLimitsLoader(base(open, warnings))();
  assert.deepEqual(calls, { capping: 1, throttling: 1, closed: 1 });
  // Another sandbox is its own.
  await journeyLimitsLoader(base(open, warnings, 'dev'))();
  assert.equal(calls.capping, 2);
  assert.deepEqual(warnings, []);
});

test('a failure is one warning naming the cause; throttling refused alone keeps the capping configs', async () => {
  forgetJourneyLimits();
  const offline = fakeJourney({ capping: new Error('Could not resolve platform.adobe.io'), throttling: new Error('Could not resolve platform.adobe.io') });
  const warnings: string[] = [];
  const load = journeyLimitsLoader(base(offline.open, warnings));
  const out = await load();
  await load();
  assert.equal(out.status, 'unavailable');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^Journey limits not applied: could not read .* sandbox prod at https:\/\/platform\.adobe\.io\/journey\/orchestration \(capping configs: Could not resolve platform\.adobe\.io; throttling configs: .*\); the run goes on without them/);

  const partial = fakeJourney({ capping: [{ uid: 'c' }], throttling: new Error('403: the sandbox is not a production sandbox') });
  const more: string[] = [];
  const got = await journeyLimitsLoader({ ...base(partial.open, more), credentialKey: 'other' })();
  assert.equal(got.status, 'loaded');
  assert.equal(got.status === 'loaded' && got.configs.capping.length, 1);
  assert.equal(more.length, 1);
  assert.match(more[0]!, /could not read the throttling configs: 403/);
});
