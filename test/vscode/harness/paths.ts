import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where everything the real-VS-Code harness needs lives. */
export const REPO_ROOT = resolve(__dirname, '../../..');
export const OUTPUT_DIR = join(REPO_ROOT, '.test-output');
export const VSIX_PATH = join(REPO_ROOT, 'dist-vsix/aio-requests.vsix');
export const EXTENSION_ID = 'aio-requests.aio-requests';

// Outside the clone, so that CI runs on the same machine reuse the ≈600 MB install.
export const CACHE_DIR = process.env.AIO_CODE_SERVER_CACHE ?? join(homedir(), '.cache/aio-requests/code-server');
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
/** The VS Code that code-server 4.139.x embeds: the activation suite checks `vscode.version` starts with it. */
export const CODE_SERVER_VSCODE_PREFIX = '1.139.';
export const CHROMIUM_PATH = process.env.AIO_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that let Chromium run headless as root without reaching the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
