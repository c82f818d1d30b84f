import { simulate } from '../../../src/core/traffic/simulate';
import { scenario } from '../harness/scenario';
import { expectSeries, simulatorPage, typeLimitsIfAsked } from './simulator-page';

// "Simulate Traffic…" from the palette with typed limits: the chart's SVG series and the totals show, and the
// totals are the core simulator's for the same input (5,000 events/s for 60 s against a 500 calls / 1 s cap).

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

scenario('"Simulate Traffic…" with typed limits draws the chart and shows the core simulator\'s totals', async ({ workbench }) => {
  const expected = simulate({ eventsPerSecond: 5000, durationSeconds: 60, latencyMs: 100, capping: { maxCallsCount: 500, periodInMs: 1000, maxHttpConnections: null } }).totals;
  await workbench.runCommand('View: Close All Editors');
  await workbench.runCommand('Adobe I/O: Simulate Traffic…');
  try {
    await workbench.answer(/The endpoint the journey calls/, 'https://api.example.org/orders');
    await workbench.choose('POST');
    await workbench.choose('Unitary journey');
    await workbench.answer(/Events per second/, '5000/s');
    await workbench.answer(/How long events arrive/, '60s');
    await workbench.answer(/Endpoint answer time/, '100');
    await typeLimitsIfAsked(workbench);
    await workbench.answer(/Capping limit as calls per period/, '500/1s');
    await workbench.answer(/maxHttpConnections/, '');
    await workbench.answer(/Throttling limit/, '');
    const view = simulatorPage(workbench);
    await expectSeries(workbench, 'calls-chart', 'accepted');
    await expectSeries(workbench, 'calls-chart', 'rejected');
    await expectSeries(workbench, 'wait-chart', 'wait');
    const totals = view.locator('#totals');
    await workbench.expectText(totals, new RegExp(`Offered\\s*${count(expected.offered)}`), `the offered total (${count(expected.offered)})`);
    await workbench.expectText(totals, new RegExp(`Accepted\\s*${count(expected.accepted)}`), `the accepted total (${count(expected.accepted)})`);
    await workbench.expectText(totals, new RegExp(`Rejected attempts \\(capping\\)\\s*${count(expected.rejected)}`), `the rejected total (${count(expected.rejected)})`);
    await workbench.expectText(view.locator('header'), /typed: capping 500 calls \/ 1 s/, 'where the limits come from');
  } finally {
    await workbench.runCommand('View: Close All Editors');
  }
}, { timeoutMs: 90_000 });
