// Bench: group 2,000 capping/throttling configs (1,000 endpoints, URLs written with varying case, default
// ports and trailing slashes, a fifth of the deployed ones edited in place) and turn them into view rows,
// against the 50 ms target; then compile the matcher over the same configs and answer 1,000 lookups.
// Measured as shipped (bundled and minified by esbuild). Prints cold, warm median, best and CPU median.
// BENCH_JOURNEY_ENDPOINTS / BENCH_JOURNEY_ROUNDS override the sizes.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { endpointRows as EndpointRows, groupByEndpoint as GroupByEndpoint } from '../../src/core/journey/grouping';
import type { EndpointMatcher as Matcher } from '../../src/core/journey/matcher';
import type { CappingConfig, ThrottlingConfig } from '../../src/core/journey/types';

const ENDPOINTS = Number(process.env.BENCH_JOURNEY_ENDPOINTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_JOURNEY_ROUNDS ?? 20);
const TARGET_MS = 50;

interface Bundle {
  groupByEndpoint: typeof GroupByEndpoint;
  endpointRows: typeof EndpointRows;
  EndpointMatcher: typeof Matcher;
}

function generate(endpoints: number): { capping: CappingConfig[]; throttling: ThrottlingConfig[] } {
  const capping: CappingConfig[] = [];
  const throttling: ThrottlingConfig[] = [];
  for (let i = 0; i < endpoints; i++) {
    const host = `api${i % 97}.partner${Math.floor(i / 97)}.example.com`;
    const path = `/v${i % 3}/resource${i}/*`;
    // The same endpoint written two ways, so that normalisation decides the grouping.
    const spellings = [`https://${host}${path}`, `HTTPS://${host.toUpperCase()}:443${path}`];
    const calls = 100 + (i % 50) * 10;
    const first: CappingConfig = {
      uid: `cap-${i}-a`, url: spellings[0], methods: ['GET', 'POST'], state: 'created',
      services: { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: calls, periodInMs: 1000 } } },
    };
    if (i % 2 === 0) {
      first.state = 'deployed';
      first.hasBeenDeployed = true;
      first.deployedConfig = { url: first.url, methods: first.methods, services: structuredClone(first.services) };
      if (i % 10 === 0) {
        first.state = 'updated';
        first.services = { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: calls * 3, periodInMs: 1000 } } };
      }
    }
    capping.push(first);
    if (i % 5 === 4) {
      throttling.push({ uid: `thr-${i}`, name: `throttle ${i}`, urlPattern: spellings[1], methods: ['POST'], maxThroughput: 200 + (i % 48) * 100, state: i % 2 ? 'deployed' : 'created' });
    } else {
      capping.push({
        uid: `cap-${i}-b`, url: spellings[1], methods: ['PUT'], state: 'created',
        services: { action: { rating: { maxCallsCount: calls, periodInMs: 60_000 } } },
      });
    }
  }
  return { capping, throttling };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function bundled(dir: string): Promise<Bundle> {
  const entry = join(dir, 'entry.ts');
  const core = resolve(__dirname, '../../src/core/journey');
  await writeFile(entry, `export { groupByEndpoint, endpointRows } from ${JSON.stringify(join(core, 'grouping'))};\nexport { EndpointMatcher } from ${JSON.stringify(join(core, 'matcher'))};\n`);
  const outfile = join(dir, 'journey.cjs');
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'warning' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as Bundle;
}

function measure(label: string, rounds: number, run: () => number, target?: number): void {
  let t = performance.now();
  const size = run();
  const cold = performance.now() - t;
  const warm: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const c = process.cpuUsage();
    t = performance.now();
    run();
    warm.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const verdict = target === undefined ? '' : ` — ${median(warm) <= target ? 'meets' : 'MISSES'} the ${target} ms target`;
  console.log(`${label}: ${size.toLocaleString('en-US')} items; cold ${cold.toFixed(1)} ms; warm median of ${rounds} ${median(warm).toFixed(1)} ms, ` +
    `best ${Math.min(...warm).toFixed(1)} ms, CPU median ${median(cpu).toFixed(1)} ms${verdict}`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'aio-journey-bench-'));
  try {
    const { groupByEndpoint, endpointRows, EndpointMatcher } = await bundled(dir);
    const { capping, throttling } = generate(ENDPOINTS);
    const total = capping.length + throttling.length;
    const rows = endpointRows(groupByEndpoint(capping, throttling));
    if (rows.length !== ENDPOINTS) throw new Error(`expected ${ENDPOINTS} endpoint rows, got ${rows.length}`);
    const children = rows.reduce((n, r) => n + r.configs.length, 0);
    if (children !== total) throw new Error(`expected ${total} config rows, got ${children}`);
    console.log(`Journey bench: ${total} configs (${capping.length} capping, ${throttling.length} throttling), ${rows.length} endpoints`);
    console.log(`  e.g. ${rows[0].configs[0].label} | ${rows[0].configs[0].description}`);
    measure('group + rows', ROUNDS, () => endpointRows(groupByEndpoint(capping, throttling)).length, TARGET_MS);
    const urls = Array.from({ length: 1000 }, (_, i) => `https://api${i % 97}.partner${Math.floor(i / 97)}.example.com/v${i % 3}/resource${i}/items/${i}`);
    measure('matcher compile', ROUNDS, () => (new EndpointMatcher(capping, throttling), total));
    const matcher = new EndpointMatcher(capping, throttling);
    let found = 0;
    for (const url of urls) found += matcher.match({ method: 'GET', url }).capping.length;
    if (found === 0) throw new Error('the matcher found nothing');
    measure('matcher: 1,000 lookups', ROUNDS, () => urls.reduce((n, url) => n + matcher.match({ method: 'GET', url }).capping.length, 0));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
