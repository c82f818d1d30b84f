// Proves the import rules of eslint.config.mjs (eslint/no-import-cycle.mjs) fire: a cycle anywhere in src, the CLI
// and the VS Code adapter importing each other, and one feature folder importing another's files are lint errors.
import * as assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { ESLint } from 'eslint';

const CONFIG = resolve(import.meta.dirname, '../../../eslint.config.mjs');
let root: string;

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', strict: true }, include: ['src'] }),
  'src/cli/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
  'src/cli/b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
  'src/cli/uses-editor.ts': "import { shown } from '../vscode/feature/show';\nexport const again = shown;\n",
  'src/vscode/feature/show.ts': 'export const shown = 1;\n',
  'src/vscode/feature/uses-cli.ts': "import { ran } from '../../cli/ran';\nexport const again = ran;\n",
  'src/cli/ran.ts': 'export const ran = 1;\n',
  'src/vscode/tokens/sideways.ts': "import { row } from '../profiles/row';\nexport const again = row;\n",
  'src/vscode/profiles/row.ts': "import { shared } from '../shared/thing';\nexport const row = shared;\n",
  'src/vscode/shared/thing.ts': 'export const shared = 1;\n',
  'src/core/plain.ts': "import { ran } from '../core/other';\nexport const plain = ran;\n",
  'src/core/other.ts': 'export const ran = 2;\n',
};

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'aio-lint-'));
  for (const [name, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), text);
  }
});
after(async () => rm(root, { recursive: true, force: true }));

async function ruleIds(file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: CONFIG });
  const [result] = await eslint.lintFiles([join(root, file)]);
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

test('an import cycle in src is a lint error, even between type-only imports', async () => {
  assert.ok((await ruleIds('src/cli/a.ts')).includes('local/no-import-cycle'));
});

test('src/cli importing src/vscode is a lint error', async () => {
  assert.ok((await ruleIds('src/cli/uses-editor.ts')).includes('no-restricted-imports'));
});

test('src/vscode importing src/cli is a lint error', async () => {
  assert.ok((await ruleIds('src/vscode/feature/uses-cli.ts')).includes('no-restricted-imports'));
});

test("a feature folder importing another feature's file is a lint error; importing src/vscode/shared is not", async () => {
  assert.ok((await ruleIds('src/vscode/tokens/sideways.ts')).includes('no-restricted-imports'));
  assert.deepEqual(await ruleIds('src/vscode/profiles/row.ts'), []);
});

test('an acyclic import inside the core passes', async () => {
  assert.deepEqual(await ruleIds('src/core/plain.ts'), []);
});
