import * as vscode from 'vscode';
import type { ExtensionDeps } from '../deps';
import { registerCommand } from '../commands';
import { importCredentials } from './import-command';
import { urisFromArgs } from './prompts';
import { addProfileManually, removeProfile, renameProfile, replacePrivateKey, selectActiveProfile, selectSandbox } from './profile-commands';
import { preImport } from './pre-import';

/** The credential commands, and the one-time pre-import of AIO_REQUESTS_PREIMPORT. */
export function register(deps: ExtensionDeps): vscode.Disposable {
  deps.activation.add(preImport(deps));
  return vscode.Disposable.from(
    registerCommand(deps, 'aioRequests.importCredentials', (...args: unknown[]) => {
      const uris = urisFromArgs(args);
      return importCredentials(deps, uris ? { uris } : {});
    }),
    registerCommand(deps, 'aioRequests.addProfileManually', () => addProfileManually(deps)),
    registerCommand(deps, 'aioRequests.replacePrivateKey', (arg: unknown) => replacePrivateKey(deps, arg)),
    registerCommand(deps, 'aioRequests.renameProfile', (arg: unknown) => renameProfile(deps, arg)),
    registerCommand(deps, 'aioRequests.removeProfile', (arg: unknown) => removeProfile(deps, arg)),
    registerCommand(deps, 'aioRequests.selectActiveProfile', (arg: unknown) => selectActiveProfile(deps, arg)),
    registerCommand(deps, 'aioRequests.selectSandbox', (arg: unknown) => selectSandbox(deps, arg)),
  );
}
