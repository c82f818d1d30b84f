// The shape of a CLI subcommand. Types only, so the subcommands can import it without a cycle; the table of
// subcommands is in main.ts.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** stdout is a terminal (JSON bodies are re-indented for reading then); false when omitted. */
  readonly terminal?: boolean;
}

export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
