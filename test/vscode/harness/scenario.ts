import type { Workbench } from './workbench';

/** What a UI scenario receives: the page of the session's workbench and the facts of the session. */
export interface ScenarioContext {
  readonly workbench: Workbench;
  /** The emulator's base URL. */
  readonly emulatorUrl: string;
  /** The absolute path of the folder the workbench has open. */
  readonly workspaceDir: string;
  /** code-server's `--user-data-dir`: grep it to prove no secret was written in clear. */
  readonly userDataDir: string;
}

export interface Scenario {
  readonly name: string;
  readonly fn: (context: ScenarioContext) => Promise<void>;
  readonly timeoutMs: number;
}

const scenarios: Scenario[] = [];

/** Registers a UI scenario; it fails when `fn` rejects or runs longer than `timeoutMs` (default 60 s). */
export function scenario(name: string, fn: (context: ScenarioContext) => Promise<void>, options: { timeoutMs?: number } = {}): void {
  scenarios.push({ name, fn, timeoutMs: options.timeoutMs ?? 60_000 });
}

/** Loads scenario files and returns what each registered, in file order. */
export function loadScenarios(files: readonly string[]): Scenario[] {
  const before = scenarios.length;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- scenario files register on load
  for (const file of files) require(file);
  return scenarios.slice(before);
}
