import * as vscode from 'vscode';
import { buildExchange, type ExchangeContext } from '../../core/http/exchange';
import type { RequestResult } from '../../core/http/types';
import type { Responses } from './index';
import type { FromWebview, ResponseModel } from '../../webview/protocol';

/**
 * What in-host tests reach: they send with the real core runner themselves (the extension bundle does not carry
 * it until Send lands) and present the result here, as Send will. Never a token.
 */
export interface ResponseTestHooks {
  /** Builds the display-safe exchange of `result` and presents it (history + the panel of `fileUri`). */
  present(fileUri: string, result: RequestResult, context?: ExchangeContext): Promise<{ id: string }>;
  /** What the webview of `fileUri` last reported as rendered. */
  rendered(fileUri: string): Extract<FromWebview, { type: 'rendered' }> | undefined;
  /** Resolves at the next render that webview reports. */
  nextRender(fileUri: string): Promise<Extract<FromWebview, { type: 'rendered' }>>;
  /** The last model posted to that webview. */
  lastModel(fileUri: string): ResponseModel | undefined;
  /** The history file on disk. */
  historyPath: string;
  historyIds(): Promise<string[]>;
}

/** Only the test harness sets AIO_TEST_USER_DATA_DIR; otherwise other extensions see no hooks at all. */
export function responseTestHooks(responses: Responses, globalStorageUri: vscode.Uri, env: NodeJS.ProcessEnv = process.env): ResponseTestHooks | undefined {
  if (!env.AIO_TEST_USER_DATA_DIR) return undefined;
  return {
    present: async (fileUri, result, context = {}) => {
      const exchange = buildExchange(result, context);
      await responses.present(vscode.Uri.parse(fileUri), exchange);
      return { id: exchange.id };
    },
    rendered: (fileUri) => responses.panels?.rendered(vscode.Uri.parse(fileUri)),
    nextRender: (fileUri) => responses.panels?.nextRender(vscode.Uri.parse(fileUri)) ?? Promise.reject(new Error('no response has been shown yet')),
    lastModel: (fileUri) => responses.panels?.lastModel(vscode.Uri.parse(fileUri)),
    historyPath: vscode.Uri.joinPath(globalStorageUri, 'history.json').fsPath,
    historyIds: async () => (await responses.history.list()).map((e) => e.exchange.id),
  };
}
