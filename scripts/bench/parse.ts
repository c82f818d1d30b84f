// Bench: parse time of a generated 10,000-request `.http` file (names, directives, variables, query continuations,
// headers, JSON bodies) against the 50 ms target, and httpyac's own parser on the same text in the same run.
// Our parser is measured as shipped (bundled and minified by esbuild, not through tsx's transform). Prints the
// cold (first) parse, then median and best warm wall time and median CPU time (CPU time is what the parse costs
// when other processes compete for the cores). BENCH_PARSE_REQUESTS / BENCH_PARSE_ROUNDS override the sizes.
// The first parse in a fresh process runs in BENCH_NODE (default: this Node); BENCH_BASELINE=<another checkout, e.g.
// /work/main> bundles that checkout's parser too and alternates fresh processes of both, for before/after in one run.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { HttpFile } from '../../src/core/http/parse-types';
import { generate } from './support/http-sample';
import { type FreshSample, formatSample, freshScript, medianSample, nodeVersion, runFresh } from './support/fresh-process';

const REQUESTS = Number(process.env.BENCH_PARSE_REQUESTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_PARSE_ROUNDS ?? 20);
const HTTPYAC_ROUNDS = Number(process.env.BENCH_PARSE_HTTPYAC_ROUNDS ?? 3);
const FRESH = Number(process.env.BENCH_PARSE_FRESH ?? 5);
const FRESH_NODE = process.env.BENCH_NODE ?? process.execPath;
const BASELINE = process.env.BENCH_BASELINE;
const TARGET_MS = 50;
const HTTPYAC_DOCUMENTED_MS_PER_REQUEST = 0.45;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** httpyac's parser through its public file store; undefined when it cannot be loaded here. */
async function httpyacParser(dir: string): Promise<((text: string) => Promise<number>) | undefined> {
  try {
    const httpyac = await import('httpyac');
    // httpyac's I/O is pluggable; its CLI installs the node file provider the same way.
    httpyac.cli.initFileProvider();
    let n = 0;
    const parse = async (text: string): Promise<number> => {
      const store = new httpyac.store.HttpFileStore();
      const file = await store.parse(join(dir, `bench-${n++}.http`), text, { workingDir: dir });
      return file.httpRegions.length;
    };
    return parse;
  } catch (e) {
    console.log(`httpyac parser not measured: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * The first parse in FRESH new processes (nothing compiled or warmed yet) of each bundle, alternating between them
 * so both see the same load: per bundle, the field medians and the best CPU.
 */
function freshParses(bundlePaths: string[], textPath: string): Array<FreshSample & { best: number }> {
  const runs: FreshSample[][] = bundlePaths.map(() => []);
  for (let i = 0; i < FRESH; i++) {
    bundlePaths.forEach((bundlePath, b) => {
      const script = freshScript(
        `const text = fs.readFileSync(${JSON.stringify(textPath)}, 'utf8'); const lib = require(${JSON.stringify(bundlePath)});`,
        'lib.parseHttpFile(text);',
      );
      runs[b].push(runFresh(FRESH_NODE, script));
    });
  }
  return runs.map((r) => ({ ...medianSample(r), best: Math.min(...r.map((s) => s.cpu)) }));
}

/** The parser of the checkout at `root` bundled like the extension (esbuild, minified, node20) into `outfile`. */
async function bundleParser(root: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [join(root, 'src/core/http/parser.ts')], outfile, bundle: true, platform: 'node',
    format: 'cjs', target: 'node20', minify: true, logLevel: 'warning',
  });
}

async function bundledParser(dir: string): Promise<(text: string) => HttpFile> {
  const outfile = join(dir, 'parser.cjs');
  await bundleParser(resolve(__dirname, '../..'), outfile);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(outfile) as { parseHttpFile: (text: string) => HttpFile }).parseHttpFile;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'aio-parse-bench-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(dir: string): Promise<void> {
  const parseHttpFile = await bundledParser(dir);
  const text = generate(REQUESTS);
  const lines = text.split('\n').length;
  console.log(`Parse bench: ${REQUESTS} requests, ${lines} lines, ${(text.length / 1024 / 1024).toFixed(2)} MB`);

  let t = performance.now();
  const first = parseHttpFile(text);
  const cold = performance.now() - t;
  if (first.blocks.length !== REQUESTS) throw new Error(`expected ${REQUESTS} blocks, parsed ${first.blocks.length}`);
  const warm: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const c = process.cpuUsage();
    t = performance.now();
    parseHttpFile(text);
    warm.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const ours = median(warm);
  const best = Math.min(...warm);
  const verdict = ours <= TARGET_MS ? 'meets' : 'MISSES';
  console.log(`aio-requests: cold ${cold.toFixed(1)} ms; warm median of ${ROUNDS} ${ours.toFixed(1)} ms ` +
    `(${((ours * 1000) / REQUESTS).toFixed(2)} µs/request), best ${best.toFixed(1)} ms, CPU median ${median(cpu).toFixed(1)} ms ` +
    `— ${verdict} the ${TARGET_MS} ms target`);
  const textPath = join(dir, 'bench.http');
  await writeFile(textPath, text);
  const bundles = [join(dir, 'parser.cjs')];
  if (BASELINE) {
    bundles.push(join(dir, 'baseline-parser.cjs'));
    await bundleParser(resolve(BASELINE), bundles[1]);
  }
  const [fresh, baseline] = freshParses(bundles, textPath);
  console.log(`First parse in a fresh process (Node ${nodeVersion(FRESH_NODE)}, median of ${FRESH}): ${formatSample(fresh)}; ` +
    `best ${fresh.best.toFixed(1)} ms CPU — ${fresh.cpu <= TARGET_MS ? 'meets' : 'MISSES'} the ${TARGET_MS} ms target (CPU)`);
  if (baseline) {
    console.log(`  baseline ${BASELINE} (same run, alternating): ${formatSample(baseline)}; best ${baseline.best.toFixed(1)} ms CPU ` +
      `— this checkout ${((fresh.cpu / baseline.cpu) * 100).toFixed(0)}% of its CPU`);
  }
  console.log(`httpYac documented: ≈${HTTPYAC_DOCUMENTED_MS_PER_REQUEST} ms/request ≈ ${(HTTPYAC_DOCUMENTED_MS_PER_REQUEST * REQUESTS).toFixed(0)} ms for this file`);

  const yac = await httpyacParser(dir);
  if (!yac) return;
  const times: number[] = [];
  let regions = 0;
  for (let i = 0; i < HTTPYAC_ROUNDS; i++) {
    t = performance.now();
    regions = await yac(text);
    times.push(performance.now() - t);
  }
  const theirs = median(times);
  console.log(`httpyac parser (same run): median of ${HTTPYAC_ROUNDS} ${theirs.toFixed(0)} ms ` +
    `(${(theirs / REQUESTS).toFixed(3)} ms/request, ${regions} regions) — ratio ${(theirs / ours).toFixed(0)}× ours`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
