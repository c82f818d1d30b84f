// The Endpoints view's rows as data (tree-nodes.ts) and the `.http` text its actions generate (http-text.ts):
// pure functions, checked without VS Code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointRows, groupByEndpoint } from '../../../src/core/journey/grouping';
import type { CappingConfig, ThrottlingConfig } from '../../../src/core/journey/types';
import { checkNodes, childNodes, endpointNodes, viewOf } from '../../../src/vscode/endpoints/tree-nodes';
import { createRequestText, editablePayload, endpointRequestsText } from '../../../src/vscode/endpoints/http-text';
import { parseHttpFile } from '../../../src/core/http/parser';

const URL_A = 'https://api.example.org/data/*';
const live: CappingConfig = {
  uid: 'c1',
  url: URL_A,
  methods: ['GET'],
  state: 'updated',
  hasBeenDeployed: true,
  services: { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: 1500, periodInMs: 1000 } } },
  deployedConfig: { url: URL_A, methods: ['GET'], services: { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: 500, periodInMs: 1000 } } } },
  metadata: { createdBy: 'someone' },
};
const created: CappingConfig = { uid: 'c2', url: 'https://b.example.org/x', methods: ['POST'], state: 'created', services: { action: { maxHttpConnections: 10, rating: { maxCallsCount: 20, periodInMs: 60000 } } } };
const throttling: ThrottlingConfig = { uid: 't1', name: 'partner', urlPattern: URL_A, methods: ['POST'], maxThroughput: 4000, state: 'deployed' };

describe('Endpoints view rows', () => {
  const rows = endpointRows(groupByEndpoint([live, created], [throttling]));
  const roots = endpointNodes(rows);

  it('one root per endpoint; under it its configs and a guardrails row', () => {
    assert.deepEqual(roots.map((n) => viewOf(n).label), ['https://api.example.org/data/*', 'https://b.example.org/x']);
    const children = childNodes(roots[0]!);
    assert.deepEqual(children.map((n) => n.type), ['config', 'config', 'guardrails']);
    assert.match(viewOf(children[0]!).description ?? '', /live 500\/s → pending 1,500\/s/);
    assert.equal(viewOf(children[1]!).label, 'Throttling · 4,000 calls/s · deployed (all sandboxes)');
    assert.equal(childNodes(children[2]!).length, 3);
  });

  it('contextValue carries what a row can do', () => {
    const [edited, thr] = childNodes(roots[0]!);
    const editedTokens = viewOf(edited!).contextValue;
    for (const token of ['capping', 'deployable', 'undeployable', 'compare', 'deletable', 'copyToSandbox', 'copyHttp']) assert.match(editedTokens, new RegExp(`;${token};`));
    assert.doesNotMatch(viewOf(thr!).contextValue, /;(compare|copyToSandbox|deployable);/);
    const fresh = viewOf(childNodes(roots[1]!)[0]!).contextValue;
    assert.match(fresh, /;deployable;/);
    assert.doesNotMatch(fresh, /;(undeployable|compare);/);
  });

  it('canDeploy errors and warnings become child rows; a clean answer one "ready" row', () => {
    const nodes = checkNodes('capping', 'c1', {
      validationStatus: 'error',
      errors: [{ errorCode: 'ERR_ENDPOINTCONFIG_101', error: 'capping config: malformed url' }],
      warnings: [{ warningCode: 'ERR_ENDPOINTCONFIG_106', warning: 'maxHttpConnections not set' }],
    });
    assert.deepEqual(nodes.map((n) => viewOf(n).label), ['ERR_ENDPOINTCONFIG_101: capping config: malformed url', 'ERR_ENDPOINTCONFIG_106: maxHttpConnections not set']);
    assert.deepEqual(checkNodes('capping', 'c1', { validationStatus: 'ok' }).map((n) => viewOf(n).label), ['Ready to deploy (canDeploy: ok)']);
  });

  it('an error row retries on click', () => {
    const view = viewOf({ type: 'message', id: 'error', text: 'List capping configs failed: HTTP 403', error: true });
    assert.equal(view.command?.id, 'aioRequests.endpoints.refresh');
    assert.match(view.contextValue, /^aioEndpointsError;retry;/);
  });
});

describe('.http text for configs', () => {
  it('keeps only what a user may send', () => {
    assert.deepEqual(Object.keys(editablePayload('capping', live)), ['url', 'methods', 'services']);
    assert.deepEqual(editablePayload('throttling', throttling), { name: 'partner', urlPattern: URL_A, methods: ['POST'], maxThroughput: 4000 });
  });

  it('parses as a .http file: one create request, and every operation of an endpoint', () => {
    const one = parseHttpFile(createRequestText('capping', live, 'https://platform.adobe.io/journey/orchestration', 'prod'));
    const requests = one.blocks.filter((b) => b.request);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.request!.method, 'POST');
    assert.equal(requests[0]!.request!.url, '{{journey}}/endpointConfigs');
    assert.deepEqual(one.problems, []);
    const all = parseHttpFile(endpointRequestsText(URL_A, [live], [throttling], 'https://platform.adobe.io/journey/orchestration/', 'prod'));
    assert.equal(all.blocks.filter((b) => b.request).length, 2 + 6 * 2);
    assert.deepEqual(all.problems, []);
    assert.ok(all.variables.some((v) => v.name === 'journey' && v.value === 'https://platform.adobe.io/journey/orchestration'));
  });
});
