// "Import Credentials…": any of config.zip, workspace JSON, private key, certificate — several at once — then
// asks only for what is still missing. Refused input stores nothing; a name clash asks before replacing.
import * as vscode from 'vscode';
import { analyzeFiles, draftFromAnalysis, type DraftDefaults, type ImportAnalysis, type InputFile } from '../../core/credentials/analyze-files';
import type { Profile } from '../../core/credentials/profile';
import type { ProfileDraft } from '../../core/credentials/profile-validation';
import type { ProfileSecrets } from '../../core/credentials/profile-service';
import { AioError } from '../../core/errors';
import type { ExtensionDeps } from '../deps';
import { ask, pick, pickFiles, readInputFiles } from './prompts';
import { askMissingFields } from './profile-fields';

const TITLE = 'Import Credentials';

function refusal(analysis: ImportAnalysis): AioError {
  const reasons = analysis.problems.map((p) => p.message).join(' ');
  return new AioError('import-refused', `Import refused: ${reasons} Nothing was changed.`);
}

/** Runs analyses until nothing is left to ask: passphrase (masked, re-asked when wrong) and credential choice. */
async function analyzeInteractively(files: InputFile[], defaults: DraftDefaults): Promise<{ analysis: ImportAnalysis; passphrase?: string }> {
  let passphrase: string | undefined = defaults.passphrase;
  let credentialName: string | undefined;
  let wrongPassphrase = false;
  for (let round = 0; round < 12; round++) {
    const analysis = await analyzeFiles(files, {
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(credentialName === undefined ? {} : { credentialName }),
    });
    const onlyWrongPassphrase = analysis.problems.length > 0 && analysis.problems.every((p) => p.code === 'wrong-passphrase');
    if (analysis.problems.length > 0 && !onlyWrongPassphrase) throw refusal(analysis);
    const need = analysis.needs[0];
    if (onlyWrongPassphrase || need?.kind === 'passphrase') {
      if (onlyWrongPassphrase && wrongPassphrase && round >= 8) throw refusal(analysis);
      const file = need?.kind === 'passphrase' ? need.file : (analysis.problems[0]?.message.split(':')[0] ?? 'the private key');
      passphrase = await ask({
        title: TITLE,
        prompt: onlyWrongPassphrase ? `Wrong passphrase for ${file}. Try again.` : `${file} is encrypted. Enter its passphrase.`,
        password: true,
        validate: (v) => (v ? undefined : 'Enter the passphrase.'),
      });
      wrongPassphrase = onlyWrongPassphrase;
      continue;
    }
    if (need?.kind === 'credential') {
      const ws = analysis.workspace!;
      const choice = await pick(
        ws.credentials.map((c) => ({
          label: c.name,
          description: c.kind === 'jwt' ? 'JWT service account' : 'OAuth Server-to-Server',
          detail: `client id ${c.clientId}`,
        })),
        { title: TITLE, placeHolder: 'The workspace has several credentials: which one?' },
      );
      credentialName = choice.label;
      continue;
    }
    return passphrase === undefined ? { analysis } : { analysis, passphrase };
  }
  throw new AioError('import-refused', 'Import stopped: too many attempts. Nothing was changed.');
}

/** Saves the profile; on a name clash asks whether to replace the existing profile or keep both. */
export async function saveProfile(deps: ExtensionDeps, draft: ProfileDraft, secrets: ProfileSecrets, title: string): Promise<Profile> {
  const existing = await deps.profileRepository.findByName(draft.name);
  if (!existing) return deps.profiles.create(draft, secrets);
  let free = 2;
  while (await deps.profileRepository.findByName(`${draft.name} (${free})`)) free++;
  const other = `${draft.name} (${free})`;
  const choice = await pick(
    [
      { label: `Replace '${existing.name}'`, description: 'same profile, new credentials', action: 'replace' as const },
      { label: `Keep both: name the new one '${other}'`, action: 'both' as const },
    ],
    { title, placeHolder: `A profile named '${existing.name}' already exists.` },
  );
  if (choice.action === 'replace') return deps.profiles.replace(existing.id, { ...draft, sandbox: existing.sandbox }, secrets);
  return deps.profiles.create({ ...draft, name: other }, secrets);
}

function describeImported(profile: Profile): string {
  const cert = profile.certificate ? `; certificate valid until ${profile.certificate.validTo.slice(0, 10)}` : '';
  return `Imported profile '${profile.name}' (${profile.kind === 'jwt' ? 'JWT' : 'OAuth S2S'}, org ${profile.orgId}${cert}).`;
}

export interface ImportRequest {
  uris?: vscode.Uri[];
  /** Defaults for fields no file provides (the demo pre-import points IMS at the emulator). */
  defaults?: DraftDefaults;
  /** No prompts: refuse instead of asking (pre-import at activation). */
  nonInteractive?: boolean;
}

export async function importCredentials(deps: ExtensionDeps, request: ImportRequest = {}): Promise<Profile> {
  let files = await readInputFiles(request.uris ?? (await pickFiles('Import Credentials: config.zip, workspace JSON, private key or certificate')));
  const defaults = request.defaults ?? {};
  for (;;) {
    const { analysis, passphrase } = request.nonInteractive
      ? { analysis: await analyzeFiles(files, defaults.passphrase ? { passphrase: defaults.passphrase } : {}), passphrase: defaults.passphrase }
      : await analyzeInteractively(files, defaults);
    if (request.nonInteractive && (!analysis.acceptable || analysis.needs.length > 0)) {
      throw analysis.problems.length > 0 ? refusal(analysis) : new AioError('import-refused', 'Import needs answers (passphrase or credential choice); run Import Credentials… instead.');
    }
    const { draft, secrets, missing } = draftFromAnalysis(analysis, passphrase === undefined ? defaults : { ...defaults, passphrase });
    for (const warning of analysis.warnings) deps.logger.warn(warning);
    const needsFile = missing.includes('privateKey') || !analysis.workspace;
    if (needsFile && !request.nonInteractive && missing.length > 0) {
      const keyless = analysis.certificate !== undefined && analysis.key === undefined;
      const what = missing.includes('privateKey') || keyless
        ? `${keyless ? 'The certificate came without its private key: a profile without one cannot sign a JWT.' : 'This JWT credential also needs its private key.'} Add private.key (or the whole config.zip).`
        : 'No workspace JSON was given: the client id, org and secret are still missing.';
      const choice = await pick(
        [
          { label: '$(file-add) Add another file…', description: missing.includes('privateKey') ? 'config.zip or private.key' : 'the workspace JSON', action: 'file' as const },
          ...(missing.includes('privateKey') ? [] : [{ label: '$(edit) Enter the missing values by hand', action: 'manual' as const }]),
        ],
        { title: TITLE, placeHolder: what },
      );
      if (choice.action === 'file') {
        files = [...files, ...(await readInputFiles(await pickFiles('Import Credentials: add a file')))];
        continue;
      }
    }
    if (request.nonInteractive && missing.length > 0) {
      throw new AioError('import-refused', `Import needs more than the given files (${missing.join(', ')}); run Import Credentials… instead.`);
    }
    const complete = await askMissingFields(draft, secrets, missing, TITLE);
    const profile = await saveProfile(deps, complete.draft, complete.secrets, TITLE);
    deps.logger.info(describeImported(profile));
    if (!request.nonInteractive) {
      void vscode.window.showInformationMessage(describeImported(profile));
      if (analysis.warnings.length > 0) void vscode.window.showWarningMessage(analysis.warnings.join(' '));
    }
    return profile;
  }
}

