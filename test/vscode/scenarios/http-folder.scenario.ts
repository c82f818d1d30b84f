import { join } from 'node:path';
import { scenario } from '../harness/scenario';

// The workspace holds .http files: the extension activated at start-up (the activation suite checks that
// before anything else ran), so its status bar item is there; opening a .http file shows it in HTTP mode.
scenario('in a folder of .http files the Adobe status bar item shows, and a .http file opens as HTTP', async ({ workbench, workspaceDir }) => {
  const statusBar = workbench.page.locator('.part.statusbar');
  await workbench.expectText(statusBar, /Adobe: no profile/, 'the status bar');
  await workbench.runCommand('File: Open File...');
  await workbench.pickPath(join(workspaceDir, 'sample.http'));
  await workbench.expectVisible(workbench.page.locator('.tabs-container .tab', { hasText: 'sample.http' }), 'an editor tab for sample.http');
  await workbench.expectText(statusBar.locator('.statusbar-item'), /^HTTP$/, 'the language mode in the status bar');
  await workbench.expectText(statusBar, /Adobe: no profile/, 'the status bar with the .http file open');
});
