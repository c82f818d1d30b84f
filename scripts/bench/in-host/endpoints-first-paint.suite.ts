// Runs inside the extension host for scripts/bench/endpoints-view.ts: shows the Endpoints view, then times
// Refresh → the root rows handed to VS Code (the configs listed from the emulator, grouped and mapped), N
// times, and writes the samples beside the runner's results.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../../../test/vscode/framework/test';
import { ourExtension } from '../../../test/vscode/framework/host';
import type { EndpointsTestHooks } from '../../../src/vscode/endpoints/test-hooks';

const RUNS = Number(process.env.BENCH_ENDPOINTS_RUNS ?? 15);

test('Endpoints view: Refresh to first paint against the emulator', async () => {
  const hooks = ((await ourExtension().activate()) as { endpoints?: EndpointsTestHooks }).endpoints;
  assert.ok(hooks, 'the extension exports no endpoints hooks (AIO_TEST_USER_DATA_DIR unset?)');
  await vscode.commands.executeCommand('aioRequests.endpoints.focus');
  // The first refresh loads dist/journey.js and opens the connection: timed apart from the warm ones.
  const first = await hooks.refresh();
  assert.ok(first.labels.length > 1, `the view shows no endpoints: ${first.labels.join(', ')}`);
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push((await hooks.refresh()).ms);
  const { resultsDir } = JSON.parse(readFileSync(process.env.AIO_TEST_PLAN ?? '', 'utf8')) as { resultsDir: string };
  writeFileSync(join(resultsDir, 'endpoints-first-paint.json'), JSON.stringify({ first: first.ms, warm, endpoints: first.labels.length }));
}, { timeoutMs: 120_000 });
