// Bench: the cost of analysing what a user imports — a Console config.zip + workspace JSON (zip read, key
// parse, certificate parse and match, JSON read) — and of refusing hostile archives (a 40 MB-inflating bomb
// declaring 2 KB, 300 entries, a duplicate name). Prints ops/s and ms/op. BENCH_CREDENTIALS_RUNS overrides.
import { performance } from 'node:perf_hooks';
import { analyzeFiles, type InputFile } from '../../src/core/credentials/index';
import { generateCredentialPair, makeConfigZip, makeWorkspaceJson, makeZip } from '../../test/support/credentials-fixtures';

const RUNS = Number(process.env.BENCH_CREDENTIALS_RUNS ?? 200);

async function time(name: string, files: InputFile[], expectAcceptable: boolean, runs = RUNS): Promise<void> {
  const first = await analyzeFiles(files);
  if (first.acceptable !== expectAcceptable) throw new Error(`${name}: acceptable=${first.acceptable}, expected ${expectAcceptable}`);
  const start = performance.now();
  for (let i = 0; i < runs; i++) await analyzeFiles(files);
  const ms = performance.now() - start;
  const heap = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
  process.stdout.write(`${name.padEnd(48)} ${String(runs).padStart(6)} runs  ${Math.round(runs / (ms / 1000)).toLocaleString('en-US').padStart(8)} ops/s  ${(ms / runs).toFixed(2).padStart(8)} ms/op  heap ${heap} MB\n`);
}

async function main(): Promise<void> {
  const pair = await generateCredentialPair();
  const zip: InputFile = { name: 'config.zip', bytes: makeConfigZip(pair, { folder: 'config', macNoise: true }) };
  const json: InputFile = { name: 'workspace.json', bytes: Buffer.from(JSON.stringify(makeWorkspaceJson())) };
  await time('config.zip + workspace JSON (accepted)', [zip, json], true);
  await time('bomb: 2 KB declared, 40 MB inflated (refused)', [{ name: 'bomb.zip', bytes: makeZip([{ name: 'private.key', data: Buffer.alloc(40 * 1024 * 1024), declaredSize: 2048 }]) }], false, 50);
  await time('300 entries (refused)', [{ name: 'many.zip', bytes: makeZip(Array.from({ length: 300 }, (_, i) => ({ name: `f${i}`, data: '' }))) }], false);
  await time('duplicate names after case folding (refused)', [{ name: 'dup.zip', bytes: makeZip([{ name: 'private.key', data: 'a' }, { name: 'PRIVATE.KEY', data: 'b' }]) }], false);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
