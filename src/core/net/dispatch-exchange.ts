// One HTTP exchange through undici's dispatch API, with no Node stream per response. The response head goes to the
// caller as soon as it is in; the caller says what to do with the body (keep it, decoded and capped, or drop it) and
// the promise settles once the body is done. undici's `request()` builds a Readable and an async resource for every
// response, which in a fresh process costs about as much again as the exchange itself (scripts/bench/rate.ts prints
// both loops side by side).
import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex, Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import { decodeFailure, decoderFor, tooLarge } from './response-body';

/** The status line and headers of a final (non-1xx) response. */
export interface ResponseHead {
  statusCode: number;
  /** The reason phrase as sent; empty when the server sent none (and over HTTP/2). */
  statusText: string;
  headers: IncomingHttpHeaders;
}

/**
 * What to do with a response's body, decided from its head. `keep`: decode it by its Content-Encoding (gzip,
 * deflate, br) and fail with `too-large` past `cap` decoded bytes. `drop`: read and forget it; past `limit` bytes
 * (declared or read) the connection is closed instead (a redirect's body).
 */
export type BodyPlan = { keep: true; cap: number } | { keep: false; limit: number };

/** The caller's verdict on a head: the body's plan, and what it wants back with the exchange. */
export interface HeadVerdict<T> {
  body: BodyPlan;
  note: T;
}

export interface Exchanged<T> {
  head: ResponseHead;
  /** The decoded body, in a buffer of its own; empty when it was dropped. */
  body: Uint8Array;
  /** What the caller's `onHead` returned with its plan. */
  note: T;
}

const EMPTY = new Uint8Array(0);

/**
 * An attempt's abort switch (its deadline or the caller's cancel). It holds the one exchange in flight under it, so
 * aborting costs no listener list; undici never sees it.
 */
export class AttemptSignal {
  aborted = false;
  reason: unknown = undefined;
  /** The exchange under way, told when the attempt is aborted. */
  exchange: { abort(reason: unknown): void } | undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.exchange?.abort(reason);
  }
}

/**
 * Dispatches `options` and settles with the head, the body and the caller's note, or rejects with undici's error,
 * the abort reason or a BodyFailure. `onHead` runs once, synchronously, when the final head is in; a throw from it
 * fails the exchange. `CONNECT` is not for this (undici hands its socket over as a tunnel): callers refuse it first.
 */
export function exchange<T>(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, signal: AttemptSignal, onHead: (head: ResponseHead) => HeadVerdict<T>): Promise<Exchanged<T>> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const handler = new ExchangeHandler<T>(options.method, signal, onHead, resolve, reject);
    signal.exchange = handler;
    try {
      dispatcher.dispatch(options, handler);
    } catch (error) {
      handler.onResponseError(undefined, error as Error);
    }
  });
}

class ExchangeHandler<T> implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private head: ResponseHead | undefined;
  private plan: BodyPlan | undefined;
  private note: T | undefined;
  private encoding: string | string[] | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private decoder: Transform | undefined;
  /** Every byte is in (a decoder may still be working on them). */
  private ended = false;
  private settled = false;

  constructor(
    private readonly method: string,
    private readonly signal: AttemptSignal,
    private readonly onHead: (head: ResponseHead) => HeadVerdict<T>,
    private readonly resolve: (done: Exchanged<T>) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  /**
   * The attempt was aborted. Under way, undici closes the request and its error comes back through
   * onResponseError; before undici started it, or once every byte is in, the exchange fails here.
   */
  abort(reason: unknown): void {
    if (this.controller && !this.ended) this.controller.abort(reason as Error);
    else this.fail(reason, false);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Aborted while it waited for a connection: nothing is written.
    if (this.settled) controller.abort(this.signal.reason as Error);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    // An informational answer (102 Processing, 103 Early Hints): the final head follows.
    if (statusCode < 200 || this.settled) return;
    const head: ResponseHead = { statusCode, statusText: statusMessage ?? '', headers };
    this.head = head;
    let plan: BodyPlan;
    try {
      const verdict = this.onHead(head);
      plan = verdict.body;
      this.note = verdict.note;
    } catch (error) {
      return this.fail(error, true);
    }
    this.plan = plan;
    // HEAD, 204 and 304 carry no body, whatever their Content-Length says (this check's view: undici itself fails
    // a 304 with a non-zero Content-Length).
    const bodiless = this.method === 'HEAD' || statusCode === 204 || statusCode === 304;
    const declared = bodiless ? NaN : Number(headers['content-length']);
    if (!plan.keep) {
      if (declared > plan.limit) this.dropRest(controller);
      return;
    }
    // A declared length past the cap is refused before a byte of it is read.
    if (declared > plan.cap) return this.fail(tooLarge(plan.cap), true);
    // The decoder is made with the first byte: a body-less answer with a Content-Encoding has nothing to decode.
    this.encoding = headers['content-encoding'];
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const plan = this.plan;
    if (this.settled || !plan) return;
    if (!plan.keep) {
      this.size += chunk.length;
      if (this.size > plan.limit) this.dropRest(controller);
      return;
    }
    const decoder = this.decoder ?? (this.encoding === undefined ? undefined : this.startDecoder(plan.cap));
    if (!decoder) return this.take(chunk, plan.cap);
    // The decoder's input waits while it is behind, so a fast server cannot fill memory ahead of the cap check.
    if (!decoder.write(chunk)) {
      controller.pause();
      decoder.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.ended = true;
    if (this.decoder) this.decoder.end();
    else this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.fail(error, false);
  }

  /** undici treats any answer to CONNECT as a tunnel and hands its socket here; nothing of ours asks for one. */
  onRequestUpgrade(_controller: Dispatcher.DispatchController, _statusCode: number, _headers: IncomingHttpHeaders, socket: Duplex): void {
    socket.destroy();
    this.fail(new Error('The server answered with a tunnel (an upgrade), which requests here do not open.'), false);
  }

  /** A dropped body past its limit is not worth reading: settle now, and close the connection rather than drain it. */
  private dropRest(controller: Dispatcher.DispatchController): void {
    this.finish();
    controller.abort(new Error('The dropped body is longer than its limit.'));
  }

  /** A decoder for the body's Content-Encoding, or undefined (encodings other than gzip, deflate and br stay as sent). */
  private startDecoder(cap: number): Transform | undefined {
    const encoding = this.encoding;
    this.encoding = undefined;
    const decoder = decoderFor(encoding);
    if (!decoder) return undefined;
    this.decoder = decoder;
    decoder.on('data', (chunk: Buffer) => this.take(chunk, cap));
    decoder.on('error', (error: Error) => this.fail(decodeFailure(encoding, error), true));
    decoder.on('end', () => this.finish());
    return decoder;
  }

  private take(chunk: Buffer, cap: number): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > cap) return this.fail(tooLarge(cap), true);
    this.chunks.push(chunk);
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.exchange = undefined;
    const chunks = this.chunks;
    let body: Uint8Array = EMPTY;
    if (this.plan?.keep && chunks.length > 0) {
      // A body of its own (a chunk may be a view of undici's read buffer, which also holds the response head), as a
      // plain Uint8Array; not zero-filled, since every byte is written.
      const own = Buffer.allocUnsafeSlow(this.size);
      let at = 0;
      for (const chunk of chunks) {
        own.set(chunk, at);
        at += chunk.length;
      }
      body = new Uint8Array(own.buffer, 0, this.size);
    }
    this.chunks = [];
    this.resolve({ head: this.head!, body, note: this.note as T });
  }

  /** Rejects once; `close`: the failure is ours, so undici is told to close the request (and its connection). */
  private fail(error: unknown, close: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.exchange = undefined;
    this.chunks = [];
    this.decoder?.destroy();
    if (close) this.controller?.abort(error as Error);
    this.reject(error);
  }
}
