// The profile commands besides import: add manually, replace key, rename, remove, select active, sandbox.
import * as vscode from 'vscode';
import type { Profile } from '../../core/credentials/profile';
import { validateProfileName, validateSandbox } from '../../core/credentials/profile-validation';
import { AioError } from '../../core/errors';
import type { ExtensionDeps } from '../deps';
import { UserCancelled } from '../commands';
import { ask, pick } from './prompts';
import { askMissingFields, askPrivateKey } from './profile-fields';
import { saveProfile } from './import-command';

/** The id carried by a tree row (profile, detail or token node), a bare id, or nothing. */
export function profileIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { profile?: { id?: unknown }; profileId?: unknown };
  if (o.profile && typeof o.profile.id === 'string') return o.profile.id;
  return typeof o.profileId === 'string' ? o.profileId : undefined;
}

/** The profile a command acts on: the row's, else (when `preferActive`) the active one, else the user's pick. */
export async function resolveProfile(deps: ExtensionDeps, arg: unknown, placeHolder: string, preferActive = true): Promise<Profile> {
  const id = profileIdFromArg(arg);
  if (id) {
    const found = await deps.profileRepository.get(id);
    if (!found) throw new AioError('profile-not-found', 'That profile no longer exists.');
    return found;
  }
  const all = await deps.profileRepository.list();
  if (all.length === 0) throw new AioError('no-profile', 'No credential profile yet: run "Adobe I/O: Import Credentials…".');
  if (preferActive) {
    const active = await deps.profiles.getActive();
    if (active) return active;
  }
  if (all.length === 1) return all[0]!;
  const activeId = await deps.profileRepository.getActiveId();
  const choice = await pick(
    all.map((p) => ({ label: p.name, description: `${p.kind === 'jwt' ? 'JWT' : 'OAuth S2S'} · ${p.orgId}${p.id === activeId ? ' · active' : ''}`, profile: p })),
    { title: 'Adobe I/O', placeHolder },
  );
  return choice.profile;
}

export async function addProfileManually(deps: ExtensionDeps): Promise<Profile> {
  const title = 'Add Profile Manually';
  const { draft, secrets } = await askMissingFields({}, {}, ['kind', 'name', 'clientId', 'orgId', 'technicalAccountId', 'clientSecret'], title);
  const profile = await saveProfile(deps, draft, secrets, title);
  void vscode.window.showInformationMessage(`Added profile '${profile.name}'.`);
  return profile;
}

export async function replacePrivateKey(deps: ExtensionDeps, arg: unknown): Promise<Profile> {
  const profile = await resolveProfile(deps, arg, 'Replace the private key of which profile?');
  if (profile.kind !== 'jwt') throw new AioError('profile-invalid', `'${profile.name}' is an OAuth Server-to-Server profile; it has no private key.`);
  const key = await askPrivateKey(`Replace Private Key of '${profile.name}'`);
  const updated = await deps.profiles.replacePrivateKey(profile.id, key);
  const cert = updated.certificate ? ` Certificate valid until ${updated.certificate.validTo.slice(0, 10)}.` : '';
  void vscode.window.showInformationMessage(`Replaced the private key of '${updated.name}'.${cert}`);
  return updated;
}

export async function renameProfile(deps: ExtensionDeps, arg: unknown): Promise<Profile> {
  const profile = await resolveProfile(deps, arg, 'Rename which profile?', false);
  const name = await ask({ title: `Rename '${profile.name}'`, prompt: 'New name', value: profile.name, validate: validateProfileName });
  return deps.profiles.rename(profile.id, name);
}

export async function removeProfile(deps: ExtensionDeps, arg: unknown): Promise<void> {
  const profile = await resolveProfile(deps, arg, 'Remove which profile?', false);
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
      ...all.map((p) => ({
        label: `${p.id === activeId ? '$(check) ' : ''}${p.name}`,
        description: `${p.kind === 'jwt' ? 'JWT' : 'OAuth S2S'} · ${p.orgId} · sandbox ${p.sandbox}`,
        profile: p as Profile | undefined,
      })),
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
  const profile = await resolveProfile(deps, arg, 'Set the sandbox of which profile?');
  const sandbox = await ask({
    title: `Sandbox of '${profile.name}'`,
    prompt: 'Experience Platform sandbox name (sent as x-sandbox-name)',
    value: profile.sandbox,
    validate: validateSandbox,
  });
  return deps.profiles.setSandbox(profile.id, sandbox);
}


