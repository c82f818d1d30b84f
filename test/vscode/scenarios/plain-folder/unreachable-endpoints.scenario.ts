import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../../harness/scenario';
import type { Workbench } from '../../harness/workbench';
import { DEMO_ORG, partnerSeeds, seedJourney } from '../../../support/journey-seed';

// The Endpoints view while Journey keeps refusing: a refresh and three sandbox switches each reload the visible
// view and fail for the same cause, and the log gets one warning for it, not four. Runs last in its session
// (after the Endpoints scenarios); the emulator's fault is used up by those four loads and the profile ends on prod.

const LIST = 'POST /journey/orchestration/list/endpointConfigs';
const WARNING = 'Endpoints: listing the configs';

function logFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...logFiles(path));
    else if (path.includes('aio-requests.aio-requests') && name.endsWith('.log')) found.push(path);
  }
  return found;
}

const occurrences = (userDataDir: string, text: string): number =>
  logFiles(join(userDataDir, 'logs')).reduce((n, file) => n + readFileSync(file, 'utf8').split(text).length - 1, 0);

async function listCalls(emulatorUrl: string): Promise<number> {
  const answer = (await (await fetch(`${emulatorUrl}/__control/calls?prefix=${encodeURIComponent(LIST)}`)).json()) as { count: number };
  return answer.count;
}

async function switchSandbox(workbench: Workbench, emulatorUrl: string, sandbox: string, calls: number): Promise<void> {
  await workbench.runCommand('Adobe I/O: Select Sandbox');
  await workbench.answer(/sandbox name/, sandbox);
  await workbench.expectText(workbench.view('Endpoints').locator('.pane-header'), `sandbox ${sandbox}`, `the view on sandbox ${sandbox}`);
  await workbench.waitUntil(async () => (await listCalls(emulatorUrl)) >= calls, `the view to list the configs of sandbox ${sandbox}`);
}

scenario('Endpoints: while Journey refuses, four reloads of the view log one warning for the cause', async ({ workbench, emulatorUrl, userDataDir }) => {
  await seedJourney(emulatorUrl, partnerSeeds(DEMO_ORG));
  await workbench.openViewContainer('Adobe I/O');
  const warningsBefore = occurrences(userDataDir, WARNING);
  const before = await listCalls(emulatorUrl);
  const fault = { match: LIST, kind: 'status', status: 403, body: { error_code: '403003', message: 'Api Key is invalid' }, times: 4 };
  await fetch(`${emulatorUrl}/__control/faults`, { method: 'POST', body: JSON.stringify(fault) });

  await workbench.runCommand('Adobe I/O: Refresh Endpoints');
  await workbench.waitUntil(async () => (await listCalls(emulatorUrl)) >= before + 1, 'the refresh to list the configs');
  await switchSandbox(workbench, emulatorUrl, 'dev', before + 2);
  await switchSandbox(workbench, emulatorUrl, 'prod', before + 3);
  await switchSandbox(workbench, emulatorUrl, 'dev', before + 4);
  // The fault is used up: back on prod the listing works again.
  await switchSandbox(workbench, emulatorUrl, 'prod', before + 5);
  await workbench.expectVisible(workbench.view('Endpoints').locator('.monaco-list-row', { hasText: 'loyalty.partner.example' }), 'the prod configs once Journey answers again');

  // A line logged after every load, so the log file holds everything the loads wrote.
  await workbench.runCommand('Adobe I/O: Clear Cached Token');
  await workbench.waitUntil(async () => occurrences(userDataDir, 'Cleared the cached token') > 0, 'the log to be written up to the marker');
  const warnings = occurrences(userDataDir, WARNING) - warningsBefore;
  if (warnings !== 1) throw new Error(`expected one warning for four failed loads with the same cause; the log has ${warnings}`);
  await workbench.runCommand('Notifications: Clear All Notifications');
}, { timeoutMs: 90_000 });
