// Where a finished send is shown: the response view with history (responseViewSink), or, where it is absent
// (tests of Send alone), an output channel with a readable summary so a send is never silent.
import * as vscode from 'vscode';
import { buildExchange, type Exchange } from '../../core/http/exchange';
import type { BlockRun } from '../../core/http/file-runner';
import type { ResendHandler } from '../responses/response-panels';

export interface ResponseSink extends vscode.Disposable {
  /** Shows one finished send of `uri`'s block; `resend` sends the same block again. */
  show(uri: vscode.Uri, run: BlockRun, resend: () => void): void;
}

const MAX_SHOWN_BODY = 256 * 1024;

/** A one-screen text form of a send: status line, headers, body (JSON pretty-printed), or the error. */
export function describeRun(run: BlockRun): string {
  const { request, response, error } = run.result;
  const lines = [`${request.method} ${request.url}`];
  if (error) {
    lines.push(error.kind === 'aborted' ? `Cancelled: ${error.message}` : `Not completed (${error.kind}): ${error.message}`);
    return lines.join('\n');
  }
  if (!response) return lines.join('\n');
  lines.push(`HTTP ${response.status} ${response.statusText} · ${Math.round(response.timings.totalMs)} ms · ${response.body.byteLength} bytes`);
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  lines.push('');
  const text = new TextDecoder().decode(response.body.subarray(0, MAX_SHOWN_BODY));
  try {
    lines.push(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    lines.push(text);
  }
  if (response.body.byteLength > MAX_SHOWN_BODY) lines.push(`… (${response.body.byteLength - MAX_SHOWN_BODY} more bytes)`);
  return lines.join('\n');
}

/** The fallback sink: an output channel named "Adobe I/O Response", replaced on each send. */
export function outputChannelSink(): ResponseSink {
  const channel = vscode.window.createOutputChannel('Adobe I/O Response');
  return {
    show(_uri, run) {
      channel.replace(describeRun(run));
      channel.show(true);
    },
    dispose: () => channel.dispose(),
  };
}

/** What the response view offers Send (src/vscode/responses): present a send, and a handler for its Re-send. */
export interface ResponsePresenter {
  present(fileUri: vscode.Uri | undefined, exchange: Exchange): Promise<unknown>;
  setResendHandler(handler: ResendHandler | undefined): void;
}

/**
 * The response view and history as a sink. Re-send finds the block again by the exchange it showed (this
 * window), else by the request's `# @name` in the file (a history entry from an earlier window).
 */
export function responseViewSink(view: ResponsePresenter, resendBlock: (fileUri: vscode.Uri, name: string | undefined, index: number | undefined) => void, onError: (error: unknown) => void): ResponseSink {
  const blocks = new Map<string, number>();
  view.setResendHandler(({ fileUri, exchange }) => {
    if (!fileUri) return void vscode.window.showInformationMessage('This send was not made from a file, so it cannot be sent again from here.');
    resendBlock(fileUri, exchange.name, blocks.get(exchange.id));
  });
  return {
    show(uri, run) {
      const exchange = buildExchange(run.result, { name: run.block.name, protocol: run.block.options.httpVersion, ...(run.result.auth ? { auth: run.result.auth } : {}) });
      blocks.set(exchange.id, run.block.index);
      view.present(uri, exchange).catch(onError);
    },
    dispose: () => view.setResendHandler(undefined),
  };
}
