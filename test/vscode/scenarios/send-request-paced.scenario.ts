import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../harness/scenario';

// A Send Request while Send All runs on the same `# @rate 2/s` file takes its turn on the file's one budget: the
// emulator sees the single send arrive in the middle of the run and still no more than 2 calls a second.

const COUNT = 10;
const RATE = 2;
const JITTER_MS = 150;

scenario('Send Request during a paced Send All waits its turn: the file\'s # @rate holds across both sends', async ({ workbench, workspaceDir, emulatorUrl }) => {
  const page = workbench.page;
  const prefix = `/shared-pace-${Date.now().toString(36)}`;
  const requests = Array.from({ length: COUNT - 1 }, (_, i) => `### call ${i + 1}\nGET {{host}}${prefix}/${i + 1}\n`);
  const file = join(workspaceDir, 'shared-pace.http');
  // `extra` first: its line is on screen however small the editor is (the editor renders only the lines in view).
  writeFileSync(file, [`# @rate ${RATE}/s`, '@host = {{$processEnv AIO_EMULATOR_URL}}', '', `### extra\nGET {{host}}${prefix}/extra\n`, ...requests].join('\n'));
  try {
    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(file);
    await workbench.expectVisible(page.locator('.tabs-container .tab[aria-label="shared-pace.http"]'), 'an editor tab for shared-pace.http');
    const sendAll = page.locator('.contentWidgets .codelens-decoration a', { hasText: /^Send All$/ }).first();
    await workbench.expectVisible(sendAll, 'the Send All CodeLens', 30_000);
    await sendAll.click();
    const progress = new RegExp(`\\d+/${COUNT} · paced ${RATE}/s by # @rate`);
    await workbench.waitUntil(async () => (await workbench.notifications()).some((n) => progress.test(n)), 'the Send All progress', 30_000);

    // While it runs: the cursor into the first request (Send All sent it already), then Send Request from the
    // Command Palette.
    await page.locator('.monaco-editor .view-lines .view-line', { hasText: `${prefix}/extra` }).first().click();
    await workbench.runCommand('Adobe I/O: Send Request');
    await workbench.waitUntil(async () => (await workbench.notifications()).some((n) => /Send All: \d+ sent/.test(n)), 'the Send All summary', 60_000);

    const calls = async () => ((await (await fetch(`${emulatorUrl}/__control/calls`)).json()) as { calls: Array<{ path: string; arrivedAt: number }> }).calls
      .filter((c) => c.path.startsWith(`${prefix}/`));
    // The Send All's ten and the single send's one (a second call to /extra).
    const seen = await workbench.waitUntil(async () => {
      const all = await calls();
      return all.length >= COUNT + 1 ? all : false;
    }, `the emulator to see ${COUNT + 1} calls`, 30_000);
    if (seen.length !== COUNT + 1) throw new Error(`the emulator saw ${seen.length} calls, not ${COUNT + 1}`);
    const extras = seen.filter((c) => c.path === `${prefix}/extra`).map((c) => c.arrivedAt).sort((a, b) => a - b);
    if (extras.length !== 2) throw new Error(`the emulator saw ${extras.length} calls to /extra, not 2 (Send All's and Send Request's)`);
    const lastNumbered = Math.max(...seen.filter((c) => c.path !== `${prefix}/extra`).map((c) => c.arrivedAt));
    // Proof the two sends overlapped: the single send's call (the second to /extra) came before Send All's last one.
    if (!(extras[1]! < lastNumbered)) throw new Error('the Send Request call arrived after the Send All had sent its calls: the sends did not overlap');
    const arrivals = seen.map((c) => c.arrivedAt).sort((a, b) => a - b);
    // Arrival stamps can land ~0.1 s late (see send-all-paced.scenario.ts): the window checked is 1 s less that.
    const window = 1000 - JITTER_MS;
    const busiest = Math.max(...arrivals.map((start) => arrivals.filter((t) => t >= start && t < start + window).length));
    if (busiest > RATE) throw new Error(`the emulator saw ${busiest} calls within ${window} ms (# @rate ${RATE}/s): ${arrivals.map((t) => t - arrivals[0]!).join(', ')} ms`);
  } finally {
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Notifications: Clear All Notifications');
    rmSync(file, { force: true });
  }
}, { timeoutMs: 120_000 });
