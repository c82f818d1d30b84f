// Every command the extension contributes. The manifest test checks this list against package.json and
// the in-host suite checks that each one is registered after activation.
export const COMMAND_IDS = [
  'aioRequests.showLog',
  'aioRequests.importCredentials',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
