import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { AioError } from '../core/errors';
import { describeError } from '../core/log/redact';
import type { CommandId } from './command-ids';

/** Thrown (or rejected) by a handler when the user dismissed a prompt: nothing to report. */
export class UserCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'UserCancelled';
  }
}

/**
 * Registers one command. Failures are logged (redacted) and shown as a message the user can act on;
 * a dismissed prompt is silent.
 */
export function registerCommand(
  logger: Logger,
  id: CommandId,
  handler: (...args: never[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
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
