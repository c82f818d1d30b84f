// The profile commands besides import: add manually, replace key, rename, remove, select active, sandbox.
import * as vscode from 'vscode';
import type { Profile } from '../../core/credentials/profile';
import { validateProfileName, validateSandbox } from '../../core/credentials/profile-validation';
import { AioError } from '../../core/errors';
import type { ExtensionDeps } from '../deps';
import { UserCancelled } from '../commands';
import { pickProfile, profileIdFromArg, profilePickItem } from '../shared/profile-picker';
import { ask, pick } from './prompts';
import { askMissingFields, askPrivateKey } from './profile-fields';
import { saveProfile } from './import-command';

export async function addProfileManually(deps: ExtensionDeps): Promise<Profile> {
  const title = 'Add Profile Manually';
  const { draft, secrets } = await askMissingFields({}, {}, ['kind', 'name', 'clientId', 'orgId', 'technicalAccountId', 'clientSecret'], title);
  const profile = await saveProfile(deps, draft, secrets, title);
  void vscode.window.showInformationMessage(`Added profile '${profile.name}'.`);
  return profile;
}

export async function replacePrivateKey(deps: ExtensionDeps, arg: unknown): Promise<Profile> {
  const profile = await pickProfile(deps.profileRepository, arg, { title: 'Replace Private Key', placeHolder: 'Replace the private key of which profile?' });
  if (profile.kind !== 'jwt') throw new AioError('profile-invalid', `'${profile.name}' is an OAuth Server-to-Server profile; it has no private key.`);
  const key = await askPrivateKey(`Replace Private Key of '${profile.name}'`);
  const updated = await deps.profiles.replacePrivateKey(profile.id, key);
  const cert = updated.certificate ? ` Certificate valid until ${updated.certificate.validTo.slice(0, 10)}.` : '';
  void vscode.window.showInformationMessage(`Replaced the private key of '${updated.name}'.${cert}`);
  return updated;
}

export async function renameProfile(deps: ExtensionDeps, arg: unknown): Promise<Profile> {
  const profile = await pickProfile(deps.profileRepository, arg, { title: 'Rename Profile', placeHolder: 'Rename which profile?', useActive: false });
  const name = await ask({ title: `Rename '${profile.name}'`, prompt: 'New name', value: profile.name, validate: validateProfileName });
  return deps.profiles.rename(profile.id, name);
}

export async function removeProfile(deps: ExtensionDeps, arg: unknown): Promise<void> {
  const profile = await pickProfile(deps.profileRepository, arg, { title: 'Remove Profile', placeHolder: 'Remove which profile?', useActive: false });
  const confirm = await vscode.window.showWarningMessage(
    `Remove profile '${profile.name}'? Its private key, client secret and token are deleted from this machine.`,
    { modal: true },
    'Remove',
  );
  if (confirm !== 'Remove') throw new UserCancelled();
  await deps.profiles.remove(profile.id);
}

export async function selectActiveProfile(deps: ExtensionDeps, arg: unknown): Promise<Profile | undefined> {
  const id = profileIdFromArg(arg);
  if (id) {
    await deps.profiles.setActive(id);
    const profile = await deps.profileRepository.get(id);
    if (profile) void warnIfSecretsMissing(deps, profile).catch(() => undefined);
    return profile;
  }
  const all = await deps.profileRepository.list();
  const activeId = await deps.profileRepository.getActiveId();
  const choice = await pick(
    [
      ...all.map((p) => {
        const item = profilePickItem(p, false, true);
        return { ...item, label: `${p.id === activeId ? '$(check) ' : ''}${p.name}`, profile: p as Profile | undefined };
      }),
      { label: '$(add) Import Credentials…', description: '', profile: undefined },
    ],
    { title: 'Adobe I/O: Active Profile', placeHolder: all.length ? 'Select the active credential profile' : 'No profile yet' },
  );
  if (!choice.profile) {
    await vscode.commands.executeCommand('aioRequests.importCredentials');
    return undefined;
  }
  await deps.profiles.setActive(choice.profile.id);
  void warnIfSecretsMissing(deps, choice.profile).catch(() => undefined);
  return choice.profile;
}

/** Says up front that a profile cannot mint tokens until it is re-imported (its secret is gone). */
async function warnIfSecretsMissing(deps: ExtensionDeps, profile: Profile): Promise<void> {
  if ((await deps.profiles.missingSecrets(profile)).length === 0) return;
  const action = await vscode.window.showWarningMessage(
    (await deps.profiles.requireSecrets(profile).then(() => '', (error: Error) => error.message)) || `Profile '${profile.name}' needs a re-import.`,
    'Import Credentials…',
  );
  if (action) await vscode.commands.executeCommand('aioRequests.importCredentials');
}

export async function selectSandbox(deps: ExtensionDeps, arg: unknown): Promise<Profile> {
  const profile = await pickProfile(deps.profileRepository, arg, { title: 'Select Sandbox', placeHolder: 'Set the sandbox of which profile?' });
  const sandbox = await ask({
    title: `Sandbox of '${profile.name}'`,
    prompt: 'Experience Platform sandbox name (sent as x-sandbox-name)',
    value: profile.sandbox,
    validate: validateSandbox,
  });
  return deps.profiles.setSandbox(profile.id, sandbox);
}


