import type { FrameLocator, Locator } from 'playwright-core';
import { scenario } from '../harness/scenario';
import type { Workbench } from '../harness/workbench';
import { HOSTILE_BODY } from './hostile-payload';

// The response view through the browser. responses.suite.ts sent two requests with the real core runner (a JSON
// echo carrying a real token, and a hostile HTML page) and presented them; here every editor is closed, each entry
// is reopened from the History view, and the webview's DOM is read: the hostile markup shows as text and nothing in
// it ran (each payload would set window.__pwned or open a dialog); the JSON renders as folds a keyboard can toggle.

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

  await workbench.runCommand('Adobe I/O: Filter History…');
  await workbench.answer(/method, URL, status/, 'hostile');
  const history = workbench.view('History');
  await workbench.waitUntil(async () => (await history.locator('.monaco-list-row', { hasText: '/echo' }).count()) === 0, 'the filter to hide the echo entry');
  await workbench.expectVisible(history.locator('.monaco-list-row', { hasText: '/hostile' }), 'the hostile entry under the filter');
  await workbench.runCommand('Adobe I/O: Filter History…');
  await workbench.answer(/method, URL, status/, '');
  await workbench.expectVisible(history.locator('.monaco-list-row', { hasText: '/echo' }), 'the echo entry once the filter is cleared');
  await workbench.runCommand('View: Close All Editors');
}, { timeoutMs: 90_000 });
