import type { FrameLocator, Locator } from 'playwright-core';
import { scenario } from '../harness/scenario';
import type { Workbench } from '../harness/workbench';
import { HOSTILE_BODY, REDIRECT_CHAIN } from './hostile-payload';

// The response view through the browser. responses.suite.ts sent two requests with the real core runner (a JSON
// echo carrying a real token, and a hostile HTML page) and presented them; here every editor is closed, each entry
// is reopened from the History view, and the webview's DOM is read: the hostile markup shows as text and nothing in
// it ran (each payload would set window.__pwned or open a dialog); the JSON renders as folds a keyboard can toggle.
// First, while the suite's last panel (a 45 MB JSON) is still on screen: Open in Editor.

/** The response webview's content frame (code-server nests it: the webview host iframe, then #active-frame). */
function responseFrame(workbench: Workbench): FrameLocator {
  return workbench.page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
}

async function historyRow(workbench: Workbench, text: string): Promise<Locator> {
  await workbench.openViewContainer('Adobe I/O');
  const history = workbench.view('History');
  const header = history.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  const row = history.locator('.monaco-list-row', { hasText: text }).first();
  await workbench.expectVisible(row, `the History row "${text}"`);
  return row;
}

async function reopen(workbench: Workbench, rowText: string): Promise<FrameLocator> {
  await workbench.runCommand('View: Close All Editors');
  await workbench.waitUntil(async () => (await workbench.page.locator('iframe.webview').count()) === 0, 'every webview to close');
  await (await historyRow(workbench, rowText)).click();
  const frame = responseFrame(workbench);
  await workbench.expectText(frame.locator('.status-line'), /200 OK/, 'the status line of the reopened response', 30_000);
  return frame;
}

scenario('a 45 MB JSON body is summarised, and Open in Editor shows it in a tab while the window stays usable', async ({ workbench }) => {
  // The suite presented this response last: its panel is the one on screen (a reopened entry has no body to open).
  await workbench.page.locator('.tabs-container .tab', { hasText: 'Response: big.http' }).click();
  const frames = workbench.page.locator('iframe.webview');
  const frame = await workbench.waitUntil(async () => {
    for (let i = 0; i < (await frames.count()); i++) {
      const candidate = workbench.page.frameLocator('iframe.webview').nth(i).frameLocator('#active-frame');
      if ((await candidate.locator('.too-large').count()) > 0) return candidate;
    }
    return undefined;
  }, 'a response view showing the big-body summary', 30_000);
  await workbench.expectText(frame.locator('.too-large'), /too large to show here/, 'the big-body summary');
  const started = Date.now();
  await frame.locator('.too-large button', { hasText: 'Open in Editor' }).click();
  const tab = workbench.page.locator('.tabs-container .tab', { hasText: /^response-[0-9a-f]{8}\.json/ });
  await workbench.expectVisible(tab, 'the editor tab of the body', 60_000);
  await workbench.expectText(workbench.page.locator('.editor-instance .view-lines'), /"item\snumber\s0"/, 'the start of the body in the editor', 60_000);
  process.stdout.write(`      (Open in Editor: 45 MB JSON in a tab after ${Date.now() - started} ms)\n`);
  // The window answers: the palette opens and runs a command right after.
  await workbench.runCommand('View: Close All Editors');
  await workbench.waitUntil(async () => (await tab.count()) === 0, 'the body tab to close');
  const reopened = await reopen(workbench, '/big.json');
  await workbench.expectText(reopened.locator('.section'), /is not kept in the history/, 'the reopened entry saying its body was not kept');
}, { timeoutMs: 120_000 });


scenario('History lists the sends; a hostile HTML response reopened from it shows as inert text', async ({ workbench }) => {
  const dialogs: string[] = [];
  const onDialog = (dialog: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  };
  workbench.page.on('dialog', onDialog);
  try {
    const frame = await reopen(workbench, '/hostile');
    await workbench.expectText(frame.locator('pre.body'), '<script>window.__pwned = "script"', 'the script tag as text');
    const state = await frame.locator('body').evaluate((body) => {
      const w = body.ownerDocument.defaultView as unknown as { __pwned?: unknown };
      const root = body.ownerDocument.getElementById('root')!;
      return {
        pwned: w.__pwned ?? null,
        active: root.querySelectorAll('script, img, svg, a, iframe, [onerror], [onload], [href]').length,
        text: root.querySelector('pre.body')?.textContent ?? '',
      };
    });
    if (state.pwned !== null) throw new Error(`a payload ran: window.__pwned = ${String(state.pwned)}`);
    if (state.active !== 0) throw new Error(`${state.active} live element(s) from the response are in the view`);
    if (state.text !== HOSTILE_BODY) throw new Error('the body is not shown verbatim as text');
    if (dialogs.length > 0) throw new Error(`a payload opened a dialog: ${dialogs.join(', ')}`);
  } finally {
    workbench.page.off('dialog', onDialog);
  }
}, { timeoutMs: 90_000 });

scenario('a JSON response reopened from History renders coloured folds that the keyboard toggles; the token shows as dots', async ({ workbench }) => {
  const frame = await reopen(workbench, '/echo?case=json');
  const key = frame.locator('.json-key', { hasText: '"headers"' }).first();
  await workbench.expectVisible(key, 'the JSON key "headers"');
  const node = frame.locator('.json .json-node', { has: frame.locator('summary') }).first();
  const summary = node.locator('summary').first();
  if ((await node.getAttribute('open')) === null) throw new Error('the top JSON node is not unfolded');
  await summary.focus();
  await summary.press('Enter');
  await workbench.waitUntil(async () => (await node.getAttribute('open')) === null, 'Enter on the JSON fold to close it');
  await summary.press('Enter');
  await workbench.waitUntil(async () => (await node.getAttribute('open')) !== null, 'Enter again to open it');
  const requestText = await frame.locator('#root').evaluate((root) => root.textContent ?? '');
  if (!/Bearer •••• \(expires (?:\d{4}-\d\d-\d\d )?\d\d:\d\d\)/.test(requestText)) throw new Error('the request as sent does not show the masked token with its expiry');
  if (/eyJ[\w-]{10,}\.[\w-]{10,}\./.test(requestText)) throw new Error('a token-shaped string is in the view');

  // Copy as cURL offers the token only as a choice; the default keeps it masked.
  const page = workbench.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate("navigator.clipboard.writeText('')");
  await frame.locator('button', { hasText: 'Copy as cURL' }).click();
  await workbench.expectVisible(workbench.quickInput.locator('.monaco-list-row', { hasText: 'Copy as cURL with Access Token' }), 'the choice of a cURL with the token');
  await workbench.choose('the access token masked');
  const curl = await workbench.waitUntil(async () => {
    const text = String(await page.evaluate('navigator.clipboard.readText()'));
    return text.startsWith('curl ') ? text : undefined;
  }, 'the cURL command on the clipboard');
  if (!curl.includes("-H 'Authorization: Bearer ***'") || /eyJ[\w-]{10,}\./.test(curl)) throw new Error('the copied cURL command does not keep the token masked');
  await page.evaluate("navigator.clipboard.writeText('')");

  // Filter History, with no response view open: closing the palette gives the focus back to the last focused
  // editor, and a webview takes it back a moment later (through its frame), which would dismiss the input box
  // that opened in between.
  await workbench.runCommand('View: Close All Editors');
  await workbench.waitUntil(async () => (await workbench.page.locator('iframe.webview').count()) === 0, 'every webview to close');
  await workbench.runCommand('Adobe I/O: Filter History…');
  await workbench.answer(/method, URL, status/, 'hostile');
  const history = workbench.view('History');
  await workbench.waitUntil(async () => (await history.locator('.monaco-list-row', { hasText: '/echo' }).count()) === 0, 'the filter to hide the echo entry');
  await workbench.expectVisible(history.locator('.monaco-list-row', { hasText: '/hostile' }), 'the hostile entry under the filter');
  await workbench.runCommand('Adobe I/O: Filter History…');
  await workbench.answer(/method, URL, status/, '');
  await workbench.expectVisible(history.locator('.monaco-list-row', { hasText: '/echo' }), 'the echo entry once the filter is cleared');
}, { timeoutMs: 90_000 });

scenario('a redirected response reopened from History shows its timings and each hop of the 302 → 302 → 200 chain in order', async ({ workbench }) => {
  const frame = await reopen(workbench, REDIRECT_CHAIN[0]!);
  // Timings: folded at first; opened from the keyboard, it lists how the connection was made, first byte and total.
  const timings = frame.locator('details.section', { has: frame.locator('summary', { hasText: /^Timings$/ }) });
  const summary = timings.locator('summary').first();
  await summary.focus();
  await summary.press('Enter');
  const table = timings.locator('table.timings');
  await workbench.expectVisible(table, 'the Timings table');
  await workbench.expectText(table, /Connection/, 'the connection row');
  await workbench.expectText(table, /First byte/, 'the first-byte row');
  await workbench.expectText(table, /Total/, 'the total row');
  // Redirects: open, one row per hop, in the order they were sent.
  const redirects = frame.locator('details.section', { has: frame.locator('summary', { hasText: 'Redirects (2)' }) });
  await workbench.expectVisible(redirects.locator('ol.redirects'), 'the Redirects section');
  const hops = await redirects.locator('li.redirect-hop').allTextContents();
  const expected = [
    new RegExp(`^302 GET http://127\\.0\\.0\\.1:\\d+${escape(REDIRECT_CHAIN[0]!)} → ${escape(REDIRECT_CHAIN[1]!)} \\([\\d.]+ m?s, (new|reused) connection`),
    new RegExp(`^302 GET http://127\\.0\\.0\\.1:\\d+${escape(REDIRECT_CHAIN[1]!)} → ${escape(REDIRECT_CHAIN[2]!)} \\([\\d.]+ m?s, (new|reused) connection`),
    new RegExp(`^200 GET http://127\\.0\\.0\\.1:\\d+${escape(REDIRECT_CHAIN[2]!)} \\([\\d.]+ m?s, (new|reused) connection`),
  ];
  if (hops.length !== 3 || !hops.every((text, i) => expected[i]!.test(text))) throw new Error(`the hops shown are not the chain in order: ${JSON.stringify(hops)}`);
  await workbench.runCommand('View: Close All Editors');
}, { timeoutMs: 90_000 });

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
