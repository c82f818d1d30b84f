// Measuring code the first time it runs, in a new Node process: nothing compiled or warmed yet. The figure is the
// process's CPU time (every thread) and the wall time; on Linux, the CPU is also split into the main thread and V8's
// helper threads (optimizing compiler, parallel GC), read from /proc/self/task/*/schedstat, so a figure says whether
// the time went into running our code or into V8 compiling it.
import { spawnSync } from 'node:child_process';

export interface FreshSample {
  /** Process CPU ms (user + system, all threads). */
  cpu: number;
  wall: number;
  /** CPU ms of the main thread and of every other thread; undefined where /proc is not readable. */
  main?: number;
  helpers?: number;
}

/**
 * A script for `node -e`: runs `setup`, then times `measured` (statements; may set `parts`, an object of named
 * wall-time sub-figures in ms), and prints a FreshSample (plus `parts`) as JSON.
 */
export function freshScript(setup: string, measured: string): string {
  return `
    const { performance } = require('node:perf_hooks');
    const fs = require('node:fs');
    const threads = () => {
      const out = new Map();
      try {
        for (const tid of fs.readdirSync('/proc/self/task')) {
          out.set(tid, Number(fs.readFileSync('/proc/self/task/' + tid + '/schedstat', 'utf8').split(' ')[0]) / 1e6);
        }
      } catch { return undefined; }
      return out;
    };
    ${setup}
    const parts = {};
    const before = threads();
    const c = process.cpuUsage();
    const t = performance.now();
    ${measured}
    const wall = performance.now() - t;
    const used = process.cpuUsage(c);
    const after = threads();
    const sample = { cpu: (used.user + used.system) / 1000, wall, parts };
    if (before && after) {
      sample.main = 0;
      sample.helpers = 0;
      for (const [tid, ms] of after) {
        const spent = ms - (before.get(tid) ?? 0);
        if (tid === String(process.pid)) sample.main += spent;
        else sample.helpers += spent;
      }
    }
    process.stdout.write(JSON.stringify(sample));
  `;
}

/** Runs `script` (from freshScript) in a new process of `node`. */
export function runFresh(node: string, script: string): FreshSample & { parts: Record<string, number> } {
  const out = spawnSync(node, ['-e', script], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as FreshSample & { parts: Record<string, number> };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Field by field medians. */
export function medianSample(samples: FreshSample[]): FreshSample {
  const split = samples.every((s) => s.main !== undefined);
  return {
    cpu: median(samples.map((s) => s.cpu)),
    wall: median(samples.map((s) => s.wall)),
    ...(split ? { main: median(samples.map((s) => s.main!)), helpers: median(samples.map((s) => s.helpers!)) } : {}),
  };
}

/** `105.3 ms CPU (main thread 45.1, V8 helper threads 60.2), 78.4 ms wall`. */
export function formatSample(s: FreshSample): string {
  const split = s.main === undefined ? '' : ` (main thread ${s.main.toFixed(1)}, V8 helper threads ${s.helpers!.toFixed(1)})`;
  return `${s.cpu.toFixed(1)} ms CPU${split}, ${s.wall.toFixed(1)} ms wall`;
}

/** `node --version` of the Node that runs the fresh processes. */
export function nodeVersion(node: string): string {
  return spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
}
