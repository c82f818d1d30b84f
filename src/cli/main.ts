import { describeError } from '../core/log/redact';
import { AioError } from '../core/errors';
import type { CliCommand, CliIo } from './commands';
import { inspectCommand } from './inspect';
import { runCommand } from './run';
import { tokenCommand } from './token';
import { endpointsCommand } from './endpoints';
import { simulateCommand } from './simulate';
import { importCommand } from './import';
import { printable } from './terminal-text';

/** The CLI's subcommands. Each is a thin adapter over the core; later features add theirs here. */
const COMMANDS: Record<string, CliCommand> = {
  run: runCommand,
  token: tokenCommand,
  inspect: inspectCommand,
  endpoints: endpointsCommand,
  simulate: simulateCommand,
  import: importCommand,
};

declare const AIO_VERSION: string | undefined;

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  terminal: process.stdout.isTTY === true,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'Usage: aio-requests <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  --help      show help (also: aio-requests <command> --help)',
    '  --version   print the version',
    '',
  ].join('\n');
}

/** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 refused input or bad usage. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(usage());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(`${typeof AIO_VERSION === 'string' ? AIO_VERSION : 'dev'}\n`);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    io.err(`aio-requests: unknown command '${first}'. Run 'aio-requests --help' for the list.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const code = error instanceof AioError && error.code === 'usage' ? 2 : 1;
    // One line, never a stack: messages may carry server text, hence `printable`.
    io.err(`aio-requests ${first}: ${printable(describeError(error))}\n`);
    return code;
  }
}

if (require.main === module) {
  // Anything thrown outside `main`'s own handler (a stray callback) still ends in one line, not a stack dump.
  const last = (error: unknown): void => {
    process.stderr.write(`aio-requests: ${printable(describeError(error))}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', last);
  process.on('unhandledRejection', last);
  main(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`aio-requests: ${printable(describeError(error))}\n`);
      process.exitCode = 1;
    },
  );
}
