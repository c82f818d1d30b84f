import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  analyzeFiles,
  draftFromAnalysis,
  IMS_HOSTS,
  MemoryProfileRepository,
  ProfileService,
  type ImportAnalysis,
  type InputFile,
  type Profile,
  type ProfileDraft,
} from '../core/credentials/index';
import { AioError } from '../core/errors';
import { registerSecret } from '../core/log/redact';
import { MemorySecretStore, type Clock, type Logger } from '../core/ports';
import { ImsRequestAuthenticator } from '../core/ims/authenticator';
import { ImsClient, type ImsTokenClient } from '../core/ims/ims-client';
import { TokenService } from '../core/ims/token-service';
import type { RequestAuthenticator } from '../core/ims/types';
import { describeSecret, type SecretRegistry } from '../core/known-secrets';

// How every CLI command that talks to Adobe gets its credentials: files named on the command line plus
// secrets from the environment, turned into an in-memory profile, secret store and authenticator. Nothing is
// written to disk.

export interface CredentialArgs {
  workspace?: string;
  zip?: string;
  key?: string;
  credential?: string;
  ims?: string;
}

/** The options this module understands, for usage texts. */
export const CREDENTIAL_OPTIONS_USAGE = [
  '  --workspace FILE    the workspace JSON downloaded from the Adobe Developer Console',
  '  --zip FILE          the config.zip (certificate and private key) of a JWT credential',
  '  --key FILE          the private key alone (instead of --zip)',
  '  --credential NAME   which credential of the workspace JSON, when it has several',
  '  --ims URL           IMS base URL (default: production, https://ims-na1.adobelogin.com)',
  '',
  'Environment: AIO_CLIENT_SECRET, AIO_PRIVATE_KEY (PEM; literal \\n accepted) or AIO_PRIVATE_KEY_FILE,',
  'AIO_PASSPHRASE (for an encrypted key). Without --workspace, the credential itself comes from AIO_CLIENT_ID,',
  'AIO_ORG_ID, AIO_TECHNICAL_ACCOUNT_ID and AIO_SCOPES (OAuth Server-to-Server, comma-separated) or',
  'AIO_META_SCOPES (JWT, with a private key); they also fill what a workspace JSON lacks.',
].join('\n');

const FLAGS: Record<string, keyof CredentialArgs> = {
  '--workspace': 'workspace',
  '--zip': 'zip',
  '--key': 'key',
  '--credential': 'credential',
  '--ims': 'ims',
};

function usage(message: string): AioError {
  return new AioError('usage', message);
}

/** Takes the credential options out of `args`; returns them and whatever else was given, in order. */
export function parseCredentialArgs(args: readonly string[]): { credentials: CredentialArgs; rest: string[] } {
  const credentials: CredentialArgs = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const field = FLAGS[flag];
    if (!field) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 && flag !== arg ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '' || (flag === arg && value.startsWith('--'))) throw usage(`${flag} needs a value.`);
    if (credentials[field] !== undefined) throw usage(`${flag} was given twice.`);
    credentials[field] = value;
  }
  if (credentials.zip && credentials.key) throw usage('Give either --zip or --key, not both.');
  return { credentials, rest };
}

export interface CliCredentials {
  profile: Profile;
  profiles: MemoryProfileRepository;
  secrets: MemorySecretStore;
  tokens: TokenService;
  authenticator: RequestAuthenticator;
  /** Things worth telling the user on stderr (e.g. a certificate expiring soon). */
  warnings: string[];
}

export interface LoadCredentialsOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock?: Clock;
  logger?: Logger;
  ims?: ImsTokenClient;
  /** Told the credential's secrets and every token minted, so `run` keeps them off other hosts. */
  knownSecrets?: SecretRegistry;
}

/**
 * Tells the registry the secrets in AIO_* variables, whether or not they make a credential: a request can
 * still name them with `{{$processEnv …}}`.
 */
export function registerEnvironmentSecrets(registry: SecretRegistry, env: NodeJS.ProcessEnv): void {
  registry.add('clientSecret', env.AIO_CLIENT_SECRET?.trim(), 'the client secret in AIO_CLIENT_SECRET');
  registry.add('passphrase', env.AIO_PASSPHRASE, 'the passphrase in AIO_PASSPHRASE');
  registry.add('privateKey', env.AIO_PRIVATE_KEY, 'the private key in AIO_PRIVATE_KEY');
}

async function readInput(path: string, cwd: string, what: string): Promise<InputFile> {
  const full = resolve(cwd, path);
  try {
    return { name: basename(full), bytes: await readFile(full) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new AioError('input-unreadable', `Cannot read the ${what} ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`);
  }
}

/** The environment variable that supplies each profile field when there is no workspace JSON. */
const ENV_FOR: Record<string, string> = {
  kind: 'AIO_SCOPES (OAuth Server-to-Server) or AIO_META_SCOPES with a private key (JWT)',
  clientId: 'AIO_CLIENT_ID',
  orgId: 'AIO_ORG_ID',
  technicalAccountId: 'AIO_TECHNICAL_ACCOUNT_ID',
  scopes: 'AIO_SCOPES',
  metaScopes: 'AIO_META_SCOPES',
  clientSecret: 'AIO_CLIENT_SECRET',
  privateKey: 'AIO_PRIVATE_KEY (or --zip/--key)',
};

function listFrom(value: string | undefined): string[] | undefined {
  const items = value?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items && items.length > 0 ? items : undefined;
}

/** Fills what the workspace JSON (if any) did not give from AIO_* variables; the JSON's values win. */
function fillFromEnvironment(draft: Partial<ProfileDraft>, env: NodeJS.ProcessEnv): void {
  const scopes = listFrom(env.AIO_SCOPES);
  const metaScopes = listFrom(env.AIO_META_SCOPES);
  draft.kind ??= scopes ? 'oauth-s2s' : metaScopes ? 'jwt' : undefined;
  draft.clientId ||= env.AIO_CLIENT_ID?.trim() || undefined;
  draft.orgId ||= env.AIO_ORG_ID?.trim() || undefined;
  draft.technicalAccountId ||= env.AIO_TECHNICAL_ACCOUNT_ID?.trim() || undefined;
  if (draft.kind === 'oauth-s2s') draft.scopes ??= scopes;
  if (draft.kind === 'jwt') draft.metaScopes ??= metaScopes;
  draft.name ??= 'cli';
}

function environmentFor(imsHost: string): 'prod' | 'stage' {
  return imsHost.replace(/\/+$/, '') === IMS_HOSTS.stage ? 'stage' : 'prod';
}

/**
 * Builds the CLI's credentials from `--workspace`/`--zip`/`--key`/`--credential`/`--ims` and the AIO_*
 * environment variables. Refused input throws an AioError whose message names the problem; code `usage`
 * when an option is missing.
 */
export async function loadCredentials(args: CredentialArgs, options: LoadCredentialsOptions): Promise<CliCredentials> {
  const { env, cwd } = options;
  const passphrase = env.AIO_PASSPHRASE || undefined;
  const clientSecret = env.AIO_CLIENT_SECRET?.trim() || undefined;
  registerSecret(passphrase);
  registerSecret(clientSecret);
  if (options.knownSecrets) registerEnvironmentSecrets(options.knownSecrets, env);

  const files: InputFile[] = args.workspace ? [await readInput(args.workspace, cwd, 'workspace JSON')] : [];
  if (args.zip) files.push(await readInput(args.zip, cwd, 'config.zip'));
  else if (args.key) files.push(await readInput(args.key, cwd, 'private key'));
  else if (env.AIO_PRIVATE_KEY?.trim()) {
    // Keys pasted into CI variables often carry literal "\n" and quotes; the key reader repairs both.
    files.push({ name: 'AIO_PRIVATE_KEY', bytes: Buffer.from(env.AIO_PRIVATE_KEY) });
  } else if (env.AIO_PRIVATE_KEY_FILE?.trim()) {
    files.push(await readInput(env.AIO_PRIVATE_KEY_FILE, cwd, 'private key (AIO_PRIVATE_KEY_FILE)'));
  }

  // With no file at all, the credential comes from AIO_* variables alone (checked below).
  const analysis: ImportAnalysis =
    files.length > 0
      ? await analyzeFiles(files, { passphrase, credentialName: args.credential, clock: options.clock })
      : { files: [], warnings: [], problems: [], needs: [], acceptable: true };
  if (analysis.problems.length > 0) {
    throw new AioError('credentials-refused', analysis.problems.map((p) => p.message).join('\n'));
  }
  for (const need of analysis.needs) {
    if (need.kind === 'passphrase') throw new AioError('credentials-refused', `The private key ${need.file} is encrypted: set AIO_PASSPHRASE to its passphrase.`);
    throw usage(`The workspace JSON has several credentials (${need.choices.map((c) => `'${c}'`).join(', ')}): choose one with --credential NAME.`);
  }

  const imsHost = (args.ims ?? IMS_HOSTS.prod).replace(/\/+$/, '');
  const { draft, secrets } = draftFromAnalysis(analysis, { imsHost, environment: environmentFor(imsHost), passphrase, name: 'cli' });
  if (clientSecret) secrets.clientSecret = clientSecret;
  fillFromEnvironment(draft, env);
  const stillMissing: string[] = (['kind', 'clientId', 'orgId', 'technicalAccountId'] as const).filter((f) => !draft[f]);
  if (draft.kind === 'jwt' && !draft.metaScopes?.length) stillMissing.push('metaScopes');
  if (draft.kind === 'oauth-s2s' && !draft.scopes?.length) stillMissing.push('scopes');
  if (!secrets.clientSecret) stillMissing.push('clientSecret');
  if (draft.kind === 'jwt' && !secrets.privateKey) stillMissing.push('privateKey');
  const identity = stillMissing.filter((m) => m !== 'clientSecret' && m !== 'privateKey');
  if (!args.workspace && identity.length > 0) {
    throw usage(`No credential: give --workspace FILE (the JSON downloaded from the Developer Console), or set ${stillMissing.map((m) => ENV_FOR[m]).join(', ')}.`);
  }
  if (stillMissing.includes('privateKey')) {
    throw usage(`The credential '${analysis.credential?.name ?? 'from AIO_*'}' is a JWT service account: give its private key with --zip FILE or --key FILE (or AIO_PRIVATE_KEY / AIO_PRIVATE_KEY_FILE).`);
  }
  if (stillMissing.includes('clientSecret')) throw usage(`No client secret: ${args.workspace ? 'the workspace JSON has none; ' : ''}set AIO_CLIENT_SECRET.`);
  if (identity.length > 0) {
    throw usage(`The workspace JSON lacks ${identity.join(', ')}: download it again from the Developer Console, or set ${identity.map((m) => ENV_FOR[m]).join(', ')}.`);
  }

  const profiles = new MemoryProfileRepository();
  const store = new MemorySecretStore();
  const profile = await new ProfileService(profiles, store).create(draft as ProfileDraft, secrets);
  options.knownSecrets?.add('clientSecret', secrets.clientSecret, describeSecret('clientSecret', profile.name));
  options.knownSecrets?.add('privateKey', secrets.privateKey, describeSecret('privateKey', profile.name));
  options.knownSecrets?.add('passphrase', secrets.passphrase, describeSecret('passphrase', profile.name));
  // HTTPS_PROXY / HTTP_PROXY / NO_PROXY come from the same environment as the secrets.
  const ims = options.ims ?? new ImsClient({ env });
  const tokens = new TokenService({ secrets: store, clock: options.clock, logger: options.logger, ims, knownSecrets: options.knownSecrets });
  return { profile, profiles, secrets: store, tokens, authenticator: new ImsRequestAuthenticator(profiles, tokens), warnings: analysis.warnings };
}
