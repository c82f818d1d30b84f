// "Simulate Traffic…": the command is registered here; its prompts, the simulator and the view live in their own
// bundle (dist/simulate.js, from simulate-command.ts), required on first use so activation stays small.
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { registerCommand } from '../commands';
import type { ExtensionDeps } from '../deps';
import type * as SimulateCommand from './simulate-command';
import type { SandboxLimitsLookup } from './simulate-args';

let loaded: typeof SimulateCommand | undefined;

function simulateCommand(): typeof SimulateCommand {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded on demand
  loaded ??= require(join(__dirname, 'simulate.js')) as typeof SimulateCommand;
  return loaded;
}

/** `sandboxLimits`: the Endpoints view's hook (deployed configs via the Journey client); absent, limits are typed in. */
export function register(deps: ExtensionDeps, options: { sandboxLimits?: SandboxLimitsLookup } = {}): vscode.Disposable {
  const activeProfileName = async (): Promise<string | undefined> => (await deps.profiles.getActive())?.name;
  return registerCommand(deps, 'aioRequests.simulateTraffic', (arg: unknown) =>
    simulateCommand().simulateTraffic({ extensionUri: deps.context.extensionUri, activeProfileName }, arg, options.sandboxLimits),
  );
}
