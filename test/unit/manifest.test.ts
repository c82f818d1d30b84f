import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { COMMAND_IDS } from '../../src/vscode/command-ids';
import { SETTING_KEYS, SETTINGS_SECTION } from '../../src/vscode/setting-keys';

// The manifest and the code must agree: a command contributed but never registered fails when clicked,
// one registered but not contributed has no title, a setting read but not declared is invisible.

interface SettingSchema {
  scope?: string;
}

interface Manifest {
  activationEvents?: string[];
  capabilities?: {
    untrustedWorkspaces?: { supported?: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
  };
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    menus?: Record<string, { command?: string; submenu?: string; when?: string }[]>;
    configuration?: { properties: Record<string, SettingSchema> } | { properties: Record<string, SettingSchema> }[];
    views?: Record<string, { id: string }[]>;
    viewsContainers?: Record<string, { id: string }[]>;
    viewsWelcome?: { view: string; contents: string }[];
    languages?: { id: string; extensions?: string[] }[];
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

function settingSchemas(): Record<string, SettingSchema> {
  const configuration = manifest.contributes.configuration;
  const sections = configuration === undefined ? [] : Array.isArray(configuration) ? configuration : [configuration];
  return Object.assign({}, ...sections.map((s) => s.properties)) as Record<string, SettingSchema>;
}

function declaredSettings(): string[] {
  return Object.keys(settingSchemas());
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

test('a .http file, or a folder holding one, activates the extension (its status bar item shows)', () => {
  const events = manifest.activationEvents ?? [];
  const http = manifest.contributes.languages?.find((l) => l.extensions?.includes('.http'));
  assert.ok(http, 'no language claims .http files');
  assert.ok(events.includes(`onLanguage:${http.id}`), `activationEvents lacks onLanguage:${http.id}`);
  assert.ok(events.includes('workspaceContains:**/*.http'), 'activationEvents lacks workspaceContains:**/*.http');
});

// Settings that steer where credentials go or whether TLS is checked: a cloned repository must not set them.
const SECURITY_SETTINGS = ['aioRequests.authHosts', 'aioRequests.insecureTlsHosts', 'aioRequests.allowedFileRoots'];

test('untrusted workspaces: limited support, with a description saying what is off', () => {
  const untrusted = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited');
  assert.ok((untrusted?.description ?? '').trim().length > 20, 'untrustedWorkspaces.description is missing or empty');
});

test('every security-relevant setting is declared, restricted in untrusted workspaces and user-level only', () => {
  const restricted = new Set(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  const schemas = settingSchemas();
  for (const key of SECURITY_SETTINGS) {
    assert.ok(schemas[key], `${key} is not declared`);
    assert.ok(restricted.has(key), `${key} is not in capabilities.untrustedWorkspaces.restrictedConfigurations`);
    assert.equal(schemas[key].scope, 'application', `${key} must have scope "application" (user settings only)`);
  }
});

test('every restricted configuration is a declared setting', () => {
  const declared = new Set(declaredSettings());
  assert.deepEqual(difference(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [], declared), []);
});

// ── Settings read anywhere in src/: string literals `aioRequests.<x>` and getConfiguration('aioRequests') reads ──

const SRC = join(__dirname, '../../src');

/** `aioRequests.*` strings that are not settings, with what they are instead. */
const NOT_SETTINGS: Record<string, string> = {
  'aioRequests.activeProfileId': 'globalState key of the active profile',
  'aioRequests.profile': 'id of the status bar item',
  'aioRequests.response': 'viewType of the response webview panel',
  'aioRequests.tests': 'id of the Testing view\'s test controller',
  'aioRequests.environment': 'workspaceState key of the chosen environment (Send Request\'s picker, the Testing view)',
  'aioRequests.simulation': 'view type of the traffic simulation webview panel',
  'aioRequests.sending': 'id of the status bar item shown while a request is sent',
  'aioRequests.requestEnvironment': 'id of the request environment status bar item',
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every `aioRequests.<x>` string literal (comments are not looked at) and every `<config>.get('<x>')` of our section. */
function settingLikeStrings(file: string, text = readFileSync(file, 'utf8')): { key: string; where: string }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { key: string; where: string }[] = [];
  const where = (node: ts.Node) => `${relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const isOurSection = (node: ts.Node | undefined) =>
    !!node && ((ts.isStringLiteralLike(node) && node.text === SETTINGS_SECTION) || (ts.isIdentifier(node) && node.text === 'SETTINGS_SECTION'));
  const isGetConfiguration = (node: ts.Node): node is ts.CallExpression =>
    ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'getConfiguration';
  // Variables holding `getConfiguration('aioRequests')`.
  const configVars = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isGetConfiguration(node.initializer) && isOurSection(node.initializer.arguments[0])) {
      configVars.add(node.name.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(source);
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) && node.text.startsWith(`${SETTINGS_SECTION}.`)) {
      found.push({ key: node.text, where: where(node) });
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['get', 'inspect', 'update', 'has'].includes(node.expression.name.text)) {
      const target = node.expression.expression;
      const ours = (ts.isIdentifier(target) && configVars.has(target.text)) || (isGetConfiguration(target) && isOurSection(target.arguments[0]));
      const arg = node.arguments[0];
      if (ours && arg && ts.isStringLiteralLike(arg)) found.push({ key: `${SETTINGS_SECTION}.${arg.text}`, where: where(arg) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('every setting read in src/ is declared (command, view and container ids, the secret-key prefix aside)', () => {
  const declared = new Set(declaredSettings());
  const notSettings = new Set([
    ...declaredCommands,
    ...Object.values(manifest.contributes.views ?? {}).flatMap((list) => list.map((v) => v.id)),
    ...Object.values(manifest.contributes.viewsContainers ?? {}).flatMap((list) => list.map((v) => v.id)),
    ...Object.keys(NOT_SETTINGS),
  ]);
  const files = sourceFiles(SRC);
  assert.ok(files.length > 10, 'src/ was scanned');
  const undeclared = files
    .flatMap((file) => settingLikeStrings(file))
    // `aioRequests.profile.<id>.<kind>`: SecretStorage keys (secretKey() in src/core/credentials/profile.ts).
    .filter(({ key }) => !key.startsWith(`${SETTINGS_SECTION}.profile.`))
    // A template head like `aioRequests.` followed by a variable is a key built from SETTING_KEYS, checked above.
    .filter(({ key }) => key !== `${SETTINGS_SECTION}.`)
    .filter(({ key }) => !notSettings.has(key) && !declared.has(key));
  assert.deepEqual(undeclared.map(({ key, where }) => `${key} (${where})`), []);
});

test('the setting scanner finds literals and getConfiguration reads (self-check on a sample)', () => {
  const text = [
    "const c = vscode.workspace.getConfiguration('aioRequests');",
    "c.get<string[]>('fooHosts');",
    "vscode.workspace.getConfiguration(SETTINGS_SECTION).get('bazMode');",
    "const k = 'aioRequests.barTimeout';",
    "new Map().get('notASetting');",
    "// 'aioRequests.inComment'",
  ].join('\n');
  const keys = settingLikeStrings(join(SRC, 'sample.ts'), text).map((f) => f.key).sort();
  assert.deepEqual(keys, ['aioRequests.barTimeout', 'aioRequests.bazMode', 'aioRequests.fooHosts']);
});
