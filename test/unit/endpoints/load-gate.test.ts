// The Endpoints view's reload and warning policy (load-gate.ts), the row's simulator target and the deployed
// limits the simulator takes for it: pure, checked without VS Code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EndpointsLoadGate } from '../../../src/vscode/endpoints/load-gate';
import { simulationTarget } from '../../../src/vscode/endpoints/simulation-target';
import { deployedLimits } from '../../../src/vscode/simulate/deployed-limits';
import type { CappingConfig, ThrottlingConfig } from '../../../src/core/journey/types';

const LOYALTY = 'https://loyalty.partner.example/v1/points/*';
const capping: CappingConfig = {
  uid: 'loyalty-capping',
  url: LOYALTY,
  methods: ['POST', 'PUT'],
  state: 'deployed',
  services: { action: { maxHttpConnections: 20, rating: { maxCallsCount: 100, periodInMs: 1000 } } },
  deployedConfig: { url: LOYALTY, methods: ['POST', 'PUT'], services: { action: { maxHttpConnections: 20, rating: { maxCallsCount: 100, periodInMs: 1000 } } } },
};
const throttling = { uid: 'loyalty-throttling', name: 'loyalty', urlPattern: LOYALTY, methods: ['POST', 'PUT'], maxThroughput: 4000, state: 'deployed' } as ThrottlingConfig;

describe('EndpointsLoadGate', () => {
  it('unreachable Adobe while the user switches profiles five times: one warning, not five', () => {
    const gate = new EndpointsLoadGate();
    const warnings = Array.from({ length: 5 }, () => gate.shouldWarn('getaddrinfo ENOTFOUND platform.adobe.io')).filter(Boolean);
    assert.equal(warnings.length, 1);
    assert.equal(gate.shouldWarn('403 Forbidden'), true, 'another cause is worth its own warning');
    gate.loaded();
    assert.equal(gate.shouldWarn('getaddrinfo ENOTFOUND platform.adobe.io'), true, 'after a good load the cause is news again');
  });

  it('a hidden view does not reload on a profile change; it reloads once when shown', () => {
    const gate = new EndpointsLoadGate();
    assert.equal(gate.profileChanged(false), false);
    assert.equal(gate.profileChanged(false), false);
    assert.equal(gate.visibilityChanged(true), true);
    assert.equal(gate.visibilityChanged(false), false);
    assert.equal(gate.visibilityChanged(true), false, 'nothing changed while it was hidden the second time');
    assert.equal(gate.profileChanged(true), true, 'a visible view follows the change at once');
  });
});

describe('Simulate Traffic… from an endpoint row', () => {
  it('hands the simulator the endpoint, the method its configs name first, and the deployed limits', () => {
    assert.deepEqual(simulationTarget(LOYALTY, [capping], [throttling]), { url: LOYALTY, method: 'POST', limits: 'deployed' });
    assert.deepEqual(simulationTarget('https://x.example/a', [], []), { url: 'https://x.example/a', method: 'POST', limits: 'deployed' });
  });

  it('looks up the live capping and throttling limits that cover the endpoint', () => {
    const limits = deployedLimits({ profile: 'p', sandbox: 'prod', capping: [capping], throttling: [throttling] }, 'POST', LOYALTY);
    assert.deepEqual(limits.capping, { maxCallsCount: 100, periodInMs: 1000, maxHttpConnections: 20 });
    assert.deepEqual(limits.throttling, { maxThroughput: 4000 });
    assert.match(limits.source, /deployed in sandbox prod: capping config loyalty-capping \(100 \/ 1 s, ≤ 20 connections\), throttling config loyalty-throttling \(4000\/s\)/);
    const none = deployedLimits({ profile: 'p', sandbox: 'prod', capping: [capping], throttling: [throttling] }, 'GET', 'https://other.example/');
    assert.equal(none.capping, undefined);
    assert.match(none.source, /no deployed config of sandbox prod covers GET/);
  });
});
