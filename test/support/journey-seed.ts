// Journey capping and throttling configs for the demo and the Endpoints scenarios: two partner APIs in
// `prod`, one in the `dev` sandbox, seeded into the emulator through its control routes.

export const WEATHER_URL = 'https://api.weather-partner.example/data/2.5/*';
export const LOYALTY_URL = 'https://loyalty.partner.example/v1/points/*';
export const DEV_URL = 'https://staging.loyalty.partner.example/v1/points/*';

const capping = (maxCallsCount: number, periodInMs: number, maxHttpConnections: number) => ({ maxHttpConnections, rating: { maxCallsCount, periodInMs } });

/** What `POST /__control/journey/seed` takes, per sandbox. */
export function partnerSeeds(orgId: string): Array<Record<string, unknown>> {
  return [
    {
      orgId,
      sandbox: 'prod',
      capping: [
        // Deployed at 500 calls/s, edited to 1,500 and not redeployed: the view shows live → pending.
        {
          uid: 'weather-capping',
          url: WEATHER_URL,
          methods: ['GET'],
          state: 'updated',
          services: { dataSource: capping(1500, 1000, 50) },
          deployedConfig: { url: WEATHER_URL, methods: ['GET'], services: { dataSource: capping(500, 1000, 50) } },
        },
        { uid: 'loyalty-capping', url: LOYALTY_URL, methods: ['POST', 'PUT'], state: 'deployed', services: { action: capping(100, 1000, 20) } },
      ],
      throttling: [{ uid: 'loyalty-throttling', name: 'loyalty-partner', urlPattern: LOYALTY_URL, methods: ['POST', 'PUT'], maxThroughput: 4000, state: 'deployed' }],
    },
    { orgId, sandbox: 'dev', capping: [{ uid: 'staging-capping', url: DEV_URL, methods: ['POST'], state: 'created', services: { action: capping(10, 1000, 5) } }] },
  ];
}

/** Resets the emulator's Journey state and seeds `seeds`. */
export async function seedJourney(emulatorUrl: string, seeds: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const reset = await fetch(`${emulatorUrl}/__control/journey/reset`, { method: 'POST' });
  if (!reset.ok) throw new Error(`the emulator refused the Journey reset: ${reset.status}`);
  for (const seed of seeds) {
    const response = await fetch(`${emulatorUrl}/__control/journey/seed`, { method: 'POST', body: JSON.stringify(seed) });
    if (!response.ok) throw new Error(`the emulator refused the Journey seed: ${response.status} ${await response.text()}`);
  }
}

/** The org of the demo credentials (the fixtures' workspace JSON). */
export const DEMO_ORG = '0A1B2C3D4E5F60718293A4B5@AdobeOrg';

/** The demo step (scripts/demo.ts): the Journey URL points at the emulator, which holds the partner configs. */
export const demoJourneyStep = {
  name: 'endpoints: capping and throttling configs for two partner APIs in prod, one in dev',
  beforeStart: async (context: { readonly emulator: { readonly url: string }; readonly settings: Record<string, unknown>; readonly cliArgs: string[] }) => {
    context.settings['aioRequests.journeyBaseUrl'] = `${context.emulator.url}/journey/orchestration`;
    await seedJourney(context.emulator.url, partnerSeeds(DEMO_ORG));
  },
};
