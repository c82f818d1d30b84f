import { scenario } from '../harness/scenario';

// The Testing view in the browser: it lists checks.http (fixture) and its two requests; Run All Tests passes the
// one asserting `status == 200` against the emulator and fails the one asserting 418, whose message says so.
scenario('the Testing view lists the requests of checks.http, and Run All passes one and fails the other with its message', async ({ workbench }) => {
  const { page } = workbench;
  await workbench.runCommand('View: Show Testing');
  const rows = page.locator('.part.sidebar .monaco-list-row');
  const fileRow = rows.filter({ hasText: 'checks.http' }).first();
  await workbench.expectVisible(fileRow, 'checks.http in the Testing view', 30_000);
  await workbench.waitUntil(async () => {
    if ((await rows.filter({ hasText: 'wrongStatus' }).count()) > 0) return true;
    if ((await fileRow.getAttribute('aria-expanded')) !== 'true') await fileRow.locator('.monaco-tl-twistie').click();
    return false;
  }, 'checks.http to expand to its requests');
  await workbench.expectVisible(rows.filter({ hasText: 'healthUp' }), 'the healthUp request');
  await workbench.runCommand('Test: Run All Tests');
  await workbench.expectVisible(rows.filter({ hasText: 'healthUp' }).locator('.codicon-testing-passed-icon'), 'healthUp marked passed', 30_000);
  await workbench.expectVisible(rows.filter({ hasText: 'wrongStatus' }).locator('.codicon-testing-failed-icon'), 'wrongStatus marked failed', 30_000);
  await workbench.runCommand('Test Results: Focus on Test Results View');
  await workbench.expectText(page.locator('.part.panel'), /status == 418/, 'the failure message in the Test Results view', 15_000);
  await workbench.screenshot('testing-view-results');
  await workbench.runCommand('View: Toggle Panel Visibility');
  await workbench.waitUntil(async () => !(await page.locator('.part.panel').isVisible()), 'the panel to close');
}, { timeoutMs: 120_000 });
