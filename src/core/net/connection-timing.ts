// Per-request connection timings (DNS lookup, TCP connect, TLS handshake) for a connection opened for the request,
// or "reused" when it went over an open keep-alive connection. The phases come from the socket events of the
// connections our connector opens; undici's diagnostics channels (`undici:request:create`,
// `undici:client:sendHeaders`) say which socket carried which request. Nothing is timed on a reused connection.
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';

export interface ConnectionTimings {
  /** `new`: the request opened its connection; `reused`: it went over a connection already open. */
  connection: 'new' | 'reused';
  /** Host name lookup; absent for an IP address or a connection whose phases were not seen (through a proxy). */
  dnsMs?: number;
  /** TCP connect, after the lookup. */
  connectMs?: number;
  /** TLS handshake, after the TCP connect (https only). */
  tlsMs?: number;
}

interface Phases {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  /** Whether a request already took these phases as its own. */
  claimed: boolean;
}

/** Sockets our connectors opened, with the phases seen so far. */
const opened = new WeakMap<object, Phases>();
/** Sockets that have carried a traced request (for sockets opened elsewhere, e.g. by a proxy agent). */
const carried = new WeakSet<object>();
/** undici's Request object → the trace waiting for it. */
const traces = new WeakMap<object, RequestTrace>();
/** The trace whose request undici is creating right now (dispatch is synchronous up to that point). */
let creating: RequestTrace | undefined;
let subscribed = false;

function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('undici:request:create', (message) => {
    if (!creating) return;
    traces.set((message as { request: object }).request, creating);
    creating = undefined;
  });
  subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as { request: object; socket: object };
    const trace = traces.get(request);
    if (!trace) return;
    traces.delete(request);
    const phases = opened.get(socket);
    if (phases && !phases.claimed) {
      phases.claimed = true;
      trace.connection = { connection: 'new', ...pick(phases) };
    } else trace.connection = { connection: phases || carried.has(socket) ? 'reused' : 'new' };
    carried.add(socket);
  });
}

function pick(phases: Phases): Omit<ConnectionTimings, 'connection'> {
  return {
    ...(phases.dnsMs !== undefined ? { dnsMs: phases.dnsMs } : {}),
    ...(phases.connectMs !== undefined ? { connectMs: phases.connectMs } : {}),
    ...(phases.tlsMs !== undefined ? { tlsMs: phases.tlsMs } : {}),
  };
}

/** Wraps an undici connector so the connections it opens record their DNS, TCP and TLS times. */
export function timedConnector(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    const https = options.protocol === 'https:';
    let mark = performance.now();
    const phases: Phases = { claimed: false };
    const since = (): number => {
      const now = performance.now();
      const ms = now - mark;
      mark = now;
      return ms;
    };
    // undici's callback fires from its own listener on the last event and may write the request at once, so the
    // last phase is taken in the callback, before undici sees the socket.
    const done: buildConnector.Callback = (...args) => {
      if (args[0] === null) {
        if (https) phases.tlsMs = since();
        else phases.connectMs = since();
      }
      callback(...args);
    };
    // undici's connector returns the socket it opens, though its types say void.
    const socket = connect(options, done) as unknown as Socket | undefined;
    if (!socket) return;
    opened.set(socket, phases);
    socket.once('lookup', () => void (phases.dnsMs = since()));
    if (https) socket.once('connect', () => void (phases.connectMs = since()));
  };
}

/** The connection timings of one dispatched request; `connection` is set once its headers are written. */
export interface RequestTrace {
  connection?: ConnectionTimings;
}

/** Runs `dispatch`, which creates undici's request synchronously (as `dispatcher.request()` does), and follows it into `trace`. */
export function withTrace<T>(trace: RequestTrace, dispatch: () => T): T {
  subscribeOnce();
  creating = trace;
  try {
    return dispatch();
  } finally {
    creating = undefined;
  }
}
