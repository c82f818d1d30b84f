import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Profile } from '../../../src/core/credentials/profile';
import { resolveProfile } from '../../../src/core/credentials/profile-resolver';
import { MemoryProfileRepository } from '../../../src/core/credentials/profile-service';
import { isAioError } from '../../../src/core/errors';
import { sampleJwtDraft } from '../../support/sample-profile';

const profile = (id: string, name: string): Profile => ({ ...sampleJwtDraft({ name }), id });

async function repo(active?: string): Promise<MemoryProfileRepository> {
  const r = new MemoryProfileRepository([profile('p1', 'Ops'), profile('p2', 'Stage'), profile('p3', 'Lab')]);
  await r.setActiveId(active);
  return r;
}

test('one order for every adapter: explicit choice, then the file directive, then the active profile', async () => {
  const r = await repo('p3');
  assert.equal((await resolveProfile(r, { explicit: { id: 'p1' }, directive: 'Stage' })).name, 'Ops');
  assert.equal((await resolveProfile(r, { explicit: { name: 'ops' }, directive: 'Stage' })).name, 'Ops');
  assert.equal((await resolveProfile(r, { directive: 'stage' })).name, 'Stage');
  assert.equal((await resolveProfile(r, {})).name, 'Lab');
  assert.equal((await resolveProfile(r, { directive: '' })).name, 'Lab', 'an empty directive means none');
});

test('a chosen profile that is gone, and an unknown name, say so with typed codes', async () => {
  const r = await repo('p3');
  await assert.rejects(resolveProfile(r, { explicit: { id: 'gone' } }), (e) => isAioError(e, 'profile-not-found') && /no longer exists/.test(e.message));
  await assert.rejects(resolveProfile(r, { directive: 'Prod' }), (e) => isAioError(e, 'profile-not-found') && /"Ops", "Stage", "Lab"/.test(e.message));
});

test('with several profiles and none active (or the active one skipped), the caller must choose: no-active-profile', async () => {
  await assert.rejects(resolveProfile(await repo(), {}), (e) => isAioError(e, 'no-active-profile'));
  await assert.rejects(resolveProfile(await repo('p1'), { useActive: false }), (e) => isAioError(e, 'no-active-profile'));
});

test('the only profile is used without asking; no profile at all says how to import one', async () => {
  const one = new MemoryProfileRepository([profile('p1', 'Ops')]);
  assert.equal((await resolveProfile(one, { useActive: false })).name, 'Ops');
  await assert.rejects(resolveProfile(new MemoryProfileRepository(), {}), (e) => isAioError(e, 'no-profile') && /Import Credentials/.test(e.message));
});
