import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { curlCommand } from '../../../src/vscode/tokens/curl';
import type { Profile } from '../../../src/core/credentials/profile';

const profile: Profile = {
  id: 'p', name: "O'Brien's", kind: 'oauth-s2s', clientId: 'client-1', orgId: 'ORG@AdobeOrg', technicalAccountId: 't@techacct.adobe.com',
  environment: 'prod', imsHost: 'https://ims-na1.adobelogin.com', sandbox: 'prod',
};

test('Copy as cURL: the three Adobe headers, quoted so that a shell passes them through unchanged', () => {
  const command = curlCommand(profile, "tok'en$(x)");
  // Let a real shell split it: echo each argument on its own line instead of running curl.
  const args = execFileSync('sh', ['-c', command.replace(/^curl /, "printf '%s\\n' ")]).toString().trim().split('\n');
  assert.deepEqual(args, ['-X', 'GET', 'https://platform.adobe.io/', '-H', "Authorization: Bearer tok'en$(x)", '-H', 'x-api-key: client-1', '-H', 'x-gw-ims-org-id: ORG@AdobeOrg']);
});
