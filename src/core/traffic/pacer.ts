// The one rate-limit engine: a FIFO queue released under sliding-window limits and a concurrency cap. A server
// counts a call when it arrives, which is after it was written and before its answer comes back. So a window
// holds a call from its release until its answer (every call in flight takes a slot) and logs it at the answer:
// the next call that log lets go is written a whole window after that answer, so it also arrives a whole window
// after the earlier call arrived, however long either spent on the way. No window of that length on the server's
// side ever holds more than its count. Time and waiting come through ports so tests drive it with a fake clock.
import { performance } from 'node:perf_hooks';
import { AioError } from '../errors';
import type { Clock } from '../ports';

/** At most `count` starts in any window of `windowMs` milliseconds. */
export interface RateWindow {
  count: number;
  windowMs: number;
}

/** Waits `ms`; rejects or resolves early when the signal aborts (the engine only checks the signal afterwards). */
export type SleepPort = (ms: number, signal: AbortSignal) => Promise<void>;

export const systemSleep: SleepPort = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Monotonic milliseconds: a wall clock stepped forward by NTP would open a window early. */
export const monotonicClock: Clock = { now: () => performance.now() };

export interface PacerOptions {
  windows?: readonly RateWindow[];
  /** Most tasks in flight at once; undefined or 0 = no cap. */
  concurrency?: number;
  /**
   * Spread starts evenly (windowMs / count apart, from the shortest window) instead of sending a window's whole count at once.
   * Default true: a server sees a steady rate, and connection caps are not hit by bursts.
   */
  smooth?: boolean;
  clock?: Clock;
  sleep?: SleepPort;
  /**
   * The limits this pacer's tasks take slots of, instead of `windows` / `concurrency`: limits shared with other
   * pacers (see PacingSession) are one budget, whichever pacer's task takes a slot.
   */
  limits?: readonly Limit[];
}

/** Thrown to every task still queued when the pacer is cancelled. */
export class PacingCancelled extends AioError {
  constructor() {
    super('pacing-cancelled', 'The run was cancelled; queued requests were not sent.');
  }
}

interface Entry {
  start: () => void;
  reject: (error: unknown) => void;
  /** The caller's signal: its abort drops the entry while it waits (see Pacer.run). */
  signal?: AbortSignal;
  /** Dropped while waiting: skipped when its turn comes, taking no slot. */
  dropped?: boolean;
  /** Order of arrival over every pacer: a freed shared slot goes to the task that has waited longest. */
  seq: number;
  /** When it was queued (the pacer's clock). */
  queuedAt: number;
}

let arrivals = 0;

/**
 * Asks for the slot of one more write of a call already under way: its method and URL (a redirect hop's own)
 * decide which limits apply; undefined when none count it. A rejection means the run was cancelled.
 */
export type NextWrite = (method: string, url: string, signal?: AbortSignal) => Promise<WriteSlot | undefined>;

/**
 * One more write of a call already under way (a retry, a redirect hop). `done` once its answer is in, or once it
 * failed or was refused before the wire: the windows count it then (a slot is never handed back unused).
 */
export interface WriteSlot {
  done(): void;
}

/** When the last `count` calls were answered, in order. */
export class AnswerLog {
  private readonly times: Float64Array;
  private next = 0;
  private size = 0;

  constructor(readonly window: RateWindow) {
    this.times = new Float64Array(window.count);
  }

  /**
   * Earliest time one more call fits when `pending` calls are released but not answered yet (each takes a slot):
   * when the (count − pending)-th most recent answer leaves the window. Infinity while pending fill the window.
   */
  earliest(pending: number): number {
    const k = this.window.count - pending;
    if (k <= 0) return Infinity;
    if (k > this.size) return -Infinity;
    return this.times[(this.next - k + this.window.count) % this.window.count]! + this.window.windowMs;
  }

  /** When no logged answer is in the window any more (-Infinity: none logged). */
  quietAt(): number {
    if (this.size === 0) return -Infinity;
    return this.times[(this.next - 1 + this.window.count) % this.window.count]! + this.window.windowMs;
  }

  add(at: number): void {
    this.times[this.next] = at;
    this.next = (this.next + 1) % this.window.count;
    if (this.size < this.window.count) this.size++;
  }
}

// How far behind its even schedule a smooth pacer may catch up at once, as a share of the shortest window:
// timers fire late, the event loop stalls (GC), and callers keeping a few calls in flight leave the queue
// empty for a moment when a slot comes; a pacer that never made up for those would fall short of its rate.
// Half the window: a CLI process starting cold (compiling its code while the first second's calls are due) falls
// 100-200 ms behind at 5,000/s, which a tenth could not make up. A catch-up is a burst the server sees, but the
// logs (counted when calls are answered, not released) cap every window whatever the burst.
const CATCH_UP_SHARE = 0.5;

const noop = (): void => undefined;

/**
 * One limit: its windows' answer logs, its concurrency cap, and its even schedule. A limit can be shared by several
 * pacers (a Journey capping config covers requests that also carry a `# @rate` and requests that do not): a task
 * starts only when every limit it is under has room, and takes its slot in all of them in the same step, so no
 * task ever holds one limit while it waits for another.
 */
export class Limit {
  readonly logs: AnswerLog[];
  /** Released under this limit and not answered yet: each holds a slot in every window until it is. */
  pending = 0;
  /** In flight under the cap. */
  active = 0;
  readonly concurrency: number;
  /** Even spacing from the shortest window (0: none); longer windows stay hard caps kept by their logs. */
  readonly spacing: number;
  nextSmooth = -Infinity;
  readonly catchUpMs: number;
  /** Every pacer that takes slots here: a slot freed by one may let another go. */
  readonly pacers: Pacer[] = [];

  constructor(windows: readonly RateWindow[] = [], concurrency?: number, smooth = true) {
    const kept = windows.filter((w) => w.count >= 1 && w.windowMs > 0 && Number.isFinite(w.count));
    for (const w of kept) {
      if (!Number.isInteger(w.count)) throw new AioError('invalid-rate', `A rate needs a whole number of calls, not ${w.count}.`);
    }
    this.logs = kept.map((w) => new AnswerLog(w));
    // Even spacing follows the shortest window (e.g. CJA's 12 / 6 s); longer ones (60 / min) stay hard caps
    // enforced by their logs, so a short run is not slowed to the long-term average.
    const shortest = Math.min(...kept.map((w) => w.windowMs));
    this.spacing = !smooth ? 0 : Math.max(0, ...kept.filter((w) => w.windowMs === shortest).map((w) => w.windowMs / w.count));
    this.catchUpMs = Number.isFinite(shortest) ? shortest * CATCH_UP_SHARE : 0;
    this.concurrency = concurrency && concurrency > 0 ? concurrency : Infinity;
  }

  /** Whether a pacer other than `pacer` uses this limit now: it has writes waiting, or calls in flight. */
  usedByOthers(pacer: Pacer): boolean {
    for (const p of this.pacers) if (p !== pacer && (p.hasWaiting || p.inFlight > 0)) return true;
    return false;
  }

  /**
   * Whether one more call still fits at `at` after `taken` more calls are started now (each counted as not answered
   * yet, and a cap slot each unless `windowsOnly`): what a younger write may take without delaying older ones that
   * need this limit at `at` (see Pacer.dispatchShared).
   */
  roomAt(at: number, taken: number, now: number, windowsOnly: boolean): boolean {
    if (!windowsOnly && this.active + taken >= this.concurrency) return false;
    for (const log of this.logs) if (log.earliest(this.pending + taken) > at) return false;
    if (this.spacing > 0) {
      // The even schedule after those starts (the first call of a fresh limit goes alone until its answer).
      if (this.nextSmooth === Infinity || (this.nextSmooth === -Infinity && taken > 0)) return false;
      if (Math.max(this.nextSmooth, now - this.catchUpMs) + taken * this.spacing > at) return false;
    }
    return true;
  }

  /** Earliest time one more call fits in every window and the even schedule; Infinity while pending calls fill a window. */
  earliest(): number {
    let at = this.spacing > 0 ? this.nextSmooth : -Infinity;
    for (const log of this.logs) {
      const t = log.earliest(this.pending);
      if (t > at) at = t;
    }
    return at;
  }

  /** Moves the even schedule on by one call released now. */
  takeTurn(now: number): void {
    if (this.spacing <= 0) return;
    // The first call goes alone: the schedule opens when its answer is in (Infinity until then). The server had
    // it by then, so the rate the server sees from its first arrival never runs ahead of the one asked, however
    // long that first call took to connect (a cold process or a new TLS connection adds tens of ms).
    // Time it fell behind later (a late wake-up, a moment with nothing queued, a window holding calls back) is
    // caught up within half a window, so calls a stall bunched up go together again when their slots open a
    // window later, instead of losing the stall once more each window.
    if (this.nextSmooth === -Infinity) {
      this.nextSmooth = Infinity;
      return;
    }
    this.nextSmooth = Math.max(this.nextSmooth, now - this.catchUpMs) + this.spacing;
  }

  /** Nothing in flight and no answer left in any window at `now`: forgetting this limit loses nothing. */
  quiet(now: number): boolean {
    if (this.pending > 0 || this.active > 0) return false;
    for (const log of this.logs) if (log.quietAt() > now) return false;
    return true;
  }

  /** A call released under this limit was answered at `now`. */
  answered(now: number): void {
    this.pending--;
    for (const log of this.logs) log.add(now);
    // The first answer opens the even schedule (see takeTurn).
    if (this.nextSmooth === Infinity) this.nextSmooth = now + this.spacing;
  }
}

export class Pacer {
  /** Entries before `head` are taken (emptied as they are taken). */
  private readonly queue: Array<Entry | undefined> = [];
  private head = 0;
  /** Entries between `head` and the end that were dropped (their signal aborted) and not skipped yet. */
  private droppedWaiting = 0;
  /**
   * The waiting entries of each caller's signal; one listener per signal (added once, left in place: it goes with
   * the signal, and adding and removing one per task would cost more than the task's own pacing).
   */
  private readonly bySignal = new WeakMap<AbortSignal, Set<Entry>>();
  /** Further writes of calls already started: they go first and need no concurrency slot (their call holds one). */
  private readonly again: Entry[] = [];
  /** This pacer's tasks in flight. */
  private active = 0;
  private readonly limits: readonly Limit[];
  /**
   * How long its first write may wait for limits shared with other pacers before it reserves slots of them (see
   * reservation): its longest window, as a write under a window may wait that long anyway.
   */
  private readonly patience: number;
  /** Let go by its session (see PacingSession.sweep): no longer woken by its limits, so never used again. */
  private detached = false;
  /** A look over the linked pacers is queued (see holdSlot). */
  private roomSoon = false;
  /** The limits with windows, and those with a concurrency cap (a limit may be both). */
  private readonly windowed: Limit[];
  private readonly capped: Limit[];
  private readonly clock: Clock;
  private readonly sleep: SleepPort;
  private readonly stop = new AbortController();
  private pumping = false;
  /** Poked while the pump ran: it may have looked before the change it was poked for, so it runs once more. */
  private repoke = false;
  /** The pump stopped because every slot is held by a call not answered yet; the next answer restarts it. */
  private blocked = false;
  /** Starts so far (for progress and tests). */
  started = 0;

  constructor(options: PacerOptions = {}) {
    const limits = options.limits ?? [new Limit(options.windows, options.concurrency, options.smooth !== false)];
    for (const limit of limits) limit.pacers.push(this);
    this.limits = limits;
    this.patience = Math.max(0, ...limits.flatMap((l) => l.logs.map((log) => log.window.windowMs)));
    this.windowed = limits.filter((l) => l.logs.length > 0);
    this.capped = limits.filter((l) => l.concurrency !== Infinity);
    this.clock = options.clock ?? monotonicClock;
    this.sleep = options.sleep ?? systemSleep;
  }

  get cancelled(): boolean {
    return this.stop.signal.aborted;
  }

  /** Tasks waiting for their turn. */
  get waiting(): number {
    return this.queue.length - this.head - this.droppedWaiting;
  }

  /** Whether a write waits here (a task or a retry), and the pacer was not cancelled. */
  get hasWaiting(): boolean {
    return !this.cancelled && (this.waiting > 0 || this.again.length > 0);
  }

  /** Whether any window counts calls (a concurrency cap alone has no log to keep). */
  get hasWindows(): boolean {
    return this.windowed.length > 0;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Nothing waits and nothing is in flight: all it knows of past calls is in its limits. */
  get idle(): boolean {
    return !this.pumping && this.active === 0 && this.waiting === 0 && this.again.length === 0;
  }

  /** The pumps of the pacers with windows and a write waiting look again (a write not due yet waits for its time there). */
  private static pokeWaiting(pacers: Iterable<Pacer>): void {
    for (const p of pacers) if (p.hasWindows && p.hasWaiting) p.poke();
  }

  /** Leaves its limits: they no longer wake this pacer (it is not used again). */
  detach(): void {
    this.detached = true;
    for (const limit of this.limits) {
      const at = limit.pacers.indexOf(this);
      if (at >= 0) limit.pacers.splice(at, 1);
    }
    // A limit it shared may hold nothing back any more (see reservation): the pacers left get their turn.
    for (const limit of this.limits) {
      const left = limit.pacers[0];
      if (left && !left.cancelled) left.sharedRoom();
    }
  }

  /** Whether every cap this pacer's tasks are under has a free slot. */
  private capsFree(): boolean {
    for (const limit of this.capped) if (limit.active >= limit.concurrency) return false;
    return true;
  }

  /** A task starts: one slot of every cap. */
  private takeCaps(): void {
    this.active++;
    for (const limit of this.capped) limit.active++;
  }

  /**
   * A task ended: its cap slots are free again, for this pacer's next task or a sharing pacer's. True when a limit is
   * shared (the sharing pacers have had their turn).
   */
  private releaseCaps(): boolean {
    this.active--;
    for (const limit of this.capped) limit.active--;
    // Also when only a window is shared: a call in flight makes its limits used by others (see reservation).
    const shared = this.isShared();
    if (shared) this.sharedRoom();
    return shared;
  }

  /** Whether another pacer takes slots of one of this pacer's limits. */
  private isShared(): boolean {
    for (const limit of this.limits) if (limit.pacers.length > 1) return true;
    return false;
  }

  /**
   * The pacers linked to this one through shared limits, directly or through others (this one included): what
   * one of them starts or lets go can change which of the others' writes may go (see dispatchShared).
   */
  private sharers(): Set<Pacer> {
    const out = new Set<Pacer>([this]);
    const seen = new Set<Limit>();
    for (const p of out) {
      for (const limit of p.limits) {
        if (seen.has(limit)) continue;
        seen.add(limit);
        for (const q of limit.pacers) out.add(q);
      }
    }
    return out;
  }

  /** Whether another pacer sharing a cap with this one has a write waiting (a new task then queues behind it). */
  private othersWaiting(): boolean {
    for (const limit of this.capped) {
      if (limit.pacers.length === 1) continue;
      for (const p of limit.pacers) if (p !== this && p.hasWaiting) return true;
    }
    return false;
  }

  /** Whether this pacer's first waiting write (a retry, which needs no cap slot, or a queued task) may go at `now`. */
  private readyAt(now: number, retry: boolean): boolean {
    if (!retry && !this.capsFree()) return false;
    for (const limit of this.windowed) if (limit.earliest() > now) return false;
    return true;
  }

  /** Starts this pacer's first waiting write at `now`: a retry when one waits, else the first queued task. */
  private startFirst(now: number): void {
    if (this.again.length > 0) {
      this.takeTurn(now);
      this.again.shift()!.start();
      return;
    }
    const entry = this.nextQueued();
    if (this.windowed.length > 0) {
      this.takeTurn(now);
      this.started++;
    }
    entry.start();
  }

  /**
   * What its first write (queued at `queuedAt`) reserves at `now`, if anything (see dispatchShared): for each of its
   * limits, the time it will need a slot there, which is when all its other limits open (Infinity while one of them
   * gives no time: a full cap, a window full of calls not answered yet). Only a write that has waited its patience,
   * and now waits only for limits other pacers use too, reserves anything.
   */
  private reservation(now: number, retry: boolean, queuedAt: number): Map<Limit, number> | undefined {
    if (now - queuedAt < this.patience) return undefined;
    const opens: number[] = [];
    let blocked = false;
    for (const limit of this.limits) {
      const full = !retry && limit.active >= limit.concurrency;
      const at = full ? Infinity : limit.logs.length > 0 ? Math.max(now, limit.earliest()) : now;
      if (at > now) {
        if (!limit.usedByOthers(this)) return undefined;
        blocked = true;
      }
      opens.push(at);
    }
    if (!blocked) return undefined;
    const out = new Map<Limit, number>();
    this.limits.forEach((limit, i) => out.set(limit, Math.max(now, ...opens.filter((_, k) => k !== i))));
    return out;
  }

  /** Whether its first write can start now without delaying the older writes that reserved its limits. */
  private fitsBeside(reserved: Map<Limit, { at: number; count: number }>, now: number, retry: boolean): boolean {
    for (const limit of this.limits) {
      const r = reserved.get(limit);
      if (r && !limit.roomAt(r.at, r.count, now, retry)) return false;
    }
    return true;
  }

  /**
   * Among the pacers linked to this one by shared limits, starts what their limits let go now, one write at a time:
   * retries first, then the task that has waited longest, whichever pacer it waits in. A pacer's queued tasks wait
   * behind its own retries, as they do within one pacer.
   *
   * A write under several shared limits could otherwise wait for ever: each time one of its limits has room, a
   * younger write that needs only that one takes it. So a write that has waited longer than its longest window (or
   * at all, with caps alone) reserves a slot of each of its limits for when its other limits open (see reservation):
   * a younger write starts only if it leaves that slot free (see Limit.roomAt), so it never delays the older one.
   * True when anything started.
   */
  private dispatchShared(now: number): boolean {
    const sharers = this.sharers();
    let startedAny = false;
    for (;;) {
      const heads: Array<{ pacer: Pacer; seq: number; retry: boolean; queuedAt: number }> = [];
      for (const p of sharers) {
        if (p.cancelled) continue;
        if (p.again.length > 0) {
          const first = p.again[0]!;
          heads.push({ pacer: p, seq: first.seq, retry: true, queuedAt: first.queuedAt });
        } else if (p.waiting > 0) {
          const first = p.head1();
          heads.push({ pacer: p, seq: first.seq, retry: false, queuedAt: first.queuedAt });
        }
      }
      heads.sort((a, b) => (a.retry === b.retry ? a.seq - b.seq : a.retry ? -1 : 1));
      let reserved: Map<Limit, { at: number; count: number }> | undefined;
      let started: Pacer | undefined;
      for (const head of heads) {
        const p = head.pacer;
        const ready = p.readyAt(now, head.retry);
        if (ready && (!reserved || p.fitsBeside(reserved, now, head.retry))) {
          p.startFirst(now);
          started = p;
          break;
        }
        const reservation = ready ? undefined : p.reservation(now, head.retry, head.queuedAt);
        if (!reservation) continue;
        reserved ??= new Map();
        for (const [limit, at] of reservation) {
          const r = reserved.get(limit);
          reserved.set(limit, r ? { at: Math.min(r.at, at), count: r.count + 1 } : { at, count: 1 });
        }
      }
      if (!started) break;
      startedAny = true;
    }
    // What started may have been what kept another pacer's write back, or have taken the slot its pump slept
    // for: their pumps look again (a pump that finds nothing it may start waits for the next change).
    if (startedAny) Pacer.pokeWaiting(sharers);
    return startedAny;
  }

  /**
   * A shared limit has room again (a slot freed): what the sharing pacers' limits let go now starts, oldest first;
   * the pumps of those with windows look again (a write not due yet waits for its time there).
   */
  private sharedRoom(): void {
    if (!this.dispatchShared(this.clock.now())) Pacer.pokeWaiting(this.sharers()); // when it started something, it poked them
  }

  /** The first task still waiting (dropped ones are let go); only while `waiting > 0`. */
  private head1(): Entry {
    let entry = this.queue[this.head]!;
    while (entry.dropped) {
      this.droppedWaiting--;
      this.queue[this.head++] = undefined;
      entry = this.queue[this.head]!;
    }
    return entry;
  }

  /**
   * Runs the task when the limits allow, in the order tasks were given; rejects with PacingCancelled after cancel().
   * The task calls `answered()` when its call's answer is in (see the top of this file): the windows count the
   * call then. A task that never calls it is counted when it settles (later than true, so never over a limit).
   * When `signal` aborts while the task waits, it is dropped (rejects with PacingCancelled, takes no slot) and the
   * tasks of other callers keep their turns: one pacer can serve several runs, each cancelled on its own.
   */
  run<T>(task: (answered: () => void) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.detached) throw new Error('A pacer its session let go was used again: ask the session for the pacer at each send.');
    if (this.cancelled || signal?.aborted) return Promise.reject(new PacingCancelled());
    if (this.windowed.length === 0) return this.gate(task, signal);
    return new Promise<T>((resolve, reject) => {
      this.enqueue({
        reject,
        signal,
        seq: arrivals++,
        queuedAt: this.clock.now(),
        start: () => {
          this.takeCaps();
          const answered = this.holdSlot();
          let result: Promise<T>;
          try {
            result = task(answered);
          } catch (error) {
            result = Promise.reject(error);
          }
          result.then(resolve, reject).finally(() => {
            answered();
            this.releaseCaps();
            this.poke();
          });
        },
      });
      this.poke();
    });
  }

  /**
   * `run` for a pacer with no window, only concurrency caps: a task starts at once while every cap has a free slot
   * and no task waits; otherwise it queues, and a finishing task starts the next one itself. Nothing here waits for
   * a time, so there is no pump: a run at `--concurrency 32` hands each request over in the same turn a slot frees.
   */
  private gate<T>(task: (answered: () => void) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (this.waiting === 0 && this.capsFree() && !this.othersWaiting()) return this.startGated(task);
    return new Promise<T>((resolve, reject) => {
      this.enqueue({ reject, signal, seq: arrivals++, queuedAt: this.clock.now(), start: () => void this.startGated(task).then(resolve, reject) });
      // A sharing pacer's older task may be the one to go.
      if (this.capsFree() && this.isShared()) this.sharedRoom();
    });
  }

  /** Queues `entry`; with a signal, one listener per signal (not per task) drops that signal's waiting entries. */
  private enqueue(entry: Entry): void {
    this.queue.push(entry);
    const signal = entry.signal;
    if (!signal) return;
    let waiting = this.bySignal.get(signal);
    if (!waiting) {
      const entries = new Set<Entry>();
      waiting = entries;
      this.bySignal.set(signal, entries);
      signal.addEventListener('abort', () => {
        // After cancel() every entry has been refused already.
        if (this.cancelled) return;
        for (const e of entries) {
          e.dropped = true;
          this.droppedWaiting++;
          e.reject(new PacingCancelled());
        }
        entries.clear();
        // Nothing left but dropped entries: let the queue go now rather than when the next task is taken.
        if (this.waiting === 0) {
          this.queue.length = 0;
          this.head = 0;
          this.droppedWaiting = 0;
        }
        // A dropped task may have kept shared limits for itself (see dispatchShared).
        if (this.isShared()) this.sharedRoom();
      }, { once: true });
    }
    waiting.add(entry);
  }

  private startGated<T>(task: (answered: () => void) => Promise<T>): Promise<T> {
    this.takeCaps();
    this.started++;
    let result: Promise<T>;
    try {
      result = task(noop);
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.then(
      (value) => {
        this.releaseGated();
        return value;
      },
      (error: unknown) => {
        this.releaseGated();
        throw error;
      },
    );
  }

  /**
   * A gated task ended: its slots go to the first task waiting, if any (none once cancelled: the queue is empty);
   * of this pacer alone, or of every pacer sharing a cap with it.
   */
  private releaseGated(): void {
    if (!this.releaseCaps() && this.waiting > 0 && this.capsFree()) this.nextQueued().start();
  }

  /**
   * Takes the first waiting task off the queue (dropping the taken part of the array now and then), skipping
   * tasks dropped by their signal. Only called while `waiting > 0`.
   */
  private nextQueued(): Entry {
    let entry = this.queue[this.head]!;
    // Let go of the entry now: its closures reach the task's result, which would otherwise stay alive (and be
    // copied by every young-generation GC) until the next splice, up to a thousand results later.
    this.queue[this.head++] = undefined;
    while (entry.dropped) {
      this.droppedWaiting--;
      entry = this.queue[this.head]!;
      this.queue[this.head++] = undefined;
    }
    if (entry.signal) this.forget(entry);
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return entry;
  }

  /** `entry` left the queue: its signal no longer drops it. */
  private forget(entry: Entry): void {
    this.bySignal.get(entry.signal!)?.delete(entry);
  }

  /**
   * A slot in every window for one more write of a call already started by `run` (a 429 retry, a 401 retry, a
   * redirect hop), or of a hop that came here from another pacer's call. It goes before queued tasks and takes no
   * concurrency slot (the call holds one), so a retry never waits behind calls that wait for it. Rejects with
   * PacingCancelled after cancel() or when `signal` aborts first.
   */
  slot(signal?: AbortSignal): Promise<WriteSlot> {
    if (this.detached) throw new Error('A pacer its session let go was used again: ask the session for the pacer at each send.');
    if (this.cancelled || signal?.aborted) return Promise.reject(new PacingCancelled());
    // No window counts writes, and the call already holds its concurrency slot.
    if (this.windowed.length === 0) return Promise.resolve({ done: noop });
    return new Promise<WriteSlot>((resolve, reject) => {
      const entry: Entry = {
        reject,
        seq: arrivals++,
        queuedAt: this.clock.now(),
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve({ done: this.holdSlot() });
        },
      };
      const onAbort = (): void => {
        const at = this.again.indexOf(entry);
        if (at >= 0) this.again.splice(at, 1);
        reject(new PacingCancelled());
        // It may have kept shared limits for itself (see dispatchShared).
        if (at >= 0 && this.isShared()) this.sharedRoom();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.again.push(entry);
      // A retry goes before this pacer's queued tasks, which then keep nothing (see dispatchShared).
      if (this.isShared()) this.sharedRoom();
      else this.poke();
    });
  }

  /** Takes a slot in every window until the returned function logs the answer (once; later calls do nothing). */
  private holdSlot(): () => void {
    for (const limit of this.windowed) limit.pending++;
    let logged = false;
    return () => {
      if (logged) return;
      logged = true;
      const now = this.clock.now();
      let shared = false;
      for (const limit of this.windowed) {
        limit.answered(now);
        if (limit.pacers.length > 1) shared = true;
        // A pump stopped on a window full of calls not answered yet (this pacer's or a sharing one's) goes on; one
        // still running may have looked before this answer (see poke).
        for (const p of limit.pacers) if (p.blocked || (p !== this && p.pumping)) p.poke();
      }
      // A window that now says when it opens changes what a waiting write reserves (see reservation), for pacers
      // under other limits too: every linked pacer looks again, after the caller's turn (an answer given before the
      // task's first await must not start the next task inside this one).
      if (shared && !this.roomSoon) {
        this.roomSoon = true;
        queueMicrotask(() => {
          this.roomSoon = false;
          if (!this.cancelled) this.sharedRoom();
        });
      }
    };
  }

  /** Drops everything queued (each rejects with PacingCancelled); tasks already started run to their end. */
  cancel(): void {
    if (this.cancelled) return;
    this.stop.abort();
    for (const entry of this.again.splice(0)) entry.reject(new PacingCancelled());
    const dropped = this.queue.splice(this.head);
    this.queue.length = 0;
    this.head = 0;
    this.droppedWaiting = 0;
    for (const entry of dropped) if (!entry!.dropped) entry!.reject(new PacingCancelled());
    // Its waiting writes may have kept shared limits (see dispatchShared).
    if (this.isShared()) this.sharedRoom();
  }

  private poke(): void {
    // A running pump sees new tasks when it next looks; a finished task only matters to a pump that stopped
    // on the concurrency cap, and that pump has returned (see the finally below).
    if (this.pumping) {
      this.repoke = true;
      return;
    }
    this.pumping = true;
    this.repoke = false;
    // After the caller's synchronous work: a batch handed over in one loop is paced from when the loop ends, not
    // from its first call (the loop's own time would hold the pump's timer back past what it may catch up).
    queueMicrotask(() => {
      void this.pump().finally(() => {
        this.pumping = false;
        if (this.cancelled) return;
        // Poked since it last looked (an answer of a sharing pacer's call), or a task queued between its last check
        // and its end.
        if (this.repoke || (!this.blocked && (this.again.length > 0 || (this.waiting > 0 && this.capsFree())))) this.poke();
      });
    });
  }

  private async pump(): Promise<void> {
    this.blocked = false;
    while (!this.cancelled && (this.again.length > 0 || this.waiting > 0)) {
      const again = this.again.length > 0;
      if (!again && !this.capsFree()) return; // a finishing task (of this pacer or a sharing one) pokes again
      const now = this.clock.now();
      let at = -Infinity;
      for (const limit of this.windowed) {
        const t = limit.earliest();
        if (t > at) at = t;
      }
      // Every slot is held by a call not answered yet: its answer pokes the pump again.
      if (at === Infinity) {
        this.blocked = true;
        return;
      }
      if (at > now) {
        await this.sleep(at - now, this.stop.signal);
        continue;
      }
      // A limit shared with other pacers: the write that has waited longest among them goes, this one's or not.
      if (this.isShared()) {
        // Nothing may start (a sharing pacer's older write keeps the limits): the next change pokes this pump.
        if (!this.dispatchShared(now)) {
          this.blocked = true;
          return;
        }
        continue;
      }
      if (again) {
        this.takeTurn(now);
        this.again.shift()!.start();
        continue;
      }
      const entry = this.nextQueued();
      this.takeTurn(now);
      this.started++;
      entry.start();
    }
  }

  /** Moves every window's even schedule on by one call released now. */
  private takeTurn(now: number): void {
    for (const limit of this.windowed) limit.takeTurn(now);
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000 };

/**
 * Reads a rate such as `15/s`, `100/min`, `5000/h`, `500/1s` or `12/6s`. Returns undefined with a message
 * saying what is accepted when the text is not a rate.
 */
export function parseRate(text: string): { rate: RateWindow } | { error: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(ms|s|sec|m|min|h|hour)\s*$/i.exec(text);
  const hint = 'Write a rate as calls per period, e.g. `15/s`, `100/min`, `5000/h` or `12/6s`.';
  if (!m) return { error: `\`${text.trim()}\` is not a rate. ${hint}` };
  const count = Number(m[1]);
  const windowMs = (m[2] === undefined ? 1 : Number(m[2])) * UNITS[m[3]!.toLowerCase()]!;
  if (count < 1 || !Number.isSafeInteger(count)) return { error: `A rate needs at least 1 call per period. ${hint}` };
  if (!(windowMs > 0)) return { error: `A rate's period must be longer than 0. ${hint}` };
  return { rate: { count, windowMs } };
}

/** `500 calls / 1 s`, `12 calls / 6 s`, `60 calls / 1 min`. */
export function describeRate(rate: RateWindow): string {
  const w = rate.windowMs;
  const period = w % 3_600_000 === 0 ? `${w / 3_600_000} h` : w % 60_000 === 0 ? `${w / 60_000} min` : w % 1000 === 0 ? `${w / 1000} s` : `${w} ms`;
  return `${rate.count} call${rate.count === 1 ? '' : 's'} / ${period}`;
}
