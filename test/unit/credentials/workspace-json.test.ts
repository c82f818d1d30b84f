import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWorkspaceJson } from '../../../src/core/credentials/index';
import { isAioError } from '../../../src/core/errors';
import { makeWorkspaceJson } from '../../support/credentials-fixtures';

interface WorkspaceShape {
  project: {
    org: { ims_org_id?: string };
    workspace: { details: { credentials: Array<Record<string, unknown> & { oauth_server_to_server?: Record<string, unknown> }> } };
  };
}

function refuses(input: string, pattern: RegExp): void {
  assert.throws(() => readWorkspaceJson(input, 'ws.json'), (error: unknown) => {
    assert.ok(isAioError(error, 'workspace-invalid'));
    assert.match(error.message, pattern);
    return true;
  });
}

test('reads the org and both server-to-server credentials', () => {
  const ws = readWorkspaceJson(JSON.stringify(makeWorkspaceJson()));
  assert.equal(ws.orgId, '0A1B2C3D4E5F60718293A4B5@AdobeOrg');
  assert.equal(ws.projectTitle, 'Journey Ops');
  assert.equal(ws.workspaceTitle, 'Production');
  const [jwt, s2s] = ws.credentials;
  assert.equal(jwt!.kind, 'jwt');
  assert.equal(jwt!.clientSecret, 'p8e-FAKE-jwt-secret-0001');
  assert.deepEqual(jwt!.metaScopes, ['ent_dataservices_sdk', 'ent_campaign_sdk']);
  assert.equal(jwt!.technicalAccountId, '6657031C5C095BB40A495C83@techacct.adobe.com');
  assert.equal(s2s!.kind, 'oauth-s2s');
  assert.equal(s2s!.clientSecret, 'p8e-FAKE-s2s-secret-0002');
  assert.ok(s2s!.scopes!.includes('openid'));
});

test('a migrating credential offers both kinds', () => {
  const ws = readWorkspaceJson(JSON.stringify(makeWorkspaceJson({ credentials: ['oauth_server_to_server_migrate'] })));
  assert.deepEqual(
    ws.credentials.map((c) => [c.name, c.kind]),
    [
      ['Migrating', 'oauth-s2s'],
      ['Migrating (JWT)', 'jwt'],
    ],
  );
});

test('names every missing field', () => {
  const data = makeWorkspaceJson({ credentials: ['oauth_server_to_server'] }) as unknown as WorkspaceShape;
  delete data.project.org.ims_org_id;
  const block = data.project.workspace.details.credentials[0]!.oauth_server_to_server!;
  delete block.client_id;
  block.client_secrets = [];
  delete block.scopes;
  refuses(JSON.stringify(data), /project\.org\.ims_org_id.*client_id.*client_secrets.*scopes/);
});

test('refuses non-JSON, a JSON without project, and a workspace with only user-OAuth credentials', () => {
  refuses('{ not json', /not valid JSON/);
  refuses('{"hello": 1}', /no 'project' object/);
  const data = makeWorkspaceJson({ credentials: [] }) as unknown as WorkspaceShape;
  data.project.workspace.details.credentials.push({ name: 'Web App', integration_type: 'oauthwebapp', oauth2: {} });
  refuses(JSON.stringify(data), /no Service Account \(JWT\) or OAuth Server-to-Server credential \(found: Web App \(oauthwebapp\)\)/);
});
