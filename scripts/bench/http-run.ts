// Bench: a 1,000-request .http file against a keep-alive loopback server, each contestant a whole process:
// `node dist/cli.js run` vs a bare undici loop sending the same requests vs `httpyac send --all`.
// Prints wall-clock ms per request (median of several runs) and the ratio to the bare undici loop.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The `--concurrency 32` part, timed as whole processes: requests in its file and how many are kept in flight. */
const CONCURRENT_REQUESTS = Number(process.env.BENCH_CONCURRENT_REQUESTS ?? 10_000);
const CONCURRENCY = 32;
const root = resolve(__dirname, '../..');

interface Spec {
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body?: string;
}

function specs(count = REQUESTS): Spec[] {
  const out: Spec[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) out.push({ method: 'GET', path: `/items/${i}?page=${i % 7}`, headers: [['Accept', 'application/json'], ['X-Request', String(i)]] });
    else out.push({ method: 'POST', path: `/items`, headers: [['Content-Type', 'application/json'], ['X-Request', String(i)]], body: JSON.stringify({ id: i, name: `item ${i}` }) });
  }
  return out;
}

function httpFile(base: string, list: Spec[]): string {
  return list
    .map((s, i) => {
      const lines = [`### request ${i}`, `${s.method} ${base}${s.path}`, ...s.headers.map(([n, v]) => `${n}: ${v}`)];
      if (s.body !== undefined) lines.push('', s.body);
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

// The baseline: what a hand-written script does with undici and nothing else.
const BARE_LOOP = `
const { Agent, request } = require(${JSON.stringify(join(root, 'node_modules/undici'))});
const list = require(process.argv[2]);
const base = process.argv[3];
(async () => {
  const dispatcher = new Agent({ keepAliveTimeout: 10000 });
  for (const s of list) {
    const headers = {};
    for (const [n, v] of s.headers) headers[n] = v;
    const res = await request(base + s.path, { method: s.method, headers, body: s.body, dispatcher });
    await res.body.arrayBuffer();
    process.stdout.write(s.method + ' ' + s.path + ' ' + res.statusCode + '\\n');
  }
  await dispatcher.close();
})();
`;

// The same with CONCURRENCY requests in flight: CONCURRENCY workers over one Agent holding CONCURRENCY connections
// (ours opens one per request in flight, so both use the same count), the lines printed in file order as ours does.
const BARE_CONCURRENT = `
const { Agent, request } = require(${JSON.stringify(join(root, 'node_modules/undici'))});
const list = require(process.argv[2]);
const base = process.argv[3];
const concurrency = Number(process.argv[4]);
(async () => {
  const dispatcher = new Agent({ keepAliveTimeout: 10000, connections: concurrency });
  const lines = new Array(list.length);
  let next = 0;
  let printed = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < list.length) {
      const i = next++;
      const s = list[i];
      const headers = {};
      for (const [n, v] of s.headers) headers[n] = v;
      const res = await request(base + s.path, { method: s.method, headers, body: s.body, dispatcher });
      await res.body.arrayBuffer();
      lines[i] = s.method + ' ' + s.path + ' ' + res.statusCode + '\\n';
      let out = '';
      while (printed < lines.length && lines[printed] !== undefined) out += lines[printed++];
      if (out) process.stdout.write(out);
    }
  }));
  await dispatcher.close();
})();
`;

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const VALGRIND = existsSync('/usr/bin/valgrind') ? '/usr/bin/valgrind' : undefined;

/**
 * Instructions a whole process executes, counted by valgrind's callgrind with V8 on one thread (its compiler and GC
 * then run on the main thread and are counted too). Unlike CPU time it does not move with the machine's load, so
 * small differences show; undefined without valgrind.
 */
async function instructions(command: string, args: string[], cwd: string): Promise<number | undefined> {
  if (!VALGRIND) return undefined;
  // Not spawnSync: the loopback server answers from this process's event loop.
  const { stderr } = await timeProcess(VALGRIND, ['--tool=callgrind', '--callgrind-out-file=/dev/null', command, '--single-threaded', ...args], cwd);
  const m = /Collected : (\d+)/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

/** Wall-clock time of a whole process, and its CPU time (user + system) when /usr/bin/time is there. */
function timeProcess(command: string, args: string[], cwd: string): Promise<{ ms: number; cpuMs?: number; code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = TIME
      ? spawn(TIME, ['-f', 'aio-bench-cpu %U %S', command, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      const cpu = /aio-bench-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      resolvePromise({ ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined, code, stderr });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  let served = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      served++;
      const body = JSON.stringify({ ok: true, method: req.method, url: req.url, received: Buffer.concat(chunks).length });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dir = await mkdtemp(join(tmpdir(), 'aio-bench-'));
  try {
    const list = specs();
    await writeFile(join(dir, 'file.http'), httpFile(base, list));
    await writeFile(join(dir, 'requests.json'), JSON.stringify(list));
    await writeFile(join(dir, 'bare-loop.js'), BARE_LOOP);

    const contestants: Array<{ name: string; command: string; args: string[] }> = [
      { name: 'bare undici loop', command: process.execPath, args: [join(dir, 'bare-loop.js'), join(dir, 'requests.json'), base] },
      { name: 'aio-requests run', command: process.execPath, args: [join(root, 'dist/cli.js'), 'run', 'file.http'] },
    ];
    const httpyac = join(root, 'node_modules/.bin/httpyac');
    if (process.env.BENCH_SKIP_HTTPYAC !== '1') contestants.push({ name: 'httpyac send --all', command: httpyac, args: ['send', '--all', '--output', 'none', 'file.http'] });

    const startup: number[] = [];
    for (let i = 0; i < ROUNDS; i++) startup.push((await timeProcess(process.execPath, ['-e', '0'], dir)).ms);

    const results = new Map<string, number[]>();
    const cpuResults = new Map<string, number[]>();
    // Interleave rounds so that machine noise hits every contestant alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of contestants) {
        if (c.name.startsWith('httpyac') && round >= Math.min(ROUNDS, 3)) continue;
        const before = served;
        const { ms, cpuMs, code, stderr } = await timeProcess(c.command, c.args, dir);
        if (cpuMs !== undefined) cpuResults.set(c.name, [...(cpuResults.get(c.name) ?? []), cpuMs]);
        const sent = served - before;
        if (code !== 0 || sent !== REQUESTS) throw new Error(`${c.name}: exit ${code}, ${sent}/${REQUESTS} requests served\n${stderr.slice(0, 2000)}`);
        results.set(c.name, [...(results.get(c.name) ?? []), ms]);
      }
    }

    const bare = median(results.get('bare undici loop')!);
    const bareCpu = cpuResults.has('bare undici loop') ? median(cpuResults.get('bare undici loop')!) : undefined;
    console.log(`\n.http run bench: ${REQUESTS} requests (GET and POST with JSON), keep-alive loopback server, whole process, median of ${ROUNDS} runs (httpyac: ${Math.min(ROUNDS, 3)})`);
    console.log(`node startup alone (node -e 0): ${median(startup).toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`);
    for (const [name, times] of results) {
      const ms = median(times);
      const cpu = cpuResults.has(name) && bareCpu ? median(cpuResults.get(name)!) : undefined;
      const cpuText = cpu !== undefined && bareCpu ? `  (CPU ${cpu.toFixed(0)} ms, ${(cpu / bareCpu).toFixed(2)}×)` : '';
      console.log(`${name.padEnd(20)} ${ms.toFixed(0).padStart(6)} ms total  ${(ms / REQUESTS).toFixed(3)} ms/request  ${(ms / bare).toFixed(2)}× bare undici${cpuText}`);
    }

    // The same two runs counted in instructions (BENCH_INSTRUCTIONS=0 skips it: valgrind makes each run ~50× slower).
    if (VALGRIND && process.env.BENCH_INSTRUCTIONS !== '0') {
      const bareCount = await instructions(process.execPath, [join(dir, 'bare-loop.js'), join(dir, 'requests.json'), base], dir);
      const oursCount = await instructions(process.execPath, [join(root, 'dist/cli.js'), 'run', 'file.http'], dir);
      if (bareCount && oursCount) {
        console.log(`instructions (callgrind, V8 single-threaded, whole process): bare undici loop ${(bareCount / 1e6).toFixed(0)} M, aio-requests run ${(oursCount / 1e6).toFixed(0)} M — ${(oursCount / bareCount).toFixed(3)}× bare undici`);
      }
    }

    if (CONCURRENT_REQUESTS > 0) {
      const many = specs(CONCURRENT_REQUESTS);
      await writeFile(join(dir, 'many.http'), httpFile(base, many));
      await writeFile(join(dir, 'many.json'), JSON.stringify(many));
      await writeFile(join(dir, 'bare-concurrent.js'), BARE_CONCURRENT);
      const pair = [
        { name: `bare undici, ${CONCURRENCY} in flight`, command: process.execPath, args: [join(dir, 'bare-concurrent.js'), join(dir, 'many.json'), base, String(CONCURRENCY)] },
        { name: `run --concurrency ${CONCURRENCY}`, command: process.execPath, args: [join(root, 'dist/cli.js'), 'run', 'many.http', '--concurrency', String(CONCURRENCY)] },
      ];
      const rates = new Map<string, number[]>();
      for (let round = 0; round < Math.min(ROUNDS, 3); round++) {
        for (const c of round % 2 === 0 ? pair : [...pair].reverse()) {
          const before = served;
          const { ms, code, stderr } = await timeProcess(c.command, c.args, dir);
          if (code !== 0 || served - before !== CONCURRENT_REQUESTS) throw new Error(`${c.name}: exit ${code}, ${served - before}/${CONCURRENT_REQUESTS} requests served\n${stderr.slice(0, 2000)}`);
          rates.set(c.name, [...(rates.get(c.name) ?? []), (CONCURRENT_REQUESTS * 1000) / ms]);
        }
      }
      const best = (name: string): number => Math.max(...rates.get(name)!);
      const bareRate = best(pair[0].name);
      const ours = best(pair[1].name);
      // Not issue 12's verdict: that is throughput, which rate.ts counts on the server from the first arrival to the
      // last. Here each process's start, and for the CLI its load and its parse of the file, are in the time too.
      console.log(`\n${CONCURRENT_REQUESTS} requests, ${CONCURRENCY} in flight, whole process (start, load and parse included), best of ${Math.min(ROUNDS, 3)}; issue 12's throughput figure is rate.ts's`);
      console.log(`${pair[0].name.padEnd(28)} ${bareRate.toFixed(0).padStart(6)} req/s`);
      console.log(`${pair[1].name.padEnd(28)} ${ours.toFixed(0).padStart(6)} req/s  ${(ours / bareRate).toFixed(2)}× bare undici`);
    }
  } finally {
    server.close();
    server.closeAllConnections();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
