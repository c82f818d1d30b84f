// Issue 8 §3 through the CLI: server text escaped, empty and oversized files refused, limits as flags.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/commands';

function fakeIo(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t), env, cwd };
  return io;
}

describe('aio-requests run: bounded work and terminal-safe output', () => {
  let dir: string;
  let server: Server;
  let base: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aio-bounds-'));
    // A raw server: node's own http server refuses to send control characters in a reason phrase.
    server = createServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 200 \x1b[31mOK\x07\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a reason phrase with control characters escaped', async () => {
    await writeFile(join(dir, 'evil.http'), `GET ${base}/\n`);
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'evil.http'], io), 0);
    assert.ok(!io.stdout.includes('\x1b') && !io.stdout.includes('\x07'), 'no raw ESC or BEL');
    assert.match(io.stdout, /200 \\x1b\[31mOK\\x07/);
  });

  it('exits 1 and names the file when it holds no request', async () => {
    await writeFile(join(dir, 'empty.http'), '# only a comment\n@x = 1\n');
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'empty.http'], io), 1);
    assert.match(io.stderr, /empty\.http holds no request/);
  });

  it('refuses a file over --max-file-size without parsing it', async () => {
    await writeFile(join(dir, 'big.http'), `GET ${base}/\n${'# filler\n'.repeat(400)}`);
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'big.http', '--max-file-size', '2KB'], io), 2);
    assert.match(io.stderr, /big\.http: This file is 4 KB, over the 2 KB limit for \.http files/);
    assert.equal(io.stdout, '');
    const bad = fakeIo(dir);
    assert.equal(await main(['run', 'big.http', '--max-file-size', 'lots'], bad), 2);
  });

  it('--max-resolved-size bounds variable expansion; the request is not sent and the variable is named', async () => {
    const lines = ['@a0 = xxxxxxxxxxxxxxxx'];
    for (let i = 1; i <= 24; i++) lines.push(`@a${i} = {{a${i - 1}}}{{a${i - 1}}}`);
    await writeFile(join(dir, 'double.http'), [...lines, '', `GET ${base}/?q={{a24}}`, ''].join('\n'));
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'double.http', '--max-resolved-size', '64KB'], io), 1);
    assert.match(io.stdout, /too-large: Not sent: \{\{a13\}\} resolves to more than 64 KB/);
    assert.ok(io.stdout.length < 2000, 'the refused request line stays short');
  });

  it('--max-wait takes a duration; anything else is a usage error', async () => {
    await writeFile(join(dir, 'one.http'), `GET ${base}/\n`);
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'one.http', '--max-wait', 'forever'], io), 2);
    assert.match(io.stderr, /--max-wait 'forever' is not a duration/);
    assert.equal(await main(['run', 'one.http', '--max-wait', '2m'], fakeIo(dir)), 0);
  });

  it('a loop through {{$processEnv %name}} is reported in one line, with no stack trace', async () => {
    await writeFile(join(dir, 'loop.http'), `@a = {{$processEnv %a}}\nGET ${base}/{{a}}\n`);
    const io = fakeIo(dir);
    assert.equal(await main(['run', 'loop.http'], io), 1);
    assert.match(io.stdout, /refers to itself \(a → a\)/);
    assert.doesNotMatch(io.stdout + io.stderr, /RangeError|call stack|\n\s+at /);
  });
});
