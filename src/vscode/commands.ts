import * as vscode from 'vscode';
import { AioError } from '../core/errors';
import { describeError } from '../core/log/redact';
import type { CommandId } from './command-ids';
import type { ExtensionDeps } from './deps';

/** Thrown (or rejected) by a handler when the user dismissed a prompt: nothing to report. */
export class UserCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'UserCancelled';
  }
}

/**
 * Registers one command. It first waits for the work activation started (a command can run the moment
 * the extension activates). Failures are logged (redacted) and shown as a message the user can act on;
 * a dismissed prompt is silent.
 */
export function registerCommand(
  deps: Pick<ExtensionDeps, 'logger' | 'activation'>,
  id: CommandId,
  handler: (...args: never[]) => unknown,
): vscode.Disposable {
  const { logger, activation } = deps;
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      await activation.settled();
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      if (error instanceof UserCancelled) return undefined;
      logger.error(`${id} failed: ${describeError(error)}`);
      const message = error instanceof AioError ? error.message : `${describeError(error)} (see Adobe I/O: Show Log)`;
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  });
}
