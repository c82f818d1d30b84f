// Asks, one validated input at a time, for the profile fields and secrets no file provided.
import { analyzeFiles } from '../../core/credentials/analyze-files';
import { IMS_HOSTS, type ImsEnvironment, type ProfileKind } from '../../core/credentials/profile';
import {
  parseScopeList,
  validateClientId,
  validateClientSecret,
  validateImsHost,
  validateOrgId,
  validateProfileName,
  validateSandbox,
  validateScopeList,
  validateTechnicalAccountId,
  type ProfileDraft,
} from '../../core/credentials/profile-validation';
import type { ProfileSecrets } from '../../core/credentials/profile-service';
import { AioError } from '../../core/errors';
import { ask, pick, pickFiles, readInputFiles } from './prompts';

export type MissingField = keyof ProfileDraft | 'clientSecret' | 'privateKey';

export async function askKind(title: string): Promise<ProfileKind> {
  const choice = await pick(
    [
      { label: 'OAuth Server-to-Server', description: 'client id + client secret + scopes', profileKind: 'oauth-s2s' as const },
      { label: 'Service Account (JWT)', description: 'client id + client secret + private key + metascopes (deprecated by Adobe)', profileKind: 'jwt' as const },
    ],
    { title, placeHolder: 'Which kind of credential?' },
  );
  return choice.profileKind;
}

export async function askEnvironment(title: string): Promise<{ environment: ImsEnvironment; imsHost: string }> {
  const choice = await pick(
    [
      { label: 'Production', description: IMS_HOSTS.prod, environment: 'prod' as const, custom: false },
      { label: 'Stage', description: IMS_HOSTS.stage, environment: 'stage' as const, custom: false },
      { label: 'Other IMS URL…', description: 'e.g. a local emulator on 127.0.0.1', environment: 'prod' as const, custom: true },
    ],
    { title, placeHolder: 'Which IMS environment?' },
  );
  if (!choice.custom) return { environment: choice.environment, imsHost: IMS_HOSTS[choice.environment] };
  const imsHost = await ask({ title, prompt: 'IMS base URL', placeHolder: 'http://127.0.0.1:8080', validate: validateImsHost });
  return { environment: 'prod', imsHost: imsHost.replace(/\/+$/, '') };
}

/** Asks for a private key file (or config.zip) and its passphrase if encrypted; returns the secrets and certificate. */
export async function askPrivateKey(title: string): Promise<{ privateKey: string; passphrase?: string; certificate?: ProfileDraft['certificate'] }> {
  const files = await readInputFiles(await pickFiles(`${title}: config.zip or private key (and certificate)`));
  let passphrase: string | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    const analysis = await analyzeFiles(files, passphrase === undefined ? {} : { passphrase });
    const wrong = analysis.problems.length > 0 && analysis.problems.every((p) => p.code === 'wrong-passphrase');
    if (analysis.problems.length > 0 && !wrong) {
      throw new AioError('import-refused', `Refused: ${analysis.problems.map((p) => p.message).join(' ')} Nothing was changed.`);
    }
    if (wrong || analysis.needs.some((n) => n.kind === 'passphrase')) {
      passphrase = await ask({
        title,
        prompt: wrong ? 'Wrong passphrase. Try again.' : 'The private key is encrypted. Enter its passphrase.',
        password: true,
        validate: (v) => (v ? undefined : 'Enter the passphrase.'),
      });
      continue;
    }
    if (!analysis.key) throw new AioError('import-refused', 'No private key among the chosen files. Nothing was changed.');
    const out: { privateKey: string; passphrase?: string; certificate?: ProfileDraft['certificate'] } = { privateKey: analysis.key.pem };
    if (analysis.key.encrypted && passphrase) out.passphrase = passphrase;
    if (analysis.certificate) out.certificate = analysis.certificate.summary;
    return out;
  }
  throw new AioError('import-refused', 'Too many wrong passphrases. Nothing was changed.');
}

/** Fills every missing field by asking; returns a complete draft and its secrets. */
export async function askMissingFields(
  partial: Partial<ProfileDraft>,
  secrets: ProfileSecrets,
  missing: MissingField[],
  title: string,
): Promise<{ draft: ProfileDraft; secrets: ProfileSecrets }> {
  const draft: Partial<ProfileDraft> = { ...partial };
  const out: ProfileSecrets = { ...secrets };
  const has = (f: MissingField) => missing.includes(f);
  if (has('kind') || !draft.kind) draft.kind = await askKind(title);
  if (has('name') || !draft.name) draft.name = await ask({ title, prompt: 'Profile name', placeHolder: 'e.g. Journey Ops – Production', validate: validateProfileName });
  if (has('clientId') || !draft.clientId) draft.clientId = await ask({ title, prompt: 'Client ID (API key) from the Developer Console', validate: validateClientId });
  if (has('orgId') || !draft.orgId) draft.orgId = await ask({ title, prompt: 'IMS organization ID', placeHolder: '…@AdobeOrg', validate: validateOrgId });
  if (has('technicalAccountId') || !draft.technicalAccountId) {
    draft.technicalAccountId = await ask({ title, prompt: 'Technical account ID', placeHolder: '…@techacct.adobe.com', validate: validateTechnicalAccountId });
  }
  if (draft.kind === 'jwt' && !draft.metaScopes?.length) {
    draft.metaScopes = parseScopeList(await ask({ title, prompt: 'Metascopes, comma-separated', placeHolder: 'ent_dataservices_sdk', validate: validateScopeList }));
  }
  if (draft.kind === 'oauth-s2s' && !draft.scopes?.length) {
    draft.scopes = parseScopeList(
      await ask({ title, prompt: 'Scopes, comma-separated', value: 'openid,AdobeID,read_organizations,additional_info.projectedProductContext', validate: validateScopeList }),
    );
  }
  if (draft.kind !== 'jwt') {
    delete draft.metaScopes;
    delete draft.certificate;
    delete out.privateKey;
    delete out.passphrase;
  } else {
    delete draft.scopes;
  }
  if (!out.clientSecret) out.clientSecret = await ask({ title, prompt: 'Client secret', password: true, validate: validateClientSecret });
  if (draft.kind === 'jwt' && !out.privateKey) {
    const key = await askPrivateKey(title);
    out.privateKey = key.privateKey;
    if (key.passphrase) out.passphrase = key.passphrase;
    if (key.certificate) draft.certificate = key.certificate;
  }
  if (!draft.environment || !draft.imsHost) Object.assign(draft, await askEnvironment(title));
  if (!draft.sandbox) draft.sandbox = await ask({ title, prompt: 'Experience Platform sandbox', value: 'prod', validate: validateSandbox });
  return { draft: draft as ProfileDraft, secrets: out };
}
