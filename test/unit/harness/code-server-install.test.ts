import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodeServerVersion } from '../../vscode/harness/code-server-home';
import { codeServerIsUsable } from '../../vscode/harness/install';
import { CACHE_DIR } from '../../vscode/harness/paths';

// The real-VS-Code harness on a machine that never ran code-server: its first start logs that it wrote a
// default config before the version line, which once made the harness skip every real VS Code test.

test('the version is read from the line `x.y.z <commit> with Code x.y.z`, after any log lines', () => {
  const firstRun =
    '[2026-12-01T14:07:58.946Z] info  Wrote default config file to /tmp/x/code-server/config.yaml\n' +
    '4.139.1 53c2f3253bcf32886706fc023e794bbeb253c90f with Code 1.139.1\n';
  assert.deepEqual(parseCodeServerVersion(firstRun), { codeServer: '4.139.1', code: '1.139.1' });
  assert.deepEqual(parseCodeServerVersion('4.139.1 53c2f32 with Code 1.139.1'), { codeServer: '4.139.1', code: '1.139.1' });
  assert.equal(parseCodeServerVersion('info  Wrote default config file to /home/u/.config/code-server/config.yaml\n'), undefined);
  assert.equal(parseCodeServerVersion(''), undefined);
});

const CODE_SERVER_BIN = join(CACHE_DIR, 'cs/node_modules/.bin/code-server');

test(
  'the cached code-server passes the install check in a config home it has never seen, and writes nothing in the home',
  { skip: existsSync(CODE_SERVER_BIN) ? false : `code-server is not installed yet in ${CACHE_DIR} (npm run test:vscode installs it)` },
  (t) => {
    const home = mkdtempSync(join(tmpdir(), 'aio-fresh-home-'));
    const configHome = mkdtempSync(join(tmpdir(), 'aio-fresh-config-home-'));
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, XDG_DATA_HOME: process.env.XDG_DATA_HOME };
    Object.assign(process.env, { HOME: home, XDG_CONFIG_HOME: configHome });
    delete process.env.XDG_DATA_HOME;
    t.after(() => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(home, { recursive: true, force: true });
      rmSync(configHome, { recursive: true, force: true });
    });
    assert.equal(codeServerIsUsable(), true, 'the install check would reinstall code-server (or skip the real VS Code tests)');
    assert.deepEqual(readdirSync(configHome), [], "code-server wrote into the user's config home");
    assert.deepEqual(readdirSync(home), [], "code-server wrote into the user's home");
  },
);
