// The response view's script (its own bundle, dist/webview/response.js). Everything from the server becomes
// text nodes or attribute values set through DOM APIs; no markup is ever parsed from a string.
import { parseToWebview, type BodyModel, type ConnectionModel, type FromWebview, type RedirectHopModel, type ResponseModel, type TimingsModel } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: FromWebview): void => vscode.postMessage(message);

type Child = Node | string | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function button(label: string, action: Parameters<typeof actionMessage>[0], exchangeId: string, disabled = false, title?: string): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-action': action, ...(title ? { title } : {}) }, label);
  b.disabled = disabled;
  b.addEventListener('click', () => post(actionMessage(action, exchangeId)));
  return b;
}

function actionMessage(action: 'copyBody' | 'saveBody' | 'openBody' | 'copyCurl' | 'resend', exchangeId: string): FromWebview {
  return { type: 'action', action, exchangeId };
}

function headerTable(headers: Array<[string, string]>, caption: string): HTMLElement {
  if (headers.length === 0) return el('p', { class: 'muted' }, 'No headers.');
  const body = el('tbody');
  for (const [name, value] of headers) body.append(el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, value)));
  return el('table', { class: 'headers', 'aria-label': caption }, body);
}

function section(title: string, open: boolean, ...content: Child[]): HTMLDetailsElement {
  const details = el('details', { class: 'section' }, el('summary', {}, title), ...content);
  details.open = open;
  return details;
}

// JSON: coloured, folded with <details>; children are built the first time a node opens (large bodies stay quick).
function jsonValue(value: unknown, depth: number, comma = ''): Node {
  const tail = comma ? el('span', { class: 'json-punct' }, comma) : undefined;
  const leaf = (cls: string, text: string): Node => el('span', {}, el('span', { class: cls }, text), tail);
  if (value === null) return leaf('json-null', 'null');
  if (typeof value === 'string') return leaf('json-string', JSON.stringify(value));
  if (typeof value === 'number') return leaf('json-number', String(value));
  if (typeof value === 'boolean') return leaf('json-boolean', String(value));
  const isArray = Array.isArray(value);
  const entries: Array<[string, unknown]> = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as object);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return el('span', { class: 'json-punct' }, `${open}${close}${comma}`);
  const count = isArray ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  const details = el('details', { class: 'json-node' }, el('summary', {}, el('span', { class: 'json-punct' }, open), el('span', { class: 'json-count' }, ` ${count} `), el('span', { class: 'json-punct json-count' }, `${close}${comma}`)));
  let built = false;
  const build = (): void => {
    if (built) return;
    built = true;
    const list = el('div', { class: 'json-children' });
    entries.forEach(([key, child], i) => {
      const row = el('div', { class: 'json-row' });
      if (!isArray) row.append(el('span', { class: 'json-key' }, JSON.stringify(key)), el('span', { class: 'json-punct' }, ': '));
      row.append(jsonValue(child, depth + 1, i < entries.length - 1 ? ',' : ''));
      list.append(row);
    });
    details.append(list, el('span', { class: 'json-punct' }, `${close}${comma}`));
  };
  details.addEventListener('toggle', () => details.open && build());
  if (depth < 2) {
    details.open = true;
    build();
  }
  return details;
}

function bodyView(body: BodyModel, exchangeId: string): HTMLElement {
  switch (body.kind) {
    case 'empty':
      return el('p', { class: 'muted' }, 'No body.');
    case 'not-kept':
      return el('p', { class: 'muted' }, `The body (${formatBytes(body.size)}) is not kept in the history (none over 1 MB; older ones once all add up to 8 MB). Send the request again to see it.`);
    case 'too-large':
      return el(
        'div',
        { class: 'too-large' },
        el('p', {}, `The body is ${formatBytes(body.size)}${body.mime ? ` (${body.mime})` : ''}: too large to show here.`),
        button('Open in Editor', 'openBody', exchangeId),
        button('Save…', 'saveBody', exchangeId),
      );
    case 'image': {
      const img = el('img', { class: 'body-image', alt: `Response image (${body.mime})` });
      img.src = `data:${body.mime};base64,${body.base64}`;
      return el('div', {}, img);
    }
    case 'binary':
      return el('div', {}, el('p', { class: 'muted' }, `Binary, ${formatBytes(body.size)}; the first bytes:`), el('pre', { class: 'body hex' }, body.hex));
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return el('div', {}, el('p', { class: 'muted' }, 'Says JSON but does not parse; shown as text.'), el('pre', { class: 'body' }, body.text));
      }
      return el('div', { class: 'body json' }, jsonValue(parsed, 0));
    }
    default:
      return el('pre', { class: `body ${body.kind}` }, body.text);
  }
}

const ERROR_TITLES: Record<string, string> = {
  aborted: 'Cancelled',
  timeout: 'Timed out',
  egress: 'Refused: a secret would have left the allow-list',
  'too-large': 'Response too large',
  network: 'Network error',
  auth: 'Authentication failed',
  'invalid-request': 'Not sent',
  'unresolved-variable': 'Not sent: unresolved variable',
};

function statusClass(status: number): string {
  return status >= 500 ? 'status-5xx' : status >= 400 ? 'status-4xx' : status >= 300 ? 'status-3xx' : 'status-2xx';
}

function row(label: string, value: string): HTMLTableRowElement {
  return el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, value));
}

/** `new connection` with its phases, or `reused connection`. */
function connectionText(c: ConnectionModel): string {
  if (c.connection === 'reused') return 'reused connection';
  const phases = [
    c.dnsMs !== undefined ? `DNS ${formatMs(c.dnsMs)}` : undefined,
    c.connectMs !== undefined ? `connect ${formatMs(c.connectMs)}` : undefined,
    c.tlsMs !== undefined ? `TLS ${formatMs(c.tlsMs)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return phases.length > 0 ? `new connection (${phases.join(', ')})` : 'new connection';
}

function timingsTable(t: TimingsModel): HTMLElement {
  const c = t.connection;
  const rows: Child[] = [];
  if (c?.connection === 'reused') rows.push(row('Connection', 'Reused (keep-alive): no DNS, connect or TLS'));
  else if (c) {
    rows.push(row('Connection', 'New'));
    if (c.dnsMs !== undefined) rows.push(row('DNS lookup', formatMs(c.dnsMs)));
    if (c.connectMs !== undefined) rows.push(row('TCP connect', formatMs(c.connectMs)));
    if (c.tlsMs !== undefined) rows.push(row('TLS handshake', formatMs(c.tlsMs)));
  }
  rows.push(row('First byte', formatMs(t.firstByteMs)), row('Total', formatMs(t.totalMs)));
  if (t.waitedMs) rows.push(row('Waited (Retry-After)', formatMs(t.waitedMs)));
  const note = !c
    ? el('p', { class: 'muted' }, 'Connection times were not reported for this request.')
    : c.connection === 'new' && c.connectMs === undefined
      ? el('p', { class: 'muted' }, 'The connection went through a proxy: its DNS, connect and TLS times are not measured.')
      : undefined;
  return el('div', {}, el('table', { class: 'timings', 'aria-label': 'Timings' }, el('tbody', {}, ...rows)), note);
}

/** Each hop in order: `302 GET url → location (12 ms, reused connection)`. */
function redirectList(hops: RedirectHopModel[]): HTMLElement {
  const list = el('ol', { class: 'redirects', 'aria-label': 'Redirects' });
  for (const hop of hops) {
    const detail = [formatMs(hop.ms), hop.connection ? connectionText(hop.connection) : undefined].filter(Boolean).join(', ');
    list.append(
      el(
        'li',
        { class: 'redirect-hop' },
        el('span', { class: `status ${statusClass(hop.status)}` }, String(hop.status)),
        ` ${hop.method} ${hop.url}`,
        hop.location !== undefined ? el('span', { class: 'muted' }, ` → ${hop.location}`) : undefined,
        el('span', { class: 'meta' }, ` (${detail})`),
      ),
    );
  }
  return list;
}

function render(model: ResponseModel): void {
  const root = document.getElementById('root')!;
  const parts: Child[] = [];
  const rs = model.response;
  if (rs) {
    parts.push(
      el(
        'div',
        { class: 'status-line', role: 'status' },
        el('span', { class: `status ${statusClass(rs.status)}` }, `${rs.status} ${rs.statusText}`),
        el('span', { class: 'meta' }, formatMs(rs.timings.totalMs)),
        el('span', { class: 'meta' }, formatBytes(rs.size)),
        el('span', { class: 'meta' }, rs.protocol),
      ),
    );
  }
  if (model.error) {
    parts.push(el('div', { class: 'error', role: 'alert' }, el('strong', {}, ERROR_TITLES[model.error.kind] ?? 'Failed'), el('span', {}, ` — ${model.error.message}`)));
  }
  parts.push(
    el(
      'div',
      { class: 'actions', role: 'toolbar', 'aria-label': 'Response actions' },
      button('Copy Body', 'copyBody', model.exchangeId, !rs),
      button('Save Body…', 'saveBody', model.exchangeId, !rs),
      button('Open in Editor', 'openBody', model.exchangeId, !rs),
      button('Copy as cURL…', 'copyCurl', model.exchangeId),
      button('Re-send', 'resend', model.exchangeId, !model.canResend, model.canResend ? undefined : 'Sending is not available here'),
    ),
  );
  if (rs) {
    parts.push(section('Body', true, bodyView(rs.body, model.exchangeId)));
    parts.push(section(`Headers (${rs.headers.length})`, false, headerTable(rs.headers, 'Response headers')));
    parts.push(section('Timings', false, timingsTable(rs.timings)));
    if (rs.redirects) parts.push(section(`Redirects (${rs.redirects.length - 1})`, true, redirectList(rs.redirects)));
  }
  const rq = model.request;
  parts.push(
    section(
      'Request',
      !rs,
      el('p', { class: 'request-line' }, `${rq.method} ${rq.url}`),
      rs && rs.url !== rq.url ? el('p', { class: 'muted' }, `Final URL after redirects: ${rs.url}`) : undefined,
      headerTable(rq.headers, 'Request headers'),
      rq.body !== undefined ? el('pre', { class: 'body request-body' }, rq.body) : undefined,
    ),
  );
  root.replaceChildren(...parts.filter((p): p is Node => p instanceof Node));
  document.title = rs ? `${rs.status} ${rs.statusText}` : 'Response';
  post({ type: 'rendered', exchangeId: model.exchangeId, bodyKind: rs?.body.kind ?? 'empty', ...(rs ? { status: rs.status } : {}) });
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data);
  if (message) render(message.model);
});
post({ type: 'ready' });
