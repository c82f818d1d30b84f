// History entries as tree rows: a pure mapping, unit-tested without VS Code.
import type { HistoryEntry } from '../../core/http/history';

export interface HistoryRow {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: { id: string; color?: string };
  contextValue: string;
}

/** `14:32:05` today, `Nov 30 14:32` before. */
export function sentAt(at: number, now: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  if (new Date(now).toDateString() === d.toDateString()) return time;
  return `${d.toLocaleString('en', { month: 'short' })} ${d.getDate()} ${time.slice(0, 5)}`;
}

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export function historyRow(entry: HistoryEntry, now: number): HistoryRow {
  const ex = entry.exchange;
  const status = ex.response ? `${ex.response.status}` : (ex.error?.kind ?? '');
  const time = ex.response ? `${Math.round(ex.response.timings.totalMs)} ms` : '';
  const failed = !ex.response || ex.response.status >= 400 || ex.error !== undefined;
  return {
    id: ex.id,
    label: `${ex.request.method} ${shortUrl(ex.request.url)}`,
    description: [status, time, sentAt(ex.at, now)].filter(Boolean).join(' · '),
    tooltip: [
      `${ex.request.method} ${ex.request.url}`,
      ex.response ? `${ex.response.status} ${ex.response.statusText} in ${time}` : `${ex.error?.kind ?? 'failed'}: ${ex.error?.message ?? ''}`,
      new Date(ex.at).toLocaleString(),
      entry.bodyDropped ? 'Body over 1 MB: not kept' : '',
    ].filter(Boolean).join('\n'),
    icon: failed ? { id: 'error', color: 'errorForeground' } : { id: 'pass', color: 'testing.iconPassed' },
    contextValue: `aioHistoryEntry;${entry.fileUri ? 'rerunnable;' : ''}`,
  };
}
