import * as vscode from 'vscode';
import type { ExtensionDeps } from '../deps';
import { registerCommand } from '../commands';
import { importCredentials } from './import-command';
import { urisFromArgs } from './prompts';
import { addProfileManually, removeProfile, renameProfile, replacePrivateKey, selectActiveProfile, selectSandbox } from './profile-commands';
import { preImport } from './pre-import';

/** The credential commands, and the one-time pre-import of AIO_REQUESTS_PREIMPORT. */
export function register(deps: ExtensionDeps): vscode.Disposable {
  const { logger } = deps;
  void preImport(deps);
  return vscode.Disposable.from(
    registerCommand(logger, 'aioRequests.importCredentials', (...args: unknown[]) => {
      const uris = urisFromArgs(args);
      return importCredentials(deps, uris ? { uris } : {});
    }),
    registerCommand(logger, 'aioRequests.addProfileManually', () => addProfileManually(deps)),
    registerCommand(logger, 'aioRequests.replacePrivateKey', (arg: unknown) => replacePrivateKey(deps, arg)),
    registerCommand(logger, 'aioRequests.renameProfile', (arg: unknown) => renameProfile(deps, arg)),
    registerCommand(logger, 'aioRequests.removeProfile', (arg: unknown) => removeProfile(deps, arg)),
    registerCommand(logger, 'aioRequests.selectActiveProfile', (arg: unknown) => selectActiveProfile(deps, arg)),
    registerCommand(logger, 'aioRequests.selectSandbox', (arg: unknown) => selectSandbox(deps, arg)),
  );
}
