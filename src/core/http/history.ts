// The last sends, kept on disk for the History view: redacted again on the way in (whoever built the exchange),
// bodies over a limit dropped, the oldest entries trimmed. The file is JSON; binary bodies are base64.
import { redact, redactUrl } from '../log/redact';
import { bodyText, displayHops, maskHeader, type Exchange, type ExchangeBody } from './exchange';

/** The file is rewritten on every send, so all kept bodies together stay under `maxTotalBodyBytes` (older ones go first). */
export const HISTORY_LIMITS = { maxEntries: 100, maxBodyBytes: 1024 * 1024, maxTotalBodyBytes: 8 * 1024 * 1024 } as const;

export interface HistoryEntry {
  exchange: Exchange;
  /** The `.http` file the request came from (a URI string), so "open" shows it in that file's panel. */
  fileUri?: string;
  /** True when the body was over the limit and not kept. */
  bodyDropped?: boolean;
}

/** Where the history is kept; the editor passes a file under the extension's global storage. */
export interface HistoryFile {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

interface StoredBody {
  kind: string;
  mime: string;
  size: number;
  text?: string;
  base64?: string;
}

/** What an entry becomes on disk: the exchange with the body as text or base64. */
type StoredEntry = Omit<HistoryEntry, 'exchange'> & { exchange: Omit<Exchange, 'response'> & { response?: Omit<NonNullable<Exchange['response']>, 'body'> & { body: StoredBody } } };

/** The exchange as history keeps it: masked again, the body dropped when over the limit. */
export function redactForHistory(exchange: Exchange, maxBodyBytes: number = HISTORY_LIMITS.maxBodyBytes): { exchange: Exchange; bodyDropped: boolean } {
  const rq = exchange.request;
  const out: Exchange = {
    ...exchange,
    request: {
      method: rq.method,
      url: redactUrl(rq.url),
      headers: rq.headers.map(([n, v]) => maskHeader(n, v)),
      ...(rq.body !== undefined ? { body: rq.body.length > maxBodyBytes ? `‹${rq.body.length} characters, not kept›` : redact(rq.body) } : {}),
    },
    ...(exchange.error ? { error: { kind: exchange.error.kind, message: redact(exchange.error.message) } } : {}),
  };
  let bodyDropped = false;
  const rs = exchange.response;
  if (rs) {
    const body: ExchangeBody = { kind: rs.body.kind, mime: rs.body.mime, size: rs.body.size };
    if (rs.body.size > maxBodyBytes) bodyDropped = true;
    else if (rs.body.text !== undefined) body.text = redact(bodyText(rs.body)!);
    else if (rs.body.bytes !== undefined) body.bytes = rs.body.bytes;
    out.response = { ...rs, url: redactUrl(rs.url), headers: rs.headers.map(([n, v]) => maskHeader(n, v)), ...(rs.redirects ? { redirects: displayHops(rs.redirects) } : {}), body };
  }
  return { exchange: out, bodyDropped };
}

function toStored(entry: HistoryEntry): StoredEntry {
  const rs = entry.exchange.response;
  if (!rs) return entry as StoredEntry;
  const { bytes, text, ...rest } = rs.body;
  const body: StoredBody = { ...rest, ...(text !== undefined ? { text } : {}), ...(bytes !== undefined ? { base64: Buffer.from(bytes).toString('base64') } : {}) };
  return { ...entry, exchange: { ...entry.exchange, response: { ...rs, body } } };
}

function fromStored(stored: StoredEntry): HistoryEntry | undefined {
  const ex = stored?.exchange;
  if (!ex || typeof ex.id !== 'string' || typeof ex.at !== 'number' || typeof ex.request?.method !== 'string' || typeof ex.request.url !== 'string' || !Array.isArray(ex.request.headers)) return undefined;
  const rs = ex.response;
  if (!rs) return stored as HistoryEntry;
  const { base64, ...rest } = rs.body ?? { kind: 'empty', mime: '', size: 0 };
  const body = { ...rest, ...(base64 !== undefined ? { bytes: new Uint8Array(Buffer.from(base64, 'base64')) } : {}) } as ExchangeBody;
  return { ...stored, exchange: { ...ex, response: { ...rs, body } } };
}

/** Newest first. Loads lazily; every change is written through. */
export class HistoryStore {
  private entries: HistoryEntry[] | undefined;
  private writing: Promise<void> = Promise.resolve();
  // Each entry's JSON, kept: a send serialises only itself, not the 8 MB of bodies already kept (that took ~60 ms a send).
  private readonly serialized = new WeakMap<HistoryEntry, string>();

  private batched: Promise<void> | undefined;

  /** `batchMs`: sends within that time of the first share one write (Send All with a full history wrote 8 MB a request). */
  constructor(
    private readonly file: HistoryFile,
    private readonly limits: { maxEntries: number; maxBodyBytes: number; maxTotalBodyBytes: number } = HISTORY_LIMITS,
    private readonly batchMs = 0,
  ) {}

  async list(): Promise<readonly HistoryEntry[]> {
    return this.load();
  }

  async get(id: string): Promise<HistoryEntry | undefined> {
    return (await this.load()).find((e) => e.exchange.id === id);
  }

  async record(exchange: Exchange, fileUri?: string): Promise<HistoryEntry> {
    const entries = await this.load();
    const { exchange: kept, bodyDropped } = redactForHistory(exchange, this.limits.maxBodyBytes);
    const entry: HistoryEntry = { exchange: kept, ...(fileUri ? { fileUri } : {}), ...(bodyDropped ? { bodyDropped } : {}) };
    entries.unshift(entry);
    entries.splice(this.limits.maxEntries);
    let total = 0;
    for (const e of entries) {
      const body = e.exchange.response?.body;
      if (!body || (body.text === undefined && body.bytes === undefined)) continue;
      total += body.size;
      if (total > this.limits.maxTotalBodyBytes) {
        delete body.text;
        delete body.bytes;
        e.bodyDropped = true;
        this.serialized.delete(e);
      }
    }
    await this.save();
    return entry;
  }

  async clear(): Promise<void> {
    this.entries = [];
    await this.save();
  }

  private async load(): Promise<HistoryEntry[]> {
    if (this.entries) return this.entries;
    let parsed: unknown;
    try {
      const text = await this.file.read();
      parsed = text === undefined ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined; // an unreadable history starts afresh; the next write replaces it
    }
    const list = (parsed as { entries?: unknown } | undefined)?.entries;
    this.entries ??= Array.isArray(list) ? list.map((e) => fromStored(e as StoredEntry)).filter((e): e is HistoryEntry => e !== undefined).slice(0, this.limits.maxEntries) : [];
    return this.entries;
  }

  private save(): Promise<void> {
    if (this.batchMs <= 0) return this.write();
    this.batched ??= new Promise<void>((resolve) => setTimeout(resolve, this.batchMs)).then(() => {
      this.batched = undefined;
      return this.write();
    });
    return this.batched;
  }

  private write(): Promise<void> {
    const parts = (this.entries ?? []).map((e) => {
      let json = this.serialized.get(e);
      if (json === undefined) this.serialized.set(e, (json = JSON.stringify(toStored(e))));
      return json;
    });
    const text = `{"version":1,"entries":[${parts.join(',')}]}`;
    // Writes go one after another so an older list never lands after a newer one.
    this.writing = this.writing.catch(() => undefined).then(() => this.file.write(text));
    return this.writing;
  }
}

/** Entries whose method, URL, status or name contain every word of `query` (case-insensitive). */
export function filterHistory(entries: readonly HistoryEntry[], query: string): HistoryEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((e) => {
    const hay = `${e.exchange.request.method} ${e.exchange.request.url} ${e.exchange.response?.status ?? e.exchange.error?.kind ?? ''} ${e.exchange.name ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
