// "Simulate Traffic…": the command is registered here; its prompts, the simulator and the view live in their own
// bundle (dist/simulate.js, from simulate-command.ts), required on first use so activation stays small.
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { registerCommand } from '../commands';
import type { ExtensionDeps } from '../deps';
import type * as SimulateCommand from './simulate-command';
import type { SandboxLimitsLookup } from './simulate-args';
import type { JourneyLimitsSlot } from '../shared/journey-limits';

let loaded: typeof SimulateCommand | undefined;

function simulateCommand(): typeof SimulateCommand {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded on demand
  loaded ??= require(join(__dirname, 'simulate.js')) as typeof SimulateCommand;
  return loaded;
}

/** The lookup fed by the Endpoints view's loaded configs (the composition root passes it to `register`). */
export function sandboxLimitsFrom(slot: JourneyLimitsSlot): SandboxLimitsLookup {
  return async (method, url) => simulateCommand().deployedLimits(await slot.deployed(), method, url);
}

/** `sandboxLimits`: the Endpoints view's hook (deployed configs via the Journey client); absent, limits are typed in. */
export function register(deps: ExtensionDeps, options: { sandboxLimits?: SandboxLimitsLookup } = {}): vscode.Disposable {
  const activeProfileName = async (): Promise<string | undefined> => (await deps.profiles.getActive())?.name;
  return registerCommand(deps, 'aioRequests.simulateTraffic', (arg: unknown) =>
    simulateCommand().simulateTraffic({ extensionUri: deps.context.extensionUri, activeProfileName }, arg, options.sandboxLimits),
  );
}
