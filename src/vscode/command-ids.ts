import { ENDPOINT_COMMANDS } from './endpoints/command-names';

// Every command the extension contributes. The manifest test checks this list against package.json and
// the in-host suite checks that each one is registered after activation.
export const COMMAND_IDS = [
  'aioRequests.showLog',
  'aioRequests.importCredentials',
  'aioRequests.addProfileManually',
  'aioRequests.replacePrivateKey',
  'aioRequests.renameProfile',
  'aioRequests.removeProfile',
  'aioRequests.selectActiveProfile',
  'aioRequests.selectSandbox',
  'aioRequests.copyAccessToken',
  'aioRequests.showTokenDetails',
  'aioRequests.clearCachedToken',
  'aioRequests.copyAsCurl',
  'aioRequests.pasteCurlAsRequest',
  'aioRequests.importPostmanCollection',
  'aioRequests.importPostmanEnvironment',
  'aioRequests.openHistoryEntry',
  'aioRequests.rerunHistoryEntry',
  'aioRequests.clearHistory',
  'aioRequests.filterHistory',
  ...ENDPOINT_COMMANDS,
  'aioRequests.simulateTraffic',
  'aioRequests.sendRequest',
  'aioRequests.sendWith',
  'aioRequests.sendAll',
  'aioRequests.cancelRequest',
  'aioRequests.selectEnvironment',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
