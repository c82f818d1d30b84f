// "What would Journey do?": how a journey's calls fare against capping and throttling, computed per second
// as counts (never one object per event), so six hours at 20,000 events/s take milliseconds.
//
// The model, from adobe-apis.md §4.3:
// - Throttling: calls queue in arrival order and leave at `maxThroughput` per second; a call still queued
//   after 6 hours is dropped (Journey reports it as timed out).
// - Capping: at most `maxCallsCount` calls in any `periodInMs` (whole seconds: a sliding window of seconds;
//   shorter periods: their per-second equivalent); over-limit calls are rejected. Journey retries a rejected
//   call up to 3 times, one second later (assumption: the docs give no delay), and each retry takes a slot
//   like a new call. Older attempts are served first. A call rejected on its last retry fails.
// - `maxHttpConnections` caps the calls a second can carry at connections / latency (Little's law), and
//   connections in use are reported as calls per second × latency.
// - With both configs, throttled calls leave the queue into capping.

export const UNITARY_MAX_EVENTS_PER_SECOND = 5000;
export const AUDIENCE_MAX_EVENTS_PER_SECOND = 20_000;
export const THROTTLING_QUEUE_LIMIT_SECONDS = 6 * 3600;
export const JOURNEY_RETRIES = 3;

export interface SimulatedCapping {
  maxCallsCount: number;
  periodInMs: number;
  /** null/undefined: no connection limit. */
  maxHttpConnections?: number | null;
}

export interface SimulationInput {
  /** Events (one call each) per second the journey offers. */
  eventsPerSecond: number;
  /** Seconds during which events arrive; with `audience`, computed from it when absent. */
  durationSeconds?: number;
  /** Audience-triggered journey: this many events in all (the rate is capped at 20,000/s instead of 5,000/s). */
  audience?: number;
  capping?: SimulatedCapping;
  throttling?: { maxThroughput: number };
  /** Endpoint answer time (default 100 ms), for connections in use. */
  latencyMs?: number;
  retries?: number;
  queueLimitSeconds?: number;
}

/** Per-second columns; index i is second i (0-based). */
export interface SimulationSeries {
  seconds: number;
  /** Events offered by the journey. */
  offered: Float64Array;
  /** Calls that reached the endpoint. */
  accepted: Float64Array;
  /** Attempts refused by capping (retries included). */
  rejected: Float64Array;
  /** Calls given up after their last retry. */
  failed: Float64Array;
  /** Calls that had to wait in the throttling queue this second. */
  queued: Float64Array;
  /** Queue length at the end of the second. */
  queueLength: Float64Array;
  /** How long the last call queued this second waits before it is sent, in seconds. */
  lastWaitSeconds: Float64Array;
  /** Calls dropped from the queue after the queue limit. */
  dropped: Float64Array;
  /** Connections in use (calls per second × latency). */
  connections: Float64Array;
}

export interface SimulationTotals {
  offered: number;
  accepted: number;
  rejected: number;
  failed: number;
  queued: number;
  dropped: number;
  maxQueueLength: number;
  maxWaitSeconds: number;
  maxConnections: number;
  /** Seconds until the last call was sent or given up (drain included). */
  endSeconds: number;
}

export interface SimulationResult {
  series: SimulationSeries;
  totals: SimulationTotals;
  /** What the simulation assumed or adjusted, in words. */
  notes: string[];
}

/** Checks the inputs; returns the problem in words, or undefined. */
export function checkSimulationInput(input: SimulationInput): string | undefined {
  if (!(input.eventsPerSecond > 0)) return 'The event rate must be above 0 events per second.';
  if (input.audience !== undefined && !(input.audience > 0 && Number.isFinite(input.audience))) return 'The audience size must be a positive number.';
  if (input.audience === undefined && !(input.durationSeconds! > 0)) return 'Give a duration (e.g. 60s, 10m, 6h) or an audience size.';
  if (input.capping && !(input.capping.maxCallsCount >= 1 && input.capping.periodInMs > 0)) return 'A capping limit needs at least 1 call per period longer than 0 ms.';
  if (input.throttling && !(input.throttling.maxThroughput > 0)) return 'A throttling limit needs a throughput above 0 calls per second.';
  if (input.latencyMs !== undefined && !(input.latencyMs >= 0)) return 'The latency must be 0 ms or more.';
  return undefined;
}

export function simulate(input: SimulationInput): SimulationResult {
  const problem = checkSimulationInput(input);
  if (problem) throw new RangeError(problem);
  const notes: string[] = [];
  const ceiling = input.audience !== undefined ? AUDIENCE_MAX_EVENTS_PER_SECOND : UNITARY_MAX_EVENTS_PER_SECOND;
  let rate = input.eventsPerSecond;
  if (rate > ceiling) {
    notes.push(`Journeys process at most ${ceiling.toLocaleString('en-US')} events/s ${input.audience !== undefined ? 'when audience-triggered' : 'when unitary'}: the rate is read as ${ceiling.toLocaleString('en-US')}/s.`);
    rate = ceiling;
  }
  const audience = input.audience;
  const arrivalSeconds = audience !== undefined ? Math.ceil(audience / rate) : Math.ceil(input.durationSeconds!);
  const offeredAt = (t: number): number => (audience === undefined ? rate : Math.max(0, Math.min(rate, audience - rate * t)));
  const latency = (input.latencyMs ?? 100) / 1000;
  const retries = input.retries ?? JOURNEY_RETRIES;
  const queueLimit = input.queueLimitSeconds ?? THROTTLING_QUEUE_LIMIT_SECONDS;
  const throughput = input.throttling?.maxThroughput;
  const cap = input.capping;

  // Capping capacity: a sliding window of whole seconds, or a per-second equivalent for other periods.
  let windowSeconds = 1;
  let perWindow = Infinity;
  let perSecondConnections = Infinity;
  if (cap) {
    if (cap.periodInMs % 1000 === 0) {
      windowSeconds = cap.periodInMs / 1000;
      perWindow = cap.maxCallsCount;
    } else {
      perWindow = Math.floor((cap.maxCallsCount * 1000) / cap.periodInMs);
      if (cap.periodInMs > 1000) notes.push(`A ${cap.periodInMs} ms period is simulated as ${perWindow} calls per second.`);
    }
    const connections = cap.maxHttpConnections ?? null;
    if (connections !== null && connections > 0 && latency > 0) {
      const byConnections = Math.floor(connections / latency);
      if (byConnections < perWindow / windowSeconds) notes.push(`${connections} connections at ${Math.round(latency * 1000)} ms each carry at most ${byConnections} calls/s: fewer than the call cap allows.`);
      perSecondConnections = byConnections;
    }
  }

  // Horizon: arrivals, then the queue drain (bounded by the queue limit), then the last retries.
  const drain = throughput !== undefined ? queueLimit + 1 : 0;
  const horizon = arrivalSeconds + drain + (cap ? retries + 1 : 0);
  const columns: SimulationSeries = {
    seconds: 0,
    offered: new Float64Array(horizon),
    accepted: new Float64Array(horizon),
    rejected: new Float64Array(horizon),
    failed: new Float64Array(horizon),
    queued: new Float64Array(horizon),
    queueLength: new Float64Array(horizon),
    lastWaitSeconds: new Float64Array(horizon),
    dropped: new Float64Array(horizon),
    connections: new Float64Array(horizon),
  };

  // Throttling queue: one bucket per arrival second (count still waiting), head index moves forward.
  const bucketSecond = new Float64Array(horizon);
  const bucketCount = new Float64Array(horizon);
  let head = 0;
  let tail = 0;
  let queueLength = 0;
  // Capping retries: attempts due next second, by attempt number (0 = first try).
  let due = new Float64Array(retries + 1);
  let nextDue = new Float64Array(retries + 1);
  let pendingRetries = 0;
  const acceptedRing = new Float64Array(windowSeconds);
  let acceptedInWindow = 0;

  let end = 0;
  for (let t = 0; t < horizon; t++) {
    const offered = t < arrivalSeconds ? offeredAt(t) : 0;
    if (t >= arrivalSeconds && queueLength === 0 && pendingRetries === 0) break;
    columns.offered[t] = offered;
    let toEndpoint = offered;

    if (throughput !== undefined) {
      // Drop what has waited past the limit, then serve FIFO, then queue the newcomers.
      while (head < tail && t - bucketSecond[head]! > queueLimit) {
        columns.dropped[t] += bucketCount[head]!;
        queueLength -= bucketCount[head]!;
        head++;
      }
      const canSend = Math.min(throughput, perSecondConnections);
      let sent = 0;
      while (head < tail && sent < canSend) {
        const take = Math.min(bucketCount[head]!, canSend - sent);
        sent += take;
        bucketCount[head] -= take;
        queueLength -= take;
        if (bucketCount[head] === 0) head++;
      }
      const direct = Math.min(offered, canSend - sent);
      const waiting = offered - direct;
      if (waiting > 0) {
        bucketSecond[tail] = t;
        bucketCount[tail] = waiting;
        tail++;
        queueLength += waiting;
        columns.queued[t] = waiting;
        // The last one waits for everything ahead of it, at the throttled rate.
        columns.lastWaitSeconds[t] = queueLength / canSend;
      }
      columns.queueLength[t] = queueLength;
      toEndpoint = sent + direct;
    }

    let accepted = toEndpoint;
    if (cap) {
      // Slots left in the sliding window of seconds ending now.
      acceptedInWindow -= acceptedRing[t % windowSeconds]!;
      acceptedRing[t % windowSeconds] = 0;
      let slots = Math.max(0, Math.min(perWindow - acceptedInWindow, perSecondConnections));
      due[0] = toEndpoint;
      accepted = 0;
      nextDue.fill(0);
      pendingRetries = 0;
      for (let attempt = retries; attempt >= 0; attempt--) {
        const tries = due[attempt]!;
        if (tries === 0) continue;
        const ok = Math.min(tries, slots);
        slots -= ok;
        accepted += ok;
        const refused = tries - ok;
        if (refused === 0) continue;
        columns.rejected[t] += refused;
        if (attempt === retries) columns.failed[t] += refused;
        else {
          nextDue[attempt + 1] = refused;
          pendingRetries += refused;
        }
      }
      acceptedRing[t % windowSeconds] = accepted;
      acceptedInWindow += accepted;
      [due, nextDue] = [nextDue, due];
    }
    columns.accepted[t] = accepted;
    columns.connections[t] = accepted * latency;
    end = t + 1;
  }
  columns.seconds = end;

  const totals: SimulationTotals = {
    offered: 0, accepted: 0, rejected: 0, failed: 0, queued: 0, dropped: 0,
    maxQueueLength: 0, maxWaitSeconds: 0, maxConnections: 0, endSeconds: end,
  };
  for (let t = 0; t < end; t++) {
    totals.offered += columns.offered[t]!;
    totals.accepted += columns.accepted[t]!;
    totals.rejected += columns.rejected[t]!;
    totals.failed += columns.failed[t]!;
    totals.queued += columns.queued[t]!;
    totals.dropped += columns.dropped[t]!;
    totals.maxQueueLength = Math.max(totals.maxQueueLength, columns.queueLength[t]!);
    totals.maxWaitSeconds = Math.max(totals.maxWaitSeconds, columns.lastWaitSeconds[t]!);
    totals.maxConnections = Math.max(totals.maxConnections, columns.connections[t]!);
  }
  for (const key of ['offered', 'accepted', 'rejected', 'failed', 'queued', 'queueLength', 'lastWaitSeconds', 'dropped', 'connections'] as const) {
    columns[key] = columns[key].subarray(0, end);
  }
  return { series: columns, totals, notes };
}

export interface SimulationRow {
  /** First second of the row. */
  from: number;
  /** Seconds the row covers. */
  span: number;
  offered: number;
  accepted: number;
  rejected: number;
  failed: number;
  queued: number;
  dropped: number;
  /** At the end of the span. */
  queueLength: number;
  /** Largest over the span. */
  lastWaitSeconds: number;
  /** Largest over the span. */
  connections: number;
}

/** Rows of `span` seconds each (e.g. 60 for per-minute rows): sums, except queue length (at the end) and maxima. */
export function rowsOf(series: SimulationSeries, span: number): SimulationRow[] {
  const rows: SimulationRow[] = [];
  for (let from = 0; from < series.seconds; from += span) {
    const to = Math.min(series.seconds, from + span);
    const row: SimulationRow = { from, span: to - from, offered: 0, accepted: 0, rejected: 0, failed: 0, queued: 0, dropped: 0, queueLength: 0, lastWaitSeconds: 0, connections: 0 };
    for (let t = from; t < to; t++) {
      row.offered += series.offered[t]!;
      row.accepted += series.accepted[t]!;
      row.rejected += series.rejected[t]!;
      row.failed += series.failed[t]!;
      row.queued += series.queued[t]!;
      row.dropped += series.dropped[t]!;
      row.lastWaitSeconds = Math.max(row.lastWaitSeconds, series.lastWaitSeconds[t]!);
      row.connections = Math.max(row.connections, series.connections[t]!);
    }
    row.queueLength = series.queueLength[to - 1]!;
    rows.push(row);
  }
  return rows;
}
