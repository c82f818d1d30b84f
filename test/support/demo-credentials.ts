// The demo's credentials: a freshly generated key pair and certificate, a config.zip and workspace JSON in a
// temporary folder (never in the repository), the client registered with the emulator, and
// AIO_REQUESTS_PREIMPORT set so the extension imports them once at activation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCredentialPair, makeConfigZip, makeWorkspaceJson } from './credentials-fixtures';
import { onCleanup } from '../vscode/harness/cleanup';

export interface DemoCredentialContext {
  readonly emulator: { readonly url: string };
  readonly env: Record<string, string>;
  /** User settings of the demo profile: the emulator's host is allow-listed for Adobe headers. */
  readonly settings?: Record<string, unknown>;
  /** Credential options of the CLI command the demo prints (`node dist/cli.js run …`). */
  readonly cliArgs?: string[];
}

export const DEMO_PROFILE_NAME = 'Demo (emulator)';

/** Writes the files, registers the client and returns their paths and the secrets they hold (for leak scans). */
export async function prepareDemoCredentials(context: DemoCredentialContext): Promise<{ dir: string; files: string[]; secrets: string[] }> {
  const pair = await generateCredentialPair({}, { subject: 'CN=aio-requests demo, O=Example Corp' });
  const clientSecret = `p8e-demo-${Math.random().toString(36).slice(2, 12)}`;
  const workspace = makeWorkspaceJson({ credentials: ['service'], jwtClientSecret: clientSecret });
  const jwt = ((workspace.project as { workspace: { details: { credentials: Array<{ jwt: Record<string, unknown> }> } } }).workspace.details.credentials[0]!).jwt;
  const org = (workspace.project as { org: { ims_org_id: string } }).org.ims_org_id;
  const dir = mkdtempSync(join(tmpdir(), 'aio-demo-credentials-'));
  const files = [join(dir, 'config.zip'), join(dir, 'workspace.json')];
  writeFileSync(files[0]!, makeConfigZip(pair), { mode: 0o600 });
  writeFileSync(files[1]!, JSON.stringify(workspace, null, 2), { mode: 0o600 });
  const response = await fetch(`${context.emulator.url}/__control/clients`, {
    method: 'POST',
    body: JSON.stringify({
      clientId: jwt.client_id,
      clientSecret: jwt.client_secret,
      orgId: org,
      technicalAccountId: jwt.technical_account_id,
      certificates: [pair.cert.pem],
      metaScopes: jwt.meta_scopes,
    }),
  });
  if (!response.ok) throw new Error(`the emulator refused the demo client: ${response.status}`);
  context.env.AIO_REQUESTS_PREIMPORT = JSON.stringify({ files, name: DEMO_PROFILE_NAME, imsHost: context.emulator.url, sandbox: 'prod' });
  const host = new URL(context.emulator.url).host;
  if (context.settings) context.settings['aioRequests.authHosts'] = [host];
  context.cliArgs?.push('--workspace', files[1]!, '--zip', files[0]!, '--ims', context.emulator.url, '--auth-host', host, '--journey-url', `${context.emulator.url}/journey/orchestration`);
  return { dir, files, secrets: [pair.key.privateKeyPem, clientSecret] };
}

/** The demo step (scripts/demo.ts). */
export const demoCredentialsStep = {
  name: `credentials: one imported profile '${DEMO_PROFILE_NAME}' registered with the emulator`,
  beforeStart: async (context: DemoCredentialContext) => {
    const { dir } = await prepareDemoCredentials(context);
    const remove = () => rmSync(dir, { recursive: true, force: true });
    onCleanup(remove);
    // Also on a hard exit, when the cleanup handlers do not get to run.
    process.once('exit', remove);
  },
};
