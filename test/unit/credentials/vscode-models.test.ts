import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { detailRows, profileRow } from '../../../src/vscode/profiles/profile-rows';
import { GlobalStateProfileRepository } from '../../../src/vscode/credentials/storage';
import { parsePreImport } from '../../../src/vscode/credentials/pre-import-spec';
import type { Profile } from '../../../src/core/credentials/profile';
import { sampleJwtDraft } from '../../support/sample-profile';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const clock = { now: () => NOW };

function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    id: 'p1',
    ...sampleJwtDraft(),
    certificate: { subject: 'CN=x', validFrom: '2025-06-01T00:00:00.000Z', validTo: '2027-06-01T00:00:00.000Z', fingerprint256: 'AB:CD' },
    ...overrides,
  };
}

test('profile row: name, kind and org; capability tokens for menus', () => {
  const row = profileRow(profile(), { active: true, missingSecrets: [] });
  assert.equal(row.label, 'Journey Ops');
  assert.equal(row.description, 'JWT · 0A1B2C3D4E5F60718293A4B5@AdobeOrg · active');
  assert.match(row.contextValue!, /^aioProfile;jwt;active;.*replaceKey;/);
  const s2s = profileRow(profile({ kind: 'oauth-s2s', scopes: ['openid'] }), { active: false, missingSecrets: [] });
  assert.match(s2s.contextValue!, /^aioProfile;oauth-s2s;inactive;/);
  assert.ok(!s2s.contextValue!.includes('replaceKey'));
});

test('profile row with its private key gone says "private key missing — re-import"', () => {
  const row = profileRow(profile(), { active: true, missingSecrets: ['privateKey'] });
  assert.equal(row.description, 'private key missing — re-import');
  assert.match(row.contextValue!, /missingSecret;/);
  assert.equal(row.command?.id, 'aioRequests.importCredentials');
  const cert = detailRows(profile(), { active: true, missingSecrets: ['privateKey'] }, clock).find((r) => r.label === 'Certificate')!;
  assert.match(cert.description!, /private key missing — re-import/);
});

test('detail rows: client id, technical account, metascopes or scopes, environment, sandbox, certificate', () => {
  const rows = detailRows(profile(), { active: true, missingSecrets: [] }, clock);
  assert.deepEqual(
    rows.map((r) => [r.label, r.description]),
    [
      ['Client ID', 'a64f5f10849a410a97ffdac8ae1c0d2e'],
      ['Technical account', '6657031C5C095BB40A495C83@techacct.adobe.com'],
      ['Metascopes', 'ent_dataservices_sdk'],
      ['Environment', 'prod (https://ims-na1.adobelogin.com)'],
      ['Sandbox', 'prod'],
      ['Certificate', 'valid until 2027-06-01'],
    ],
  );
  const s2s = detailRows(profile({ kind: 'oauth-s2s', scopes: ['openid', 'AdobeID'], certificate: undefined }), { active: false, missingSecrets: [] }, clock);
  assert.deepEqual(s2s.map((r) => r.label), ['Client ID', 'Technical account', 'Scopes', 'Environment', 'Sandbox']);
});

test('certificate row: warning icon under 30 days, error once expired', () => {
  const soon = profile({ certificate: { ...profile().certificate!, validTo: '2026-06-20T00:00:00.000Z' } });
  const row = detailRows(soon, { active: true, missingSecrets: [] }, clock).find((r) => r.label === 'Certificate')!;
  assert.equal(row.description, 'expires 2026-06-20 (in 19 days)');
  assert.equal(row.icon?.id, 'warning');
  const gone = profile({ certificate: { ...profile().certificate!, validTo: '2026-05-01T00:00:00.000Z' } });
  const expired = detailRows(gone, { active: true, missingSecrets: [] }, clock).find((r) => r.label === 'Certificate')!;
  assert.equal(expired.description, 'expired on 2026-05-01');
  assert.equal(expired.icon?.id, 'error');
});

test('globalState repository keeps profiles and the active id, never anything but what it is given', async () => {
  const store = new Map<string, unknown>();
  const memento = { get: (k: string) => store.get(k), update: async (k: string, v: unknown) => void store.set(k, v), keys: () => [...store.keys()] };
  const repo = new GlobalStateProfileRepository(memento as unknown as vscode.Memento);
  await repo.save(profile());
  await repo.save(profile({ id: 'p2', name: 'Second' }));
  await repo.setActiveId('p2');
  assert.equal((await repo.findByName('second'))?.id, 'p2');
  await repo.save(profile({ id: 'p2', name: 'Renamed' }));
  assert.deepEqual((await repo.list()).map((p) => p.name), ['Journey Ops', 'Renamed']);
  await repo.remove('p2');
  assert.equal(await repo.getActiveId(), undefined);
  store.set('aioRequests.profiles', 'garbage');
  assert.deepEqual(await repo.list(), []);
});

test('AIO_REQUESTS_PREIMPORT: JSON with files, optional name, IMS host and sandbox', () => {
  assert.equal(parsePreImport(undefined), undefined);
  assert.equal(parsePreImport('not json'), undefined);
  assert.equal(parsePreImport('{"files": []}'), undefined);
  assert.deepEqual(parsePreImport('{"files": ["/a/config.zip", "/a/ws.json"], "imsHost": "http://127.0.0.1:9000/", "name": "Demo"}'), {
    files: ['/a/config.zip', '/a/ws.json'],
    imsHost: 'http://127.0.0.1:9000',
    name: 'Demo',
  });
});
