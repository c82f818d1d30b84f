// The CLI's subcommands. Each is a thin adapter over the core; later features add theirs here.
import { runCommand } from './run';
import { tokenCommand } from './token';
import { inspectCommand } from './inspect';
import { endpointsCommand } from './endpoints';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const COMMANDS: Record<string, CliCommand> = {
  run: runCommand,
  token: tokenCommand,
  inspect: inspectCommand,
  endpoints: endpointsCommand,
};
