// The one way a VS Code command finds its profile: the core's resolver (tree row → active → the only one), and a
// quick pick when that leaves a choice to the user.
import * as vscode from 'vscode';
import type { Profile, ProfileRepository } from '../../core/credentials/profile';
import { resolveProfile } from '../../core/credentials/profile-resolver';
import { isAioError } from '../../core/errors';
import { UserCancelled } from '../commands';

/** The id carried by a tree row (profile, detail or token node), a bare id, or nothing. */
export function profileIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { profile?: { id?: unknown }; profileId?: unknown };
  if (o.profile && typeof o.profile.id === 'string') return o.profile.id;
  return typeof o.profileId === 'string' ? o.profileId : undefined;
}

/** A profile as a quick pick row: name, kind and org (and whether it is the active one). */
export function profilePickItem(profile: Profile, active: boolean, withSandbox = false): vscode.QuickPickItem & { profile: Profile } {
  const sandbox = withSandbox ? ` · sandbox ${profile.sandbox}` : '';
  return { label: profile.name, description: `${profile.kind === 'jwt' ? 'JWT' : 'OAuth S2S'} · ${profile.orgId}${sandbox}${active ? ' · active' : ''}`, profile };
}

export interface PickProfileOptions {
  /** The quick pick's title (the command's name). */
  title: string;
  placeHolder?: string;
  /** False for commands that ask rather than act on the active profile (rename, remove). */
  useActive?: boolean;
}

/** The profile a command acts on: the row's, else (unless `useActive` is false) the active one, else the user's pick. */
export async function pickProfile(profiles: ProfileRepository, arg: unknown, options: PickProfileOptions): Promise<Profile> {
  const id = profileIdFromArg(arg);
  try {
    return await resolveProfile(profiles, { ...(id ? { explicit: { id } } : {}), useActive: options.useActive ?? true });
  } catch (error) {
    if (!isAioError(error, 'no-active-profile')) throw error;
  }
  const [all, activeId] = await Promise.all([profiles.list(), profiles.getActiveId()]);
  const picked = await vscode.window.showQuickPick(
    all.map((p) => profilePickItem(p, p.id === activeId)),
    { title: options.title, placeHolder: options.placeHolder ?? 'Choose a credential profile', ignoreFocusOut: true },
  );
  if (!picked) throw new UserCancelled();
  return picked.profile;
}
