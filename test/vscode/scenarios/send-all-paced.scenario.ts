import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../harness/scenario';

// Send All on a file with `# @rate 5/s`: the progress notification says what paces the run, and the emulator
// (which records when each call arrived) saw every request with no more than 5 in any 1 s window.

const COUNT = 15;
const RATE = 5;
const JITTER_MS = 150;

scenario('Send All on a # @rate 5/s file shows the pacing in its progress, and the emulator sees 5 calls a second at most', async ({ workbench, workspaceDir, emulatorUrl }) => {
  const page = workbench.page;
  const prefix = `/paced-${Date.now().toString(36)}`;
  const requests = Array.from({ length: COUNT }, (_, i) => `### call ${i + 1}\nGET {{host}}${prefix}/${i + 1}\n`);
  const file = join(workspaceDir, 'paced.http');
  writeFileSync(file, [`# @rate ${RATE}/s`, '@host = {{$processEnv AIO_EMULATOR_URL}}', '', ...requests].join('\n'));
  try {
    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(file);
    await workbench.expectVisible(page.locator('.tabs-container .tab[aria-label="paced.http"]'), 'an editor tab for paced.http');
    const sendAll = page.locator('.contentWidgets .codelens-decoration a', { hasText: /^Send All$/ }).first();
    await workbench.expectVisible(sendAll, 'the Send All CodeLens', 30_000);
    await sendAll.click();
    const progress = new RegExp(`\\d+/${COUNT} · paced ${RATE}/s by # @rate`);
    await workbench.waitUntil(async () => (await workbench.notifications()).some((n) => progress.test(n)), `the progress notification to say "n/${COUNT} · paced ${RATE}/s by # @rate"`, 30_000);
    await workbench.waitUntil(async () => (await workbench.notifications()).some((n) => /Send All: \d+ sent/.test(n)), 'the Send All summary', 60_000);

    const seen = (await (await fetch(`${emulatorUrl}/__control/calls`)).json()) as { calls: Array<{ path: string; arrivedAt: number }> };
    const arrivals = seen.calls.filter((c) => c.path.startsWith(`${prefix}/`)).map((c) => c.arrivedAt).sort((a, b) => a - b);
    if (arrivals.length !== COUNT) throw new Error(`the emulator saw ${arrivals.length} of the ${COUNT} requests`);
    // The emulator stamps arrivals on this test process's event loop, which also drives the browser: a stamp can
    // land up to ~0.1 s late, so the window checked is 1 s less that allowance (unpaced, all 15 land within it).
    const window = 1000 - JITTER_MS;
    const busiest = Math.max(...arrivals.map((start) => arrivals.filter((t) => t >= start && t < start + window).length));
    const shown = arrivals.map((t) => t - arrivals[0]!).join(', ');
    if (busiest > RATE) throw new Error(`the emulator saw ${busiest} requests within ${window} ms (# @rate ${RATE}/s): ${shown} ms`);
    // Paced, not merely slow: 15 calls at 5/s take at least 2 s from the first to the last.
    if (arrivals.at(-1)! - arrivals[0]! < 2000 - JITTER_MS) throw new Error(`15 calls at ${RATE}/s arrived within ${arrivals.at(-1)! - arrivals[0]!} ms: ${shown} ms`);
  } finally {
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Notifications: Clear All Notifications');
    rmSync(file, { force: true });
  }
}, { timeoutMs: 120_000 });
