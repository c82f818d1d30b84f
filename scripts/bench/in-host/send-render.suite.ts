// Runs inside the extension host for scripts/bench/send-render.ts: opens a one-request .http file (a small JSON
// answer from the emulator, Adobe headers from the pre-imported profile), sends it with the Send Request command
// as the CodeLens does, and times command → the webview reporting the response rendered. Warm-up sends first
// (the first loads dist/run-context.js and the response bundle, mints the token, opens the connection). The CLI
// sends the same request in rounds between the editor's (AIO_BENCH_CLI), so both see the same machine load.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../../../test/vscode/framework/test';
import { emulatorUrl, ourExtension, workspaceDir } from '../../../test/vscode/framework/host';
import type { ResponseTestHooks } from '../../../src/vscode/responses/test-hooks';

const ROUNDS = 4;
const PER_ROUND = 5;
const WARM_UP = 3;

interface CliSpec {
  node: string;
  cli: string;
  args: string[];
}

export interface SendRenderSamples {
  /** Send Request → rendered, with the part until the command returned (sent, shown, posted) and the runner's wire time. */
  editor: Array<{ ms: number; commandMs: number; wireMs: number }>;
  /** The same once the history holds its most kept bodies (8 × 1 MB), as after a day of use. */
  fullHistory: Array<{ ms: number; commandMs: number; wireMs: number }>;
  /** The CLI's own time per request (warm, one process per round). */
  cli: number[];
}

const REQUEST = (base: string) => `POST ${base}/journey/orchestration/list/endpointConfigs\nContent-Type: application/json\n\n{}\n`;

test('Send Request to the response rendered in the webview, beside the CLI', async () => {
  const hooks = ((await ourExtension().activate()) as { responses?: ResponseTestHooks }).responses;
  assert.ok(hooks, 'the extension exports no response hooks (AIO_TEST_USER_DATA_DIR unset?)');
  const spec = JSON.parse(process.env.AIO_BENCH_CLI ?? '') as CliSpec;
  const file = join(workspaceDir(), 'bench-send.http');
  writeFileSync(file, `### list capping configs\n${REQUEST(emulatorUrl())}`);
  const cliFile = join(workspaceDir(), 'bench-send-cli.http');
  writeFileSync(cliFile, Array.from({ length: PER_ROUND + 1 }, (_, i) => `### send ${i}\n${REQUEST(emulatorUrl())}`).join('\n'));
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  const uri = document.uri.toString();

  const send = async (): Promise<SendRenderSamples['editor'][number]> => {
    const started = performance.now();
    // The first send creates the panel: there is no webview to wait on yet.
    const rendered = hooks.lastModel(uri) ? hooks.nextRender(uri) : undefined;
    await vscode.commands.executeCommand('aioRequests.sendRequest', uri, 0);
    const commandMs = performance.now() - started;
    const shown = await (rendered ?? firstRender(hooks, uri));
    const ms = performance.now() - started;
    const model = hooks.lastModel(uri);
    assert.equal(shown.exchangeId, model?.exchangeId, 'the render reported is of the last send');
    assert.equal(model?.response?.status, 200, JSON.stringify(model?.error ?? model?.response?.status));
    return { ms, commandMs, wireMs: model.response.timings.totalMs };
  };
  const cliRound = async (): Promise<number[]> => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(spec.node, [spec.cli, 'run', cliFile, '--json', ...spec.args], (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out))),
    );
    const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { status?: number; timeMs?: number });
    assert.ok(lines.length === PER_ROUND + 1 && lines.every((l) => l.status === 200), `the CLI run failed: ${stdout.slice(0, 400)}`);
    return lines.slice(1).map((l) => l.timeMs!);
  };

  for (let i = 0; i < WARM_UP; i++) await send();
  const samples: SendRenderSamples = { editor: [], fullHistory: [], cli: [] };
  for (let round = 0; round < ROUNDS; round++) {
    samples.cli.push(...(await cliRound()));
    for (let i = 0; i < PER_ROUND; i++) samples.editor.push(await send());
  }
  // A lived-in history: 8 responses of 1 MB kept (its total limit), presented from another file.
  const big = new TextEncoder().encode(JSON.stringify({ items: Array.from({ length: 14_000 }, (_, i) => ({ id: i, name: `item number ${i}`, tags: ['a', 'b'] })) }).slice(0, 1_000_000 - 20).replace(/,[^,]*$/, ']}'));
  const other = vscode.Uri.file(join(workspaceDir(), 'bench-big.http')).toString();
  for (let i = 0; i < 8; i++) {
    await hooks.present(other, {
      request: { method: 'GET', url: `${emulatorUrl()}/big/${i}`, headers: [] },
      response: { status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: big, url: `${emulatorUrl()}/big/${i}`, timings: { firstByteMs: 1, totalMs: 2 } },
    });
  }
  await vscode.window.showTextDocument(document);
  for (let i = 0; i < WARM_UP; i++) await send();
  for (let i = 0; i < ROUNDS * PER_ROUND; i++) samples.fullHistory.push(await send());
  const { resultsDir } = JSON.parse(readFileSync(process.env.AIO_TEST_PLAN ?? '', 'utf8')) as { resultsDir: string };
  writeFileSync(join(resultsDir, 'send-render.json'), JSON.stringify(samples));
}, { timeoutMs: 180_000 });

async function firstRender(hooks: ResponseTestHooks, uri: string): Promise<{ exchangeId: string }> {
  for (;;) {
    const rendered = hooks.rendered(uri);
    if (rendered && rendered.exchangeId === hooks.lastModel(uri)?.exchangeId) return rendered;
    await new Promise((r) => setTimeout(r, 5));
  }
}
