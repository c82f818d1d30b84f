// The Endpoints view's commands: index.ts registers each at activation and
// forwards it to the handler that feature.ts (in dist/journey.js) builds on first use.
export const ENDPOINT_COMMANDS = [
  'aioRequests.endpoints.refresh',
  'aioRequests.endpoints.newCapping',
  'aioRequests.endpoints.newThrottling',
  'aioRequests.endpoints.whichLimits',
  'aioRequests.endpoints.applyConfig',
  'aioRequests.endpoints.setJourneyBaseUrl',
  'aioRequests.endpoints.edit',
  'aioRequests.endpoints.deploy',
  'aioRequests.endpoints.undeploy',
  'aioRequests.endpoints.delete',
  'aioRequests.endpoints.compare',
  'aioRequests.endpoints.copyToSandbox',
  'aioRequests.endpoints.copyAsHttp',
  'aioRequests.endpoints.openRequests',
  'aioRequests.endpoints.simulate',
] as const;

export type EndpointCommand = (typeof ENDPOINT_COMMANDS)[number];

export const VIEW_ID = 'aioRequests.endpoints';
