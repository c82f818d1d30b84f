import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { RunContext } from '../../../src/core/run/run-context';
import { HttpRunner } from '../../../src/core/http/runner';
import { parseHttpFile } from '../../../src/core/http/parser';
import { runHttpFile } from '../../../src/core/http/file-runner';
import { PacingScheduler } from '../../../src/core/traffic/pacing-scheduler';
import type { RequestResult, ResolvedRequest } from '../../../src/core/http/types';
import { collectedAmong } from '../../support/collectable';

interface Held {
  path: string;
  answer: (body?: string) => void;
}

/**
 * A loopback server that holds every request and lets the test decide when each is answered; it records the
 * order requests arrive in and the most it ever held at once.
 */
async function holdingServer(onArrive: (held: Held, server: { held: Held[]; arrived: string[] }) => void) {
  const state = { held: [] as Held[], arrived: [] as string[], maxInFlight: 0, connections: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      const held: Held = {
        path,
        answer: (body = JSON.stringify({ token: `token-of-${path.slice(1)}` })) => {
          state.held.splice(state.held.indexOf(held), 1);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(body);
        },
      };
      state.arrived.push(path);
      state.held.push(held);
      state.maxInFlight = Math.max(state.maxInFlight, state.held.length);
      onArrive(held, state);
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    state,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function requests(base: string, paths: string[]): string {
  return paths.map((p) => `### ${p}\n# @name ${p}\nGET ${base}/${p}\n`).join('\n');
}

describe('chain-free requests sent concurrently', () => {
  it('a file with # @concurrency 3 keeps three requests in flight, never four, and reports them in file order', async (t) => {
    const paths = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    // Answered newest first whenever three are held, and all at the end: they finish out of file order.
    const server = await holdingServer((_, s) => {
      if (s.arrived.length === paths.length) for (const h of [...s.held].reverse()) h.answer();
      else if (s.held.length === 3) s.held[s.held.length - 1].answer();
    });
    const runner = new HttpRunner({ env: {} });
    t.after(async () => {
      await runner.destroy();
      await server.close();
    });
    const context = await RunContext.create({
      filePath: '/nowhere/a.http',
      source: `# @concurrency 3\n\n${requests(server.base, paths)}`,
      workspaceRoot: '/nowhere',
      readFile: async () => Buffer.from(''),
      fileRoots: ['/nowhere'],
      howToAllow: '',
      processEnv: {},
      sender: runner,
    });
    const reported: string[] = [];
    const runs = await context.sendAll({ onResult: (run) => reported.push(run.block.name ?? '') });
    assert.equal(server.state.maxInFlight, 3);
    assert.deepEqual(reported, paths);
    assert.deepEqual(runs.map((r) => r.result.response?.status), [200, 200, 200, 200, 200, 200]);
  });

  it('a request chaining on another waits for its response while chain-free ones go ahead', async (t) => {
    let loginAnsweredBefore: string[] | undefined;
    const server = await holdingServer((held, s) => {
      // Login is answered only once both chain-free requests have arrived: they did not wait for it.
      const free = ['/a', '/c'].every((p) => s.arrived.includes(p));
      const login = s.held.find((h) => h.path === '/login');
      if (free && login) {
        loginAnsweredBefore = [...s.arrived];
        login.answer();
      }
      if (held.path !== '/login') held.answer();
    });
    const runner = new HttpRunner({ env: {} });
    t.after(async () => {
      await runner.destroy();
      await server.close();
    });
    const file = parseHttpFile(
      `# @name login\nPOST ${server.base}/login\n\n###\n# @name a\nGET ${server.base}/a\n\n###\n# @name b\nGET ${server.base}/b?t={{login.response.body.$.token}}\n\n###\n# @name c\nGET ${server.base}/c\n`,
    );
    const runs = await runHttpFile(file, runner, { concurrency: 4 });
    assert.deepEqual(runs.map((r) => r.block.name), ['login', 'a', 'b', 'c']);
    assert.deepEqual(loginAnsweredBefore?.sort(), ['/a', '/c', '/login']);
    // b arrived after login was answered, with login's token.
    assert.equal(server.state.arrived.at(-1), '/b?t=token-of-login');
  });

  it('a cancel leaves the requests not yet started unsent and reports every one in file order', async (t) => {
    const controller = new AbortController();
    const server = await holdingServer((_, s) => {
      if (s.held.length === 2) {
        controller.abort();
        for (const h of [...s.held]) h.answer();
      }
    });
    const runner = new HttpRunner({ env: {} });
    t.after(async () => {
      await runner.destroy();
      await server.close();
    });
    const paths = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const runs = await runHttpFile(parseHttpFile(requests(server.base, paths)), runner, { concurrency: 2, signal: controller.signal });
    assert.deepEqual(server.state.arrived, ['/r1', '/r2']);
    assert.deepEqual(runs.map((r) => r.block.name), paths);
    assert.deepEqual(runs.map((r) => r.sent), [true, true, false, false, false]);
    assert.deepEqual(runs.slice(2).map((r) => r.result.error?.kind), ['aborted', 'aborted', 'aborted']);
  });

  it('pacing still gates each start: a request concurrency of 2 holds even when the run allows 4', async (t) => {
    const paths = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const server = await holdingServer((_, s) => {
      if (s.arrived.length === paths.length) for (const h of [...s.held]) h.answer();
      else if (s.held.length === 2) s.held[0].answer();
    });
    const runner = new HttpRunner({ env: {} });
    t.after(async () => {
      await runner.destroy();
      await server.close();
    });
    const scheduler = new PacingScheduler({ cli: { concurrency: 2 } });
    const runs = await runHttpFile(parseHttpFile(requests(server.base, paths)), runner, { concurrency: 4, scheduler });
    assert.equal(server.state.maxInFlight, 2);
    assert.deepEqual(runs.map((r) => r.result.response?.status), [200, 200, 200, 200, 200]);
  });

  it('a long run lets reported results go: memory holds the requests in flight, not every response so far', async () => {
    const file = parseHttpFile(Array.from({ length: 400 }, (_, i) => `### item ${i}\nGET http://127.0.0.1:9/items/${i}\n`).join('\n'));
    const refs: Array<WeakRef<object>> = [];
    let collectedEarly = -1;
    let sent = 0;
    // Each answer carries a 64 KB body; the run reports each and keeps none (as `aio-requests run` does).
    const sender = {
      async send(request: ResolvedRequest): Promise<RequestResult> {
        if (sent++ === 300) collectedEarly = await collectedAmong(refs.slice(0, 200));
        await new Promise((resolve) => setImmediate(resolve));
        return {
          request: { method: request.method, url: request.url, headers: [] },
          response: { status: 200, statusText: 'OK', headers: [], body: new Uint8Array(65_536), url: request.url, timings: { firstByteMs: 1, totalMs: 1 } },
        };
      },
    };
    await runHttpFile(file, sender, { concurrency: 4, collect: false, onResult: (run) => refs.push(new WeakRef(run.result)) });
    assert.equal(refs.length, 400);
    assert.equal(collectedEarly, 200, 'the first 200 results, reported long before, were collected');
  });

  it('# @note and # @prompt requests run alone: nothing overlaps them', async (t) => {
    const server = await holdingServer((held) => held.answer());
    const runner = new HttpRunner({ env: {} });
    let overlapped = false;
    let inFlight = 0;
    let noteInFlight = false;
    const sender = {
      send: async (...args: Parameters<HttpRunner['send']>) => {
        const isNote = args[0].options.note !== undefined;
        if (noteInFlight || (isNote && inFlight > 0)) overlapped = true;
        inFlight++;
        noteInFlight ||= isNote;
        try {
          return await runner.send(...args);
        } finally {
          inFlight--;
          if (isNote) noteInFlight = false;
        }
      },
    };
    t.after(async () => {
      await runner.destroy();
      await server.close();
    });
    const file = parseHttpFile(`GET ${server.base}/one\n\n###\n# @note sure?\nGET ${server.base}/confirm\n\n###\nGET ${server.base}/two\n\n###\nGET ${server.base}/three\n`);
    const runs = await runHttpFile(file, sender, { concurrency: 4 });
    assert.equal(overlapped, false);
    // Nothing after the confirmed request started before it was answered.
    assert.deepEqual(server.state.arrived.slice(0, 2), ['/one', '/confirm']);
    assert.equal(runs.length, 4);
  });
});

describe('aio-requests run --concurrency', () => {
  it('sends chain-free requests N at once over N connections and prints their lines in file order', async (t) => {
    const paths = Array.from({ length: 40 }, (_, i) => `r${i + 1}`);
    // Answered newest first whenever two are held: without concurrency the first would wait for ever.
    const server = await holdingServer((_, s) => {
      if (s.arrived.length === paths.length) for (const h of [...s.held].reverse()) h.answer();
      else if (s.held.length === 2) s.held[s.held.length - 1].answer();
    });
    const dir = await mkdtemp(join(tmpdir(), 'aio-conc-'));
    t.after(async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    });
    await writeFile(join(dir, 'a.http'), requests(server.base, paths));
    const io = { stdout: '', stderr: '', out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s), env: {}, cwd: dir, terminal: false };
    assert.equal(await main(['run', 'a.http', '--concurrency', '2'], io), 0, io.stderr);
    assert.equal(server.state.maxInFlight, 2);
    assert.equal(server.state.connections, 2);
    assert.deepEqual(io.stdout.trim().split('\n').map((line) => line.split(' ')[0]), paths);
  });
});
