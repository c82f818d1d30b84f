import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../harness/scenario';

// Proves the harness's `pickPath` helper against code-server's file picker, which later scenarios use to
// import credentials: with a file that existed when the window opened, and with one written just now.
scenario('a path typed into the file picker opens that file', async ({ workbench, workspaceDir }) => {
  await workbench.runCommand('File: Open File...');
  await workbench.pickPath(join(workspaceDir, 'notes.txt'));
  await workbench.expectVisible(workbench.page.locator('.tabs-container .tab', { hasText: 'notes.txt' }), 'an editor tab for notes.txt');

  const fresh = join(workspaceDir, `picked-${Date.now()}.txt`);
  writeFileSync(fresh, 'written by the scenario\n');
  try {
    await workbench.runCommand('File: Open File...');
    await workbench.pickPath(fresh);
    await workbench.expectVisible(workbench.page.locator('.tabs-container .tab', { hasText: 'picked-' }), 'an editor tab for the new file');
  } finally {
    rmSync(fresh, { force: true });
  }
});
