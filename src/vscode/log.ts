import type * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { describeError, redact } from '../core/log/redact';

/** The extension's log: a `LogOutputChannel` behind the core's `Logger` port, redacting every line. */
export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m) => channel.trace(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(typeof m === 'string' ? redact(m) : describeError(m)),
  };
}
