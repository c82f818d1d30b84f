import type { Router } from './router';
import { readBody, sendJson } from './http';
import { MODULES } from './server';

// A customer's own API as Journey calls it (an external data source or a custom action): whatever is sent to
// `/partner/<anything>` is answered 200 with what arrived, and recorded in `state.calls` like every call, so
// tests can check how many reached it in any window.

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function install(router: Router): void {
  for (const method of METHODS) {
    for (const pattern of ['/partner/:a', '/partner/:a/:b', '/partner/:a/:b/:c']) {
      router.add(method, pattern, async ({ req, res, url }) => {
        const body = (await readBody(req)).toString('utf8');
        sendJson(res, 200, { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body });
      });
    }
  }
}

MODULES.push(install);
