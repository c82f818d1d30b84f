import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../src/vscode/command-ids';
import { SETTING_KEYS, SETTINGS_SECTION } from '../../src/vscode/setting-keys';

// The manifest and the code must agree: a command contributed but never registered fails when clicked,
// one registered but not contributed has no title, a setting read but not declared is invisible.

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    menus?: Record<string, { command?: string; submenu?: string; when?: string }[]>;
    configuration?: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
    views?: Record<string, { id: string }[]>;
    viewsWelcome?: { view: string; contents: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Manifest;
const contributed = (manifest.contributes.commands ?? []).map((c) => c.command);
const declaredCommands = new Set(contributed);

const difference = (a: Iterable<string>, b: ReadonlySet<string>) => [...a].filter((x) => !b.has(x)).sort();

test('every contributed command is in COMMAND_IDS', () => {
  assert.deepEqual(difference(contributed, new Set(COMMAND_IDS)), []);
});

test('every id in COMMAND_IDS is contributed', () => {
  assert.deepEqual(difference(COMMAND_IDS, declaredCommands), []);
});

test('no command is contributed twice', () => {
  assert.deepEqual(contributed.filter((id, i) => contributed.indexOf(id) !== i), []);
});

test('every contributed command has the "Adobe I/O" category and the aioRequests. prefix', () => {
  const off = (manifest.contributes.commands ?? []).filter((c) => c.category !== 'Adobe I/O' || !c.command.startsWith('aioRequests.'));
  assert.deepEqual(off.map((c) => c.command), []);
});

test('every menu entry names a declared command', () => {
  const unknown: string[] = [];
  for (const [menu, entries] of Object.entries(manifest.contributes.menus ?? {})) {
    for (const entry of entries) {
      if (entry.command && !declaredCommands.has(entry.command)) unknown.push(`${menu}: ${entry.command}`);
    }
  }
  assert.deepEqual(unknown, []);
});

test('every command hidden from the palette is a declared command', () => {
  const hidden = (manifest.contributes.menus?.commandPalette ?? []).filter((e) => e.when !== undefined).map((e) => e.command ?? '');
  assert.deepEqual(difference(hidden, declaredCommands), []);
});

function declaredSettings(): string[] {
  const configuration = manifest.contributes.configuration;
  const sections = configuration === undefined ? [] : Array.isArray(configuration) ? configuration : [configuration];
  return sections.flatMap((s) => Object.keys(s.properties));
}

test('every setting in SETTING_KEYS is declared under contributes.configuration', () => {
  const declared = new Set(declaredSettings());
  assert.deepEqual(difference(SETTING_KEYS.map((k) => `${SETTINGS_SECTION}.${k}`), declared), []);
});

test('every declared aioRequests.* setting is in SETTING_KEYS', () => {
  const read = new Set<string>(SETTING_KEYS.map((k) => `${SETTINGS_SECTION}.${k}`));
  const ours = declaredSettings().filter((k) => k.startsWith(`${SETTINGS_SECTION}.`));
  assert.deepEqual(difference(ours, read), []);
});

test('every view with welcome content is declared', () => {
  const views = new Set(Object.values(manifest.contributes.views ?? {}).flatMap((list) => list.map((v) => v.id)));
  const welcomed = (manifest.contributes.viewsWelcome ?? []).map((w) => w.view);
  assert.deepEqual(difference(welcomed, views), []);
});

test('every command linked from welcome content is declared', () => {
  const linked = (manifest.contributes.viewsWelcome ?? []).flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]));
  assert.deepEqual(difference(linked, declaredCommands), []);
});

test('the extension never activates on "*"', () => {
  assert.ok(!(manifest.activationEvents ?? []).includes('*'), 'activationEvents contains "*"');
  assert.ok(!(manifest.activationEvents ?? []).includes('onStartupFinished'), 'activationEvents contains onStartupFinished');
});
