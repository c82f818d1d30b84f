// The simulator view: charts drawn as SVG from the model by chart.ts, the totals, notes and the same data as
// a table. Elements and text nodes only (no HTML strings); messages are checked by protocol.ts on arrival.
import { chartGeometry, type ChartSeriesInput } from './chart';
import { parseToSimulateWebview, type SimulationViewModel, type SimulationViewRow } from './protocol';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const root = document.getElementById('root')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const secs = (s: number): string => (s < 90 ? `${Math.round(s * 10) / 10} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(2)} h`);
const clock = (s: number): string => [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');

function chart(id: string, title: string, description: string, rows: SimulationViewRow[], series: ChartSeriesInput[]): HTMLElement {
  const figure = el('figure', undefined, 'chart');
  figure.id = id;
  const width = 720;
  const height = 240;
  const g = chartGeometry({ width, height, xs: rows.map((r) => r.from), series });
  const chartSvg = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${title}. ${description}`, tabindex: 0 });
  for (const t of g.yTicks) {
    chartSvg.append(svg('line', { class: 'grid', x1: g.plot.x, x2: g.plot.x + g.plot.width, y1: t.at, y2: t.at }));
    chartSvg.append(svg('text', { class: 'tick', x: g.plot.x - 6, y: t.at + 4, 'text-anchor': 'end' }, t.label));
  }
  for (const t of g.xTicks) chartSvg.append(svg('text', { class: 'tick', x: t.at, y: g.plot.y + g.plot.height + 18, 'text-anchor': 'middle' }, t.label));
  chartSvg.append(svg('line', { class: 'axis', x1: g.plot.x, x2: g.plot.x + g.plot.width, y1: g.plot.y + g.plot.height, y2: g.plot.y + g.plot.height }));
  for (const p of g.paths) chartSvg.append(svg('path', { class: `series series-${p.key}`, d: p.d, 'data-series': p.key }));
  const caption = el('figcaption', title);
  const legend = el('ul', undefined, 'legend');
  for (const s of series) {
    const item = el('li', s.label);
    item.prepend(el('span', undefined, `swatch series-${s.key}`));
    legend.append(item);
  }
  figure.append(caption, chartSvg, legend);
  return figure;
}

function table(caption: string, head: string[], body: string[][], className: string): HTMLTableElement {
  const t = el('table', undefined, className);
  t.append(el('caption', caption));
  const tr = el('tr');
  for (const h of head) {
    const th = el('th', h);
    th.scope = 'col';
    tr.append(th);
  }
  const thead = el('thead');
  thead.append(tr);
  const tbody = el('tbody');
  for (const row of body) {
    const r = el('tr');
    row.forEach((c, i) => {
      if (i === 0) {
        const th = el('th', c);
        th.scope = 'row';
        r.append(th);
      } else r.append(el('td', c));
    });
    tbody.append(r);
  }
  t.append(thead, tbody);
  return t;
}

function list(title: string, items: string[], className: string): HTMLElement {
  const section = el('section', undefined, className);
  section.append(el('h2', title));
  const ul = el('ul');
  for (const item of items) ul.append(el('li', item));
  section.append(ul);
  return section;
}

function render(model: SimulationViewModel): void {
  const rows = model.rows;
  const unit = rows[0]?.span === 1 || rows.length === 0 ? 'second' : 'minute';
  const perSecond = (pick: (r: SimulationViewRow) => number): number[] => rows.map((r) => pick(r) / Math.max(1, r.span));
  const header = el('header');
  header.append(el('h1', `Simulated traffic: ${model.title}`), el('p', `Limits: ${model.limits}`), el('p', `Journey: ${model.input}`));
  const t = model.totals;
  const totals = table(
    'Totals',
    ['What', 'Calls'],
    [
      ['Offered', count(t.offered)],
      ['Accepted', count(t.accepted)],
      ['Rejected attempts (capping)', count(t.rejected)],
      ['Failed after retries', count(t.failed)],
      ['Queued (throttling)', count(t.queued)],
      ['Dropped after 6 h in the queue', count(t.dropped)],
      ['Longest queue', count(t.maxQueueLength)],
      ['Longest wait', secs(t.maxWaitSeconds)],
      ['Connections in use (peak)', count(Math.ceil(t.maxConnections))],
      ['Until the last call', secs(t.endSeconds)],
    ],
    'totals',
  );
  totals.id = 'totals';
  const calls = chart('calls-chart', 'Calls per second', `Accepted, rejected and queued calls per second over ${secs(t.endSeconds)}; the same data is in the table below.`, rows, [
    { key: 'accepted', label: 'accepted', values: perSecond((r) => r.accepted) },
    { key: 'rejected', label: 'rejected (capping)', values: perSecond((r) => r.rejected) },
    { key: 'queued', label: 'queued (throttling)', values: perSecond((r) => r.queued) },
  ]);
  const wait = chart('wait-chart', 'Queue wait (seconds)', `Wait of the last queued call, up to ${secs(t.maxWaitSeconds)}.`, rows, [
    { key: 'wait', label: 'wait of the last queued call (s)', values: rows.map((r) => r.lastWaitSeconds) },
  ]);
  const data = el('details', undefined, 'data');
  data.append(el('summary', `The data as a table (per ${unit})`));
  data.append(
    table(
      `Per ${unit}: counts are sums; queue at the end; last wait and connections the largest`,
      ['From', 'Offered', 'Accepted', 'Rejected', 'Failed', 'Queued', 'Queue', 'Last wait', 'Dropped', 'Connections'],
      rows.map((r) => [clock(r.from), count(r.offered), count(r.accepted), count(r.rejected), count(r.failed), count(r.queued), count(r.queueLength), secs(r.lastWaitSeconds), count(r.dropped), count(Math.ceil(r.connections))]),
      'rows',
    ),
  );
  const parts: HTMLElement[] = [header, calls, wait, totals, list('Journey guardrails', model.guardrails, 'guardrails')];
  if (model.notes.length > 0) parts.push(list('Notes', model.notes, 'notes'));
  parts.push(data);
  root.replaceChildren(...parts);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToSimulateWebview(event.data);
  if (message) render(message.model);
});
vscode.postMessage({ type: 'ready' });
