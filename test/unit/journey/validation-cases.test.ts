// The shared fixtures, run against both the client's local validation and the emulator: the two are written
// independently, so a rule changed in one and not the other fails here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import cases from '../../fixtures/journey/validation-cases.json';
import { errorsOf, parseConfigText, validateCappingConfig, validateThrottlingConfig, type ConfigIssue } from '../../../src/core/journey/validation';
import { parseJourneyError } from '../../../src/core/journey/errors';
import { startJourneyWorld } from '../../support/journey-world';

interface Case {
  name: string;
  kind: 'capping' | 'throttling';
  payload?: unknown;
  raw?: string;
  sandbox?: string;
  existing?: boolean;
  expect: { status: number; code?: string; warnings?: string[]; localWarnings?: string[] };
}

const all = cases.cases as Case[];
const SANDBOX_TYPES: Record<string, string> = { prod: 'production', dev: 'development' };

function local(c: Case): ConfigIssue[] {
  let value = c.payload;
  if (c.raw !== undefined) {
    const parsed = parseConfigText(c.kind, c.raw);
    if ('issue' in parsed) return [parsed.issue];
    value = parsed.value;
  }
  if (c.kind === 'capping') return validateCappingConfig(value);
  return validateThrottlingConfig(value, { sandboxType: SANDBOX_TYPES[c.sandbox ?? 'prod'], existing: c.existing ? [{ uid: 'existing-uid' }] : [] });
}

describe('validation fixtures: local validation', () => {
  for (const c of all) {
    it(`${c.kind}: ${c.name}`, () => {
      const issues = local(c);
      const errors = errorsOf(issues);
      if (c.expect.code) {
        assert.deepEqual(errors.map((e) => e.code), [c.expect.code], JSON.stringify(errors));
        // The message names the field (or the whole config) and says what to do.
        assert.match(errors[0].message, /\w+ .*\./);
      } else {
        assert.deepEqual(errors, []);
        const warnings = issues.filter((i) => i.severity === 'warning').map((i) => i.code);
        assert.deepEqual(warnings.sort(), [...(c.expect.warnings ?? []), ...(c.expect.localWarnings ?? [])].sort());
      }
    });
  }
});

describe('validation fixtures: emulator', () => {
  it('answers every case as the fixture says', async (t) => {
    const world = await startJourneyWorld(t);
    const token = await world.token();
    for (const c of all) {
      world.emulator.reset();
      world.emulator.registerClient({ clientId: world.clientId, clientSecret: 'journey-s2s-secret-abcdef', orgId: world.orgId, technicalAccountId: 'x@techacct.adobe.com', scopes: [] });
      const path = c.kind === 'capping' ? 'endpointConfigs' : 'throttlingConfigs';
      const headers = { authorization: `Bearer ${token}`, 'x-api-key': world.clientId, 'x-gw-ims-org-id': world.orgId, 'x-sandbox-name': c.sandbox ?? 'prod', 'content-type': 'application/json' };
      if (c.existing) {
        const seeded = await fetch(`${world.emulator.url}/__control/journey/seed`, {
          method: 'POST',
          body: JSON.stringify({ orgId: world.orgId, throttling: [{ urlPattern: 'https://other.example.org/*', methods: ['POST'], maxThroughput: 300 }] }),
        });
        assert.equal(seeded.status, 200);
      }
      const response = await fetch(`${world.emulator.url}/journey/orchestration/${path}`, { method: 'POST', headers, body: c.raw ?? JSON.stringify(c.payload) });
      const text = await response.text();
      assert.equal(response.status, c.expect.status, `${c.kind}: ${c.name}: ${text}`);
      if (c.expect.code) {
        assert.equal(parseJourneyError(response.status, text).code, c.expect.code, `${c.kind}: ${c.name}: ${text}`);
        // Capping answers carry the error as an object, throttling answers as a JSON string.
        const envelope = JSON.parse(text) as { error: unknown };
        assert.equal(typeof envelope.error, c.kind === 'capping' ? 'object' : 'string', c.name);
      } else {
        const answer = JSON.parse(text) as { canDeploy?: { warnings?: Array<{ warningCode: string }> } };
        assert.deepEqual((answer.canDeploy?.warnings ?? []).map((w) => w.warningCode), c.expect.warnings ?? [], `${c.kind}: ${c.name}`);
      }
    }
  });
});

describe('validation fixtures: independence', () => {
  it('the emulator does not reuse the client\'s validator or schemas', async () => {
    const source = await readFile(new URL('../../emulator/journey.ts', import.meta.url), 'utf8');
    assert.doesNotMatch(source, /src\/core\/journey|schemas\//);
  });
});
