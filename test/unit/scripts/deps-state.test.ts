// `npm test` / `npm run demo` install dependencies only when node_modules does not hold the locked ones, judged on
// content: a copied node_modules with old timestamps is kept, a missing or different package is reinstalled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleDeps } from '../../../scripts/deps-state.mjs';

function project(locked: Record<string, object>, installed: Record<string, object> | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'aio-deps-'));
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'p' }, ...locked } }));
  if (installed) {
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: installed }));
  }
  return root;
}

const undici = { 'node_modules/undici': { version: '7.30.2' } };
const fsevents = { 'node_modules/fsevents': { version: '2.3.3', optional: true } };

test('node_modules that holds the locked packages is current, even with timestamps older than the lock', () => {
  const root = project({ ...undici, ...fsevents }, undici);
  try {
    const old = new Date('2020-01-01');
    utimesSync(join(root, 'node_modules', '.package-lock.json'), old, old);
    assert.equal(staleDeps(root), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a missing node_modules, a missing package or another version is stale, saying which', () => {
  const cases: Array<[Record<string, object> | undefined, RegExp]> = [
    [undefined, /node_modules is missing/],
    [{}, /^undici 7\.30\.2 is not installed$/],
    [{ 'node_modules/undici': { version: '7.1.0' } }, /^undici is 7\.1\.0, the lock says 7\.30\.2$/],
  ];
  for (const [installed, expected] of cases) {
    const root = project(undici, installed);
    try {
      assert.match(staleDeps(root) ?? 'current', expected);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});
