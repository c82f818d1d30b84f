import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { localPlugin } from './eslint/no-import-cycle.mjs';

/** The feature folders under src/vscode (shared/ and the root files are what they may share). */
const FEATURES = ['credentials', 'tokens', 'profiles', 'endpoints', 'responses', 'simulate'];
const NO_CLI = { regex: '(^|/)cli(/|$)', message: 'src/vscode must not import the CLI adapter; share through src/core.' };

export default tseslint.config(
  { ignores: ['dist/', 'dist-vsix/', 'out/', 'node_modules/', '.test-output/', 'demo/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // The core is the editor-free half shared with the CLI: it must never reach for the VS Code API.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode; add a port instead.' }] }],
    },
  },
  {
    // No import cycles anywhere in src, type-only imports included: a cycle hides which layer owns what.
    files: ['src/**/*.ts'],
    plugins: { local: localPlugin },
    rules: { 'local/no-import-cycle': 'error' },
  },
  {
    // The two adapters share only the core: the CLI never pulls in editor code, the extension never CLI code.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)vscode(/|$)', message: 'src/cli must not import the VS Code adapter or the vscode API; share through src/core.' }] }],
    },
  },
  {
    files: ['src/vscode/**/*.ts', 'src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_CLI] }] },
  },
  // A feature folder never imports another feature's files: what two features share lives in src/vscode/shared/ or the core.
  ...FEATURES.map((feature) => ({
    files: [`src/vscode/${feature}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_CLI,
            { regex: `^\\.\\./(${FEATURES.filter((f) => f !== feature).join('|')})/`, message: `src/vscode/${feature} must not import another feature's files; move what both need to src/vscode/shared/ or src/core.` },
          ],
        },
      ],
    },
  })),
  {
    // Everything the extension prints goes through the logger, which redacts secrets.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['esbuild.js', 'scripts/**/*.mjs', 'test/vscode/runner-extension/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
