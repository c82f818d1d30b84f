import { scenario } from '../../harness/scenario';
import { DEMO_ORG, LOYALTY_URL, partnerSeeds, seedJourney } from '../../../support/journey-seed';
import { expectSeries, simulatorPage } from '../simulator-page';

// "Simulate Traffic…" on an Endpoints row: the simulator opens with that endpoint's URL and method filled in and
// simulates against its deployed configs (loyalty: capping 100 calls / 1 s ≤ 20 connections, throttling 4,000/s),
// without asking for limits. Runs after endpoints.scenario.ts, which leaves the profile on prod.

scenario('Endpoints: Simulate Traffic… on an endpoint row opens the simulator pre-filled with it and its deployed limits', async ({ workbench, emulatorUrl }) => {
  await seedJourney(emulatorUrl, partnerSeeds(DEMO_ORG));
  await workbench.openViewContainer('Adobe I/O');
  await workbench.runCommand('Adobe I/O: Refresh Endpoints');
  const row = workbench.view('Endpoints').locator('.monaco-list-row').filter({ hasText: LOYALTY_URL }).first();
  await workbench.expectVisible(row, 'the loyalty endpoint row');
  await workbench.contextMenu(row, 'Simulate Traffic…');
  try {
    await workbench.expectVisible(workbench.quickInput.filter({ hasText: /The endpoint the journey calls/ }), 'the endpoint step of the simulator');
    await workbench.waitUntil(async () => (await workbench.quickInputBox.inputValue()) === LOYALTY_URL, `the endpoint step to hold ${LOYALTY_URL}`);
    await workbench.answer(/The endpoint the journey calls/, LOYALTY_URL);
    const firstMethod = workbench.quickInput.locator('.monaco-list-row').first();
    await workbench.expectText(firstMethod, 'POST', 'the method its configs name, offered first');
    await workbench.choose('POST');
    await workbench.choose('Unitary journey');
    await workbench.answer(/Events per second/, '5000/s');
    await workbench.answer(/How long events arrive/, '60s');
    await workbench.answer(/Endpoint answer time/, '100');
    const view = simulatorPage(workbench);
    await workbench.expectText(view.locator('header h1'), `Simulated traffic: POST ${LOYALTY_URL}`, 'the simulated endpoint', 30_000);
    await workbench.expectText(
      view.locator('header'),
      /Limits: deployed in sandbox prod: capping config loyalty-capping \(100 \/ 1 s, ≤ 20 connections\), throttling config loyalty-throttling \(4000\/s\)/,
      'the deployed limits of that endpoint',
    );
    await expectSeries(workbench, 'calls-chart', 'accepted');
  } finally {
    await workbench.runCommand('View: Close All Editors');
  }
}, { timeoutMs: 90_000 });
