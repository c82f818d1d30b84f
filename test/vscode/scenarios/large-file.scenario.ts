import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scenario } from '../harness/scenario';

// Large `.http` files through the UI. The editor reads a file's requests first (CodeLens, Outline) and its details
// (problems, variable uses) a step at a time afterwards (parseHttpFile, HttpFileStore.withDetails):
// - 10,000 requests: CodeLens on the first and the last request, and the mistakes written into the last one (an
//   undefined variable, an unknown directive) underlined: nothing else in the file is a problem;
// - a request whose body is too dense to parse safely: listed at first, then refused when the details are read, its
//   CodeLens gone, the refusal the file's one problem.

const REQUESTS = 10_000;

function largeFile(): string {
  const out = ['@base = https://x.test', ''];
  for (let i = 0; i < REQUESTS - 1; i++) {
    out.push(`### Item ${i}`, `# @name item${i}`, `POST {{base}}/items/${i}`, 'Content-Type: application/json', '',
      `{"id": ${i}, "name": "item ${i}", "tags": ["a", "b"], "note": "generated for the large-file scenario"}`, '');
  }
  out.push('### The last one', '# @bogusDirective', 'GET {{base}}/items/{{nowhereDefined}}', 'Accept: application/json', '');
  return out.join('\n');
}

/** The line (1-based) of the last request line: two header lines, seven per request, then its title and directive. */
const LAST_REQUEST_LINE = 2 + (REQUESTS - 1) * 7 + 3;

scenario('.http language service: a 10,000-request file opens with CodeLens on its first and last requests and only its mistakes underlined; a file too dense to parse loses its CodeLens', async ({ workbench, workspaceDir }) => {
  const page = workbench.page;
  const large = join(workspaceDir, 'ten-thousand.http');
  const dense = join(workspaceDir, 'too-dense.http');
  await writeFile(large, largeFile());
  await writeFile(dense, `POST https://x.test/upload\n\n${'{{a}}'.repeat(1_000_000)}\n`);
  const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration a:visible', { hasText: 'Send Request' });
  const problemsItem = page.locator('.part.statusbar .statusbar-item', { has: page.locator('.codicon-error') }).first();
  try {
    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(large);
    await workbench.expectVisible(page.locator('.tabs-container .tab', { hasText: 'ten-thousand.http' }), 'an editor tab for the file');
    await workbench.expectVisible(lens.first(), 'the Send Request CodeLens at the top of the file', 30_000);
    // The end of the file: the last request's CodeLens, an error under the undefined variable, a warning under the
    // unknown directive, and the status bar counting just those two.
    // Go to Line (not a click and Ctrl+End: a click on the text may land on a CodeLens, and then the keys go nowhere).
    await workbench.runCommand('Go to Line/Column...');
    await workbench.quickInputBox.fill(`:${LAST_REQUEST_LINE}`);
    await page.keyboard.press('Enter');
    await workbench.expectVisible(page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'nowhereDefined' }), 'the last request on screen', 30_000);
    await workbench.expectVisible(lens.first(), 'the Send Request CodeLens at the end of the file', 30_000);
    await workbench.expectVisible(page.locator('.editor-instance .monaco-editor .squiggly-error').first(), 'an error squiggle under the undefined variable', 30_000);
    await workbench.expectVisible(page.locator('.editor-instance .monaco-editor .squiggly-warning').first(), 'a warning squiggle under the unknown directive', 30_000);
    await workbench.expectText(problemsItem, /^\D*1\D+1\D*$/, 'one error and one warning in the status bar', 30_000);
    await workbench.runCommand('View: Revert and Close Editor');

    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(dense);
    await workbench.expectVisible(page.locator('.tabs-container .tab', { hasText: 'too-dense.http' }), 'an editor tab for the dense file');
    await workbench.expectText(problemsItem, /^\D*1\D+0\D*$/, 'the refusal, the file\'s one problem, in the status bar', 60_000);
    await workbench.waitUntil(async () => (await lens.count()) === 0, 'the dense file\'s CodeLens to go', 30_000);
    await workbench.runCommand('View: Revert and Close Editor');
  } finally {
    await rm(large, { force: true });
    await rm(dense, { force: true });
  }
}, { timeoutMs: 240_000 });
