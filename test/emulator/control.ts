import type { Router } from './router';
import type { EmulatorState, Fault, RegisteredClient } from './state';
import { readBody, sendJson } from './http';

// An HTTP control surface so that tests in other processes (the VS Code host, the demo) can set the
// emulator up: register clients, inject faults, read call counts, reset.
export function installControlRoutes(router: Router, state: EmulatorState): void {
  router.add('POST', '/__control/clients', async ({ req, res }) => {
    const client = JSON.parse((await readBody(req)).toString('utf8')) as RegisteredClient;
    if (!client.clientId || !client.clientSecret || !client.orgId) {
      return sendJson(res, 400, { error: 'clientId, clientSecret and orgId are required' });
    }
    state.registerClient(client);
    sendJson(res, 200, { registered: client.clientId });
  });
  router.add('GET', '/__control/calls', ({ res, url }) => {
    const prefix = url.searchParams.get('prefix') ?? '';
    sendJson(res, 200, { count: state.count(prefix), calls: state.calls });
  });
  // What clients sent, headers included (`?path=/journey` keeps requests whose path starts with it), so a test in
  // another process can check which headers reached the server.
  router.add('GET', '/__control/requests', ({ res, url }) => {
    const path = url.searchParams.get('path') ?? '';
    sendJson(res, 200, { requests: state.requests.filter((r) => r.url.startsWith(path)) });
  });
  router.add('POST', '/__control/faults', async ({ req, res }) => {
    const fault = JSON.parse((await readBody(req)).toString('utf8')) as Fault;
    state.faults.push(fault);
    sendJson(res, 200, { faults: state.faults.length });
  });
  router.add('POST', '/__control/reset', ({ res }) => {
    state.reset();
    sendJson(res, 200, { reset: true });
  });
}
