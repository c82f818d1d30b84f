import { scenario } from '../harness/scenario';

scenario('"Adobe I/O: Show Log" from the command palette shows the "Adobe I/O Requests" output channel', async ({ workbench }) => {
  await workbench.runCommand('Adobe I/O: Show Log');
  const panel = workbench.page.locator('.part.panel');
  await workbench.expectVisible(panel.locator('.output-view, .monaco-editor'), 'the Output panel');
  // The channel picker names the channel shown, and the channel holds the activation line (the editor
  // renders spaces as no-break spaces, hence \s).
  await workbench.expectText(panel.locator('select.monaco-select-box, .monaco-select-box'), 'Adobe I/O Requests', 'the output channel picker');
  // Earlier suites may have logged more than the panel shows, and the output follows its end: go to the top.
  // Click near the editor's top-left corner: the centre of a long log's line layer can sit under the panel's title bar.
  await panel.locator('.monaco-editor').first().click({ position: { x: 60, y: 12 } });
  await workbench.page.keyboard.press('Control+Home');
  await workbench.expectText(panel.locator('.view-lines'), /Activated\s+in/, 'the log content');
});
