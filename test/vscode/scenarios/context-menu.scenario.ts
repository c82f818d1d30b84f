import { scenario } from '../harness/scenario';

// Proves the harness's `contextMenu` helper on a built-in menu, so feature scenarios can rely on it for
// tree-row menus.
scenario('a context-menu entry chosen through the harness runs', async ({ workbench }) => {
  await workbench.runCommand('View: Show Explorer');
  const row = workbench.page.locator('.part.sidebar .explorer-folders-view .monaco-list-row', { hasText: 'notes.txt' }).first();
  await workbench.expectVisible(row, 'notes.txt in the Explorer');
  await workbench.contextMenu(row, /^Rename/);
  const rename = workbench.page.locator('.part.sidebar .explorer-folders-view .monaco-inputbox input');
  await workbench.expectVisible(rename, 'the inline rename box');
  await workbench.page.keyboard.press('Escape');
});
