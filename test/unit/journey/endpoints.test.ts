// URL patterns, grouping, view rows, effective limits and the matcher: pure functions over Adobe's elements.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileUrlPattern, endpointKey, parseUrlPattern, requestTarget } from '../../../src/core/journey/url-pattern';
import { cappingRow, endpointRows, groupByEndpoint, throttlingRow } from '../../../src/core/journey/grouping';
import { cappingLimits } from '../../../src/core/journey/limits';
import { EndpointMatcher } from '../../../src/core/journey/matcher';
import { validateCappingConfig } from '../../../src/core/journey/validation';
import type { CappingConfig, ThrottlingConfig } from '../../../src/core/journey/types';

function cap(uid: string, url: string, calls: number, extra: Partial<CappingConfig> = {}, periodInMs = 1000, methods = ['GET']): CappingConfig {
  return { uid, url, methods, services: { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: calls, periodInMs } } }, state: 'created', ...extra };
}
function deployed(config: CappingConfig): CappingConfig {
  return { ...config, state: 'deployed', hasBeenDeployed: true, deployedConfig: { url: config.url, methods: config.methods, services: structuredClone(config.services) } };
}
function thr(uid: string, urlPattern: string, maxThroughput: number, state: ThrottlingConfig['state'] = 'deployed'): ThrottlingConfig {
  return { uid, name: `t-${uid}`, urlPattern, methods: ['POST', 'PUT'], maxThroughput, state };
}
/** Adobe's list example: deployed at 500/s, edited to 1,500/s, not yet redeployed. */
function editedAfterDeploy(): CappingConfig {
  const live = deployed(cap('c1', 'https://api.example.org/data/2.5/*', 500));
  return { ...live, state: 'updated', services: { dataSource: { maxHttpConnections: 50, rating: { maxCallsCount: 1500, periodInMs: 1000 } } } };
}

describe('URL patterns', () => {
  it('normalise scheme and host case, default ports and trailing slashes', () => {
    assert.equal(endpointKey('HTTPS://API.Example.org:443/Data/'), 'https://api.example.org/Data');
    assert.equal(endpointKey('http://api.example.org:80'), 'http://api.example.org');
    assert.equal(endpointKey('https://api.example.org/'), 'https://api.example.org');
    assert.equal(endpointKey('https://api.example.org:8443/x/*'), 'https://api.example.org:8443/x/*');
    assert.equal(endpointKey('https://api.example.org/x/?a=1'), 'https://api.example.org/x?a=1');
  });

  it('refuse wildcards in host or port and malformed URLs', () => {
    assert.deepEqual(parseUrlPattern('https://*.example.org/x'), { problem: 'wildcard-host' });
    assert.deepEqual(parseUrlPattern('https://example.org:*/x'), { problem: 'wildcard-host' });
    assert.deepEqual(parseUrlPattern('example.org/x'), { problem: 'malformed' });
    assert.deepEqual(parseUrlPattern('ftp://example.org/x'), { problem: 'malformed' });
    assert.deepEqual(parseUrlPattern('https://example.org:70000/x'), { problem: 'malformed' });
    assert.deepEqual(parseUrlPattern('https://user@example.org/x'), { problem: 'malformed' });
  });

  it('match paths with * anywhere, a trailing /* also matching the bare prefix', () => {
    const p = compileUrlPattern('https://api.example.org/data/2.5/*')!;
    assert.ok(p.matches(requestTarget(new URL('https://API.example.org:443/data/2.5/weather?q=1'))));
    assert.ok(p.matches(requestTarget(new URL('https://api.example.org/data/2.5'))));
    assert.ok(p.matches(requestTarget(new URL('https://api.example.org/data/2.5/a/b/'))));
    assert.ok(!p.matches(requestTarget(new URL('https://api.example.org/data/2.50'))));
    assert.ok(!p.matches(requestTarget(new URL('http://api.example.org/data/2.5/x'))), 'scheme matters');
    assert.ok(!p.matches(requestTarget(new URL('https://api.example.org:8443/data/2.5/x'))), 'port matters');
    const mid = compileUrlPattern('https://api.example.org/*/v1/items')!;
    assert.ok(mid.matches(requestTarget(new URL('https://api.example.org/eu/v1/items/'))));
    assert.ok(!mid.matches(requestTarget(new URL('https://api.example.org/eu/v1/items/7'))));
    const exact = compileUrlPattern('https://api.example.org/a.b')!;
    assert.ok(!exact.matches(requestTarget(new URL('https://api.example.org/aXb'))), 'dots are literal');
  });
});

describe('effective limits', () => {
  it('a deployed config edited in place has a live and a pending version', () => {
    const limits = cappingLimits(editedAfterDeploy());
    assert.equal(limits.live?.limits[0].maxCallsCount, 500);
    assert.equal(limits.pending.limits[0].maxCallsCount, 1500);
    assert.equal(limits.differs, true);
    assert.deepEqual(limits.changes, ['dataSource.maxCallsCount']);
  });

  it('a config never deployed has nothing live; a deployed copy with -1 connections has no connection limit', () => {
    const created = cappingLimits(cap('c', 'https://a.example/x', 5));
    assert.equal(created.live, undefined);
    assert.equal(created.differs, false);
    const minusOne = deployed(cap('d', 'https://a.example/x', 5));
    minusOne.deployedConfig!.services.dataSource!.maxHttpConnections = -1;
    minusOne.services.dataSource!.maxHttpConnections = undefined;
    const limits = cappingLimits(minusOne);
    assert.equal(limits.live?.limits[0].maxHttpConnections, null);
    assert.equal(limits.differs, false);
  });

  it('on read, -1 connections passes and more than 400 is a warning, not an error', () => {
    const read = cap('r', 'https://a.example/x', 5);
    read.services.dataSource!.maxHttpConnections = -1;
    assert.deepEqual(validateCappingConfig(read, 'read'), []);
    read.services.dataSource!.maxHttpConnections = 15000;
    const issues = validateCappingConfig(read, 'read');
    assert.deepEqual(issues.map((i) => [i.severity, i.field]), [['warning', 'services.dataSource.maxHttpConnections']]);
    assert.equal(validateCappingConfig(read, 'create')[0].severity, 'error');
  });
});

describe('grouping and rows', () => {
  it('groups configs per normalised endpoint, with both kinds side by side', () => {
    const groups = groupByEndpoint(
      [cap('a', 'https://API.example.org/data/', 10), cap('b', 'https://api.example.org:443/data', 20), cap('c', 'https://other.example/x', 1)],
      [thr('t', 'https://api.example.org/data', 4000)],
    );
    assert.deepEqual(groups.map((g) => [g.endpoint, g.capping.map((c) => c.uid), g.throttling.map((c) => c.uid)]), [
      ['https://api.example.org/data', ['a', 'b'], ['t']],
      ['https://other.example/x', ['c'], []],
    ]);
  });

  it('labels a config the way the view shows it', () => {
    assert.equal(cappingRow(deployed(cap('a', 'https://a.example/x', 500))).label, 'Capping · data source · 500 calls / 1 s · ≤ 50 connections · deployed');
    assert.equal(throttlingRow(thr('t', 'https://a.example/x', 4000)).label, 'Throttling · 4,000 calls/s · deployed (all sandboxes)');
    assert.equal(throttlingRow(thr('t', 'https://a.example/x', 4000, 'created')).label, 'Throttling · 4,000 calls/s · created · not deployed');
    const slow = cappingRow(cap('s', 'https://a.example/x', 1200, {}, 60_000));
    assert.equal(slow.label, 'Capping · data source · 1,200 calls / 1 min · ≤ 50 connections · created');
    assert.deepEqual(slow.capabilities, ['deletable', 'deployable']);
  });

  it('shows live and pending when a deployed config was edited', () => {
    const row = cappingRow(editedAfterDeploy());
    assert.equal(row.label, 'Capping · data source · 500 calls / 1 s · ≤ 50 connections · deployed · edit pending');
    assert.equal(row.description, 'GET · live 500/s → pending 1,500/s');
    assert.deepEqual(row.capabilities, ['deletable', 'deployable', 'undeployable', 'compare']);
  });

  it('endpoint rows carry counts and guardrails', () => {
    const rows = endpointRows(groupByEndpoint([cap('a', 'https://a.example/x', 5)], [thr('t', 'https://a.example/x', 300)]));
    assert.equal(rows[0].description, '1 capping · 1 throttling');
    assert.equal(rows[0].configs.length, 2);
    assert.ok(rows[0].guardrails.some((g) => /15 calls\/s/.test(g)));
  });
});

describe('matcher', () => {
  const configs = [
    deployed(cap('wide', 'https://api.example.org/*', 1000)),
    deployed(cap('narrow', 'https://api.example.org/data/*', 100)),
    deployed(cap('post-only', 'https://api.example.org/data/*', 10, {}, 1000, ['POST'])),
    cap('draft', 'https://api.example.org/data/*', 1),
    editedAfterDeploy(),
  ];
  const matcher = new EndpointMatcher(configs, [thr('t', 'https://api.example.org/data/*', 4000), thr('t2', 'https://api.example.org/*', 300, 'created')]);

  it('finds every config for a method and URL; the strictest live one is effective', () => {
    const result = matcher.match({ method: 'get', url: 'https://api.example.org/data/items/7' });
    assert.deepEqual(result.capping.map((m) => m.config.uid).sort(), ['draft', 'narrow', 'wide']);
    assert.equal(result.effectiveCapping?.config.uid, 'narrow', 'the draft (1/s) is not live, so it does not count');
    assert.equal(result.capping.find((m) => m.config.uid === 'draft')?.live, undefined);
    assert.equal(result.throttling.length, 0, 'throttling config t lists POST and PUT only');
  });

  it('honours methods, and throttling applies to custom actions only', () => {
    const post = matcher.match({ method: 'POST', url: 'https://api.example.org/data/x' });
    assert.equal(post.effectiveCapping?.config.uid, 'post-only');
    assert.equal(post.effectiveThrottling?.config.uid, 't', 'the undeployed t2 does not count');
    assert.equal(post.throttling.length, 2);
    assert.equal(matcher.match({ method: 'POST', url: 'https://api.example.org/data/x', service: 'dataSource' }).throttling.length, 0);
    assert.equal(matcher.match({ method: 'POST', url: 'https://api.example.org/data/x', service: 'action' }).capping.length, 0, 'these configs cap data sources only');
  });

  it('uses the live limit of an edited config and shows the pending one beside it', () => {
    const result = matcher.match({ method: 'GET', url: 'https://api.example.org/data/2.5/weather' });
    const edited = result.capping.find((m) => m.config.uid === 'c1')!;
    assert.equal(edited.live?.maxCallsCount, 500);
    assert.equal(edited.pending?.maxCallsCount, 1500);
    assert.equal(result.effectiveCapping?.config.uid, 'narrow');
  });

  it('matches nothing for another host, scheme or an invalid URL', () => {
    assert.equal(matcher.match({ method: 'GET', url: 'https://api.example.com/data/x' }).capping.length, 0);
    assert.equal(matcher.match({ method: 'GET', url: 'http://api.example.org/data/x' }).capping.length, 0);
    assert.equal(matcher.match({ method: 'GET', url: 'not a url' }).capping.length, 0);
  });
});
