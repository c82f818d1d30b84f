import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';

const FRAMEWORK = join(__dirname, '../framework/test.ts');
const RUNNER_DIR = join(__dirname, '../runner-extension');

/** Everything that runs inside the extension host: CommonJS for Node, with the host's own `vscode`. */
const HOST_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
};

/**
 * Bundles one suite for the extension host: the suite plus its own copy of the test registry, which the
 * runner reads through the bundle's `registeredTests()`.
 */
export function compileSuite(source: string, outfile: string): void {
  buildSync({
    stdin: {
      contents: `import ${JSON.stringify(source)};\nexport { registeredTests } from ${JSON.stringify(FRAMEWORK)};\n`,
      resolveDir: __dirname,
      sourcefile: `${source}.entry.ts`,
      loader: 'ts',
    },
    outfile,
    ...HOST_BUNDLE,
  });
}

/** Bundles the `extensionTestsPath` module that @vscode/test-electron loads. */
export function compileDesktopEntry(outfile: string): void {
  buildSync({
    entryPoints: [join(__dirname, '../framework/desktop-entry.ts')],
    outfile,
    ...HOST_BUNDLE,
  });
}

/**
 * Installs the test-runner extension as an unpacked folder `publisher.name-version` in `extensionsDir`,
 * listed in its `extensions.json` (once that file exists, VS Code treats unlisted folders as removed).
 */
export function installRunnerExtension(extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(join(RUNNER_DIR, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const folder = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
  const target = join(extensionsDir, folder);
  mkdirSync(target, { recursive: true });
  copyFileSync(join(RUNNER_DIR, 'package.json'), join(target, 'package.json'));
  buildSync({
    entryPoints: [join(RUNNER_DIR, 'extension.ts')],
    outfile: join(target, 'extension.js'),
    ...HOST_BUNDLE,
    logLevel: 'error',
  });
  const index = join(extensionsDir, 'extensions.json');
  const entries = existsSync(index) ? (JSON.parse(readFileSync(index, 'utf8')) as { identifier: { id: string } }[]) : [];
  const id = `${manifest.publisher}.${manifest.name}`;
  entries.push({
    identifier: { id },
    version: manifest.version,
    location: { $mid: 1, path: target, scheme: 'file' },
    relativeLocation: folder,
    metadata: { installedTimestamp: Date.now(), source: 'resource' },
  } as { identifier: { id: string } });
  writeFileSync(index, JSON.stringify(entries.filter((e, i) => e.identifier.id !== id || i === entries.length - 1)));
}
