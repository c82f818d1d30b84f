import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { EndpointsProbe } from './index';

/** What in-host tests and the bench reach through the extension's exports. */
export interface EndpointsTestHooks {
  /** Runs Refresh and resolves once VS Code has the new root rows: their labels and the time it took. */
  refresh(): Promise<{ ms: number; labels: string[] }>;
}

/** Only the test harness sets AIO_TEST_USER_DATA_DIR; otherwise other extensions see no hooks at all. */
export function endpointsTestHooks(probe: EndpointsProbe, env: NodeJS.ProcessEnv = process.env): EndpointsTestHooks | undefined {
  if (!env.AIO_TEST_USER_DATA_DIR) return undefined;
  return {
    refresh: () =>
      new Promise((resolve, reject) => {
        const started = performance.now();
        const subscription = probe.onDidRender((labels) => {
          subscription.dispose();
          resolve({ ms: performance.now() - started, labels });
        });
        vscode.commands.executeCommand('aioRequests.endpoints.refresh').then(undefined, (error: unknown) => {
          subscription.dispose();
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      }),
  };
}
