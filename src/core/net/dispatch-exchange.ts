// One HTTP exchange through undici's dispatch API, with no Node stream per response. The response head goes to the
// caller as soon as it is in; the caller says what to do with the body (keep it, decoded and capped, or drop it) and
// the promise settles once the body is done. undici's `request()` builds a Readable and an async resource for every
// response, which in a fresh process costs about as much again as the exchange itself (scripts/bench/rate.ts prints
// both loops side by side).
import type { IncomingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
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
 * the connection is closed instead (a redirect's body).
 */
export type BodyPlan = { keep: true; cap: number } | { keep: false; limit: number };

export interface Exchanged {
  head: ResponseHead;
  /** The decoded body; empty when it was dropped. */
  body: Uint8Array;
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
 * Dispatches `options` and settles with the head and the body, or rejects with undici's error, the abort reason
 * or a BodyFailure. `onHead` runs once, synchronously, when the final head is in; a throw from it fails the exchange.
 */
export function exchange(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, signal: AttemptSignal, onHead: (head: ResponseHead) => BodyPlan): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const handler = new ExchangeHandler(options.method, signal, onHead, resolve, reject);
    if (signal.aborted) return reject(signal.reason);
    signal.exchange = handler;
    try {
      dispatcher.dispatch(options, handler);
    } catch (error) {
      handler.onResponseError(undefined, error as Error);
    }
  });
}

class ExchangeHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private head: ResponseHead | undefined;
  private plan: BodyPlan | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private decoder: Transform | undefined;
  private settled = false;

  constructor(
    private readonly method: string,
    private readonly signal: AttemptSignal,
    private readonly onHead: (head: ResponseHead) => BodyPlan,
    private readonly resolve: (done: Exchanged) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  /** The attempt was aborted: undici closes the request (its error comes back through onResponseError). */
  abort(reason: unknown): void {
    if (this.controller) this.controller.abort(reason as Error);
    else this.fail(reason, false);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(this.signal.reason as Error);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    // An informational answer (100 Continue): the final head follows.
    if (statusCode < 200 || this.settled) return;
    const head: ResponseHead = { statusCode, statusText: statusMessage ?? '', headers };
    this.head = head;
    let plan: BodyPlan;
    try {
      plan = this.onHead(head);
    } catch (error) {
      return this.fail(error, true);
    }
    this.plan = plan;
    if (!plan.keep) return;
    const declared = Number(headers['content-length']);
    // A declared length past the cap is refused before a byte of it is read (HEAD, 204 and 304 carry no body).
    if (Number.isFinite(declared) && declared > plan.cap && this.method !== 'HEAD' && statusCode !== 204 && statusCode !== 304) return this.fail(tooLarge(plan.cap), true);
    const encoding = headers['content-encoding'];
    const decoder = decoderFor(encoding);
    if (!decoder) return;
    this.decoder = decoder;
    decoder.on('data', (chunk: Buffer) => this.take(chunk, plan.cap));
    decoder.on('error', (error: Error) => this.fail(decodeFailure(encoding, error), true));
    decoder.on('end', () => this.finish());
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const plan = this.plan;
    if (this.settled || !plan) return;
    if (!plan.keep) {
      this.size += chunk.length;
      if (this.size > plan.limit) {
        // Not worth reading: settle now, and close the connection rather than drain it.
        this.finish();
        controller.abort(new Error('The dropped body is longer than its limit.'));
      }
      return;
    }
    const decoder = this.decoder;
    if (!decoder) return this.take(chunk, plan.cap);
    // The decoder's input waits while it is behind, so a fast server cannot fill memory ahead of the cap check.
    if (!decoder.write(chunk)) {
      controller.pause();
      decoder.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    if (this.settled) return;
    if (this.decoder) this.decoder.end();
    else this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.fail(error, false);
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
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.size);
      body = new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
    }
    this.chunks = [];
    this.resolve({ head: this.head!, body });
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
