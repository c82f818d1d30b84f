import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { chartGeometry, niceTicks, shortNumber, timeLabel } from '../../../src/webview/simulate/chart';
import { parseFromSimulateWebview, parseToSimulateWebview, type SimulationViewModel } from '../../../src/webview/simulate/protocol';
import { simulate } from '../../../src/core/traffic/simulate';
import { rowSpan, simulationViewModel, GUARDRAILS } from '../../../src/vscode/simulate/view-model';
import { endpointArgument } from '../../../src/vscode/simulate/simulate-args';
import { parseCappingLimit, parseDurationSeconds, parseEventRate, parseThrottleLimit } from '../../../src/core/traffic/simulate-input';

describe('simulator chart geometry', () => {
  it('picks round ticks that cover the largest value', () => {
    assert.deepEqual(niceTicks(5000), [0, 1000, 2000, 3000, 4000, 5000]);
    assert.deepEqual(niceTicks(4500), [0, 1000, 2000, 3000, 4000, 5000]);
    assert.deepEqual(niceTicks(0.7), [0, 0.2, 0.4, 0.6, 0.8]);
    assert.deepEqual(niceTicks(0), [0, 1], 'an all-zero series still gets an axis');
  });

  it('labels values and times shortly', () => {
    assert.equal(shortNumber(1500), '1.5k');
    assert.equal(shortNumber(2_000_000), '2M');
    assert.equal(shortNumber(0.25), '0.25');
    assert.equal(timeLabel(45), '45s');
    assert.equal(timeLabel(720), '12m');
    assert.equal(timeLabel(9000), '2h30');
  });

  it('maps the data onto the plot: 0 on the bottom edge, the top tick on the top edge, time left to right', () => {
    const g = chartGeometry({ width: 200, height: 120, xs: [0, 5, 10], series: [{ key: 'accepted', label: 'accepted', values: [0, 500, 1000] }], margin: { top: 10, right: 10, bottom: 10, left: 10 } });
    assert.deepEqual(g.plot, { x: 10, y: 10, width: 180, height: 100 });
    assert.equal(g.yMax, 1000);
    assert.equal(g.paths[0]!.d, 'M10,110 L100,60 L190,10');
    assert.deepEqual(g.yTicks.map((t) => [t.label, t.at]), [['0', 110], ['200', 90], ['400', 70], ['600', 50], ['800', 30], ['1k', 10]]);
    assert.deepEqual(g.xTicks.map((t) => [t.label, t.at]), [['0s', 10], ['2s', 46], ['4s', 82], ['6s', 118], ['8s', 154], ['10s', 190]]);
  });

  it('draws every series against one shared scale', () => {
    const g = chartGeometry({ width: 200, height: 120, xs: [0, 1], series: [{ key: 'a', label: 'a', values: [100, 100] }, { key: 'b', label: 'b', values: [50, 200] }], margin: { top: 0, right: 0, bottom: 0, left: 0 } });
    assert.equal(g.yMax, 200);
    assert.deepEqual(g.paths.map((p) => p.key), ['a', 'b']);
    assert.equal(g.paths[0]!.d, 'M0,60 L200,60');
    assert.equal(g.paths[1]!.d, 'M0,90 L200,0');
  });

  it('uses minute and hour ticks for long runs', () => {
    const xs = Array.from({ length: 721 }, (_, i) => i * 60);
    const g = chartGeometry({ width: 800, height: 200, xs, series: [] });
    assert.deepEqual(g.xTicks.map((t) => t.label), ['0s', '2h', '4h', '6h', '8h', '10h', '12h']);
  });
});

function model(): SimulationViewModel {
  const input = { eventsPerSecond: 5000, durationSeconds: 60, capping: { maxCallsCount: 500, periodInMs: 1000 } };
  return simulationViewModel('POST', 'https://api.example.com/orders', 'typed: capping 500 calls / 1 s', input, simulate(input));
}

describe('simulator view model and protocol', () => {
  it('carries the totals, per-second rows and the guardrails', () => {
    const m = model();
    assert.equal(m.rows.length, m.totals.endSeconds);
    assert.equal(m.rows[0]!.accepted, 500);
    assert.equal(m.totals.accepted, m.rows.reduce((sum, r) => sum + r.accepted, 0));
    assert.deepEqual(m.guardrails, GUARDRAILS);
    assert.match(m.input, /5,000 events\/s, for 60 s/);
  });

  it('aggregates long runs into at most 720 rows', () => {
    assert.equal(rowSpan(600), 1);
    assert.equal(rowSpan(3600), 60);
    assert.equal(rowSpan(12 * 3600), 60);
    assert.equal(rowSpan(13 * 3600), 300);
    const input = { eventsPerSecond: 5000, durationSeconds: 3600, throttling: { maxThroughput: 4000 } };
    const m = simulationViewModel('POST', 'https://x.example', 'typed', input, simulate(input));
    assert.ok(m.rows.length <= 720 && m.rows.length > 60);
    assert.equal(m.rows[0]!.span, 60);
  });

  it('accepts a well-formed result message and nothing else', () => {
    const good = { type: 'result', model: model() };
    assert.equal(parseToSimulateWebview(JSON.parse(JSON.stringify(good)))?.model.title, 'POST https://api.example.com/orders');
    assert.equal(parseToSimulateWebview({ type: 'show', model: model() }), undefined);
    assert.equal(parseToSimulateWebview({ type: 'result', model: { ...model(), rows: [{ from: 0 }] } }), undefined, 'a row without its counts');
    assert.equal(parseToSimulateWebview({ type: 'result', model: { ...model(), totals: { ...model().totals, accepted: -1 } } }), undefined);
    assert.equal(parseToSimulateWebview({ type: 'result', model: { ...model(), notes: [42] } }), undefined);
    assert.equal(parseToSimulateWebview({ type: 'result', model: { ...model(), title: { toString: 'x' } } }), undefined);
    assert.equal(parseToSimulateWebview(null), undefined);
    assert.deepEqual(parseFromSimulateWebview({ type: 'ready' }), { type: 'ready' });
    assert.equal(parseFromSimulateWebview({ type: 'ready', extra: 1 }), undefined);
    assert.equal(parseFromSimulateWebview('ready'), undefined);
  });

  it('takes an endpoint URL or an endpoint row as the command argument', () => {
    assert.deepEqual(endpointArgument('https://a.example/x'), { url: 'https://a.example/x' });
    assert.deepEqual(endpointArgument({ url: 'https://a.example/x', method: 'get' }), { url: 'https://a.example/x', method: 'GET' });
    assert.deepEqual(endpointArgument(undefined), {});
  });
});

describe('simulator inputs as typed', () => {
  it('reads rates, durations and limits, or says what to write', () => {
    assert.deepEqual(parseEventRate('120000/min'), { value: 2000 });
    assert.deepEqual(parseEventRate('250'), { value: 250 });
    assert.deepEqual(parseDurationSeconds('10m'), { value: 600 });
    assert.match((parseDurationSeconds('soon') as { error: string }).error, /e\.g\. 90s, 10m or 6h/);
    assert.deepEqual(parseCappingLimit('500/1s', 50), { value: { capping: { maxCallsCount: 500, periodInMs: 1000, maxHttpConnections: 50 }, label: 'capping 500 calls / 1 s, ≤ 50 connections' } });
    assert.deepEqual(parseThrottleLimit('4000/s'), { value: { throttling: { maxThroughput: 4000 }, label: 'throttling 4000 calls/s' } });
    assert.match((parseThrottleLimit('4000/min') as { error: string }).error, /calls per second/);
  });
});
