import type { FrameLocator } from 'playwright-core';
import type { Workbench } from '../harness/workbench';

// Shared by the simulator scenarios (palette and Endpoints row).

/** The simulator's page: code-server nests it (the webview host iframe, then #active-frame). */
export function simulatorPage(workbench: Workbench): FrameLocator {
  return workbench.page.frameLocator('iframe.webview').last().frameLocator('#active-frame');
}

/** With an active profile the command asks where the limits come from; without one it goes straight to typing them. */
export async function typeLimitsIfAsked(workbench: Workbench): Promise<void> {
  // The pick's title (its placeholder is an attribute, not text a locator sees).
  const pick = workbench.quickInput.filter({ hasText: /Simulate Traffic: limits/ });
  const capping = workbench.quickInput.filter({ hasText: /Capping limit as calls per period/ });
  const asked = await workbench.waitUntil(async () => ((await pick.isVisible()) ? 'pick' : (await capping.isVisible()) ? 'typed' : undefined), 'the limits step');
  if (asked === 'pick') await workbench.choose('Type limits');
}

/**
 * Waits until the chart `chartId` is drawn with the series `key` as a path with data. (A path is not "visible" to
 * playwright when it is a flat line: its box has no height.)
 */
export async function expectSeries(workbench: Workbench, chartId: string, key: string, timeoutMs = 30_000): Promise<void> {
  const page = simulatorPage(workbench);
  await workbench.expectVisible(page.locator(`#${chartId} svg`), `the chart #${chartId}`, timeoutMs);
  const path = page.locator(`#${chartId} svg path.series-${key}`);
  await workbench.waitUntil(async () => (await path.count()) > 0 && /^M[\d.]/.test((await path.first().getAttribute('d')) ?? ''), `the ${key} series drawn in #${chartId}`);
}
