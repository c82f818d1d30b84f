// The one message protocol between the extension and the simulator webview. Both sides compile this file and
// check what arrives with the parse functions below before acting on it.

/** One chart/table row: `span` seconds from `from`; counts are sums over the span, the rest as labelled. */
export interface SimulationViewRow {
  from: number;
  span: number;
  offered: number;
  accepted: number;
  rejected: number;
  failed: number;
  queued: number;
  dropped: number;
  /** At the end of the span. */
  queueLength: number;
  /** Largest over the span, in seconds. */
  lastWaitSeconds: number;
  /** Largest over the span. */
  connections: number;
}

export interface SimulationViewTotals {
  offered: number;
  accepted: number;
  rejected: number;
  failed: number;
  queued: number;
  dropped: number;
  maxQueueLength: number;
  maxWaitSeconds: number;
  maxConnections: number;
  endSeconds: number;
}

export interface SimulationViewModel {
  /** `POST https://…`. */
  title: string;
  /** Where the limits come from, in words. */
  limits: string;
  /** The journey's input, in words. */
  input: string;
  rows: SimulationViewRow[];
  totals: SimulationViewTotals;
  /** What the simulation assumed or adjusted. */
  notes: string[];
  /** Journey's guardrails that bear on the endpoint. */
  guardrails: string[];
}

export type ToSimulateWebview = { type: 'result'; model: SimulationViewModel };
export type FromSimulateWebview = { type: 'ready' };

const ROW_KEYS = ['from', 'span', 'offered', 'accepted', 'rejected', 'failed', 'queued', 'dropped', 'queueLength', 'lastWaitSeconds', 'connections'] as const;
const TOTAL_KEYS = ['offered', 'accepted', 'rejected', 'failed', 'queued', 'dropped', 'maxQueueLength', 'maxWaitSeconds', 'maxConnections', 'endSeconds'] as const;
/** More rows than a chart can show: the extension aggregates before sending. */
export const MAX_VIEW_ROWS = 2000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 100 && v.every((s) => typeof s === 'string');

function hasCounts(v: unknown, keys: readonly string[]): boolean {
  return isRecord(v) && keys.every((k) => isCount(v[k]));
}

/** The message the webview acts on, or undefined for anything else. */
export function parseToSimulateWebview(message: unknown): ToSimulateWebview | undefined {
  if (!isRecord(message) || message.type !== 'result' || !isRecord(message.model)) return undefined;
  const m = message.model;
  if (typeof m.title !== 'string' || typeof m.limits !== 'string' || typeof m.input !== 'string') return undefined;
  if (!Array.isArray(m.rows) || m.rows.length > MAX_VIEW_ROWS || !m.rows.every((r) => hasCounts(r, ROW_KEYS))) return undefined;
  if (!hasCounts(m.totals, TOTAL_KEYS) || !isStrings(m.notes) || !isStrings(m.guardrails)) return undefined;
  return message as ToSimulateWebview;
}

/** The message the extension acts on, or undefined for anything else. */
export function parseFromSimulateWebview(message: unknown): FromSimulateWebview | undefined {
  return isRecord(message) && message.type === 'ready' && Object.keys(message).length === 1 ? { type: 'ready' } : undefined;
}
