import { join } from 'node:path';
import { scenario } from '../harness/scenario';

// Proves the harness's `pickPath` helper against code-server's file picker, which later scenarios use
// to import credentials.
scenario('a path typed into the file picker opens that file', async ({ workbench, workspaceDir }) => {
  await workbench.runCommand('File: Open File...');
  await workbench.pickPath(join(workspaceDir, 'notes.txt'));
  await workbench.expectVisible(workbench.page.locator('.tabs-container .tab', { hasText: 'notes.txt' }), 'an editor tab for notes.txt');
});
