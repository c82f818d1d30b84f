// Bundles the extension and the CLI. `--production` minifies; `--watch` rebuilds and reports in the
// form of VS Code's esbuild problem matcher.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

// undici inlines its HTTP parser as two WebAssembly blobs (~145 KB) that it requires lazily on the first
// request. Keep them out of the bundles as files beside them, so activation never parses those bytes.
const llhttpWasm = {
  name: 'llhttp-wasm-external',
  setup(build) {
    build.onResolve({ filter: /llhttp(_simd)?-wasm\.js$/ }, (args) => {
      const file = path.basename(args.path);
      return { path: `./llhttp/${file}`, external: true };
    });
    build.onEnd(() => {
      const from = path.dirname(require.resolve('undici/lib/llhttp/llhttp-wasm.js'));
      fs.mkdirSync('dist/llhttp', { recursive: true });
      for (const file of ['llhttp-wasm.js', 'llhttp_simd-wasm.js']) fs.copyFileSync(path.join(from, file), path.join('dist/llhttp', file));
    });
  },
};

// The bundles take undici's parts through a slim entry instead of its index (which also carries fetch,
// WebSocket, caches and mocks). Type checking and tests use the real package.
const undiciLite = {
  name: 'undici-lite',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: path.resolve(__dirname, 'src/core/net/undici-lite.mjs') }));
  },
};

// The config schemas serve two readers: VS Code's jsonValidation reads the files (descriptions included),
// the bundled validator needs only the rules. Drop the prose from the bundled copy.
const slimSchemas = {
  name: 'slim-schemas',
  setup(build) {
    build.onLoad({ filter: /[\\/]schemas[\\/][^\\/]+\.schema\.json$/ }, (args) => {
      const drop = new Set(['$schema', '$id', 'title', 'description']);
      const slim = JSON.parse(fs.readFileSync(args.path, 'utf8'), (key, value) => (drop.has(key) ? undefined : value));
      return { contents: JSON.stringify(slim), loader: 'json' };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? 'linked' : 'inline',
  sourcesContent: false,
  external: ['vscode'],
  define: { AIO_VERSION: JSON.stringify(require('./package.json').version) },
  logLevel: watch ? 'silent' : 'warning',
  plugins: watch ? [undiciLite, llhttpWasm, slimSchemas, problemMatcher] : [undiciLite, llhttpWasm, slimSchemas],
};

// A webview page (response view, simulator): its script is a browser bundle, its stylesheet is copied beside it.
function webviewPage(name) {
  const copyCss = {
    name: `${name}-css`,
    setup(build) {
      build.onEnd(() => {
        fs.mkdirSync('dist/webview', { recursive: true });
        fs.copyFileSync(`src/webview/${name}/${name}.css`, `dist/webview/${name}.css`);
      });
    },
  };
  return {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: production ? false : 'inline',
    entryPoints: [`src/webview/${name}/main.ts`],
    outfile: `dist/webview/${name}.js`,
    logLevel: watch ? 'silent' : 'warning',
    plugins: watch ? [copyCss, problemMatcher] : [copyCss],
  };
}

// The response view's extension side is its own bundle, loaded with the first response (not at activation).
const lazyPanels = {
  name: 'lazy-response-panels',
  setup(build) {
    // The run machinery (run context, runner, variables, the Testing view's sending half), shared by Send Request and
    // the Testing view, likewise loads on the first send or test run (src/vscode/shared/run-slot.ts).
    build.onResolve({ filter: /^\.\/vscode\/run-machinery$/ }, (args) =>
      args.importer.endsWith('extension.ts') ? { path: './run.js', external: true } : undefined,
    );
    build.onResolve({ filter: /^\.\/response-panels$/ }, (args) =>
      args.importer.endsWith(path.join('responses', 'index.ts')) ? { path: './response-panels.js', external: true } : undefined,
    );
  },
};

// In the extension, undici (about 170 KB minified, needed only once a request is sent) is its own file beside the
// bundle, required when the first connection pool is built; activation never reads it. The CLI keeps it inline.
const undiciBeside = {
  name: 'undici-beside',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [lazyPanels, undiciBeside, ...common.plugins] },
  { ...common, entryPoints: ['src/core/net/undici-lite.mjs'], outfile: 'dist/undici.js' },
  // Send Request's and the Testing view's run machinery (run context, runner, assertions), one bundle required on first use.
  { ...common, entryPoints: ['src/vscode/run-machinery.ts'], outfile: 'dist/run.js', plugins: [undiciBeside, ...common.plugins] },
  // The curl/Postman converters, loaded by the extension on first use (src/vscode/import/converters.ts).
  { ...common, entryPoints: ['src/core/import/index.ts'], outfile: 'dist/import.js' },
  { ...common, entryPoints: ['src/vscode/responses/response-panels.ts'], outfile: 'dist/response-panels.js' },
  // The `.http` parser and language service, required when the first `.http` document is used (not at activation).
  { ...common, entryPoints: ['src/vscode/language/service.ts'], outfile: 'dist/http-language.js' },
  // "Simulate Traffic…" (prompts, simulator, panel), loaded by the extension on first use (src/vscode/simulate/index.ts).
  { ...common, entryPoints: ['src/vscode/simulate/simulate-command.ts'], outfile: 'dist/simulate.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  webviewPage('response'),

  // The Journey core and its transport, required by the Endpoints view on first use (journey-loader.ts).
  { ...common, entryPoints: ['src/vscode/endpoints/journey-module.ts'], outfile: 'dist/journey.js', plugins: [undiciBeside, ...common.plugins] },
  webviewPage('simulate'),
];

async function main() {
  if (watch) {
    const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(targets.map((t) => esbuild.build(t)));
  if (production) {
    const kb = (file) => `${(fs.statSync(file).size / 1024).toFixed(1)} KB`;
    console.log(`dist/extension.js ${kb('dist/extension.js')} (limit 300 KB), dist/journey.js ${kb('dist/journey.js')}, dist/cli.js ${kb('dist/cli.js')}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
