import * as vscode from 'vscode';
import type { Profile, ProfileRepository } from '../../core/credentials/profile';
import { AioError } from '../../core/errors';
import { UserCancelled } from '../commands';
import { profileIdFromArg } from '../credentials/profile-commands';

/**
 * The profile a token command acts on: the one of the tree row it was invoked on (a row item carrying a
 * `profile` or a `profileId`, or a bare id), else the active profile, else the user's choice.
 */
export async function profileForCommand(profiles: ProfileRepository, arg: unknown, purpose: string): Promise<Profile> {
  const id = profileIdFromArg(arg);
  if (id) {
    const found = await profiles.get(id);
    if (found) return found;
    throw new AioError('profile-not-found', 'That profile no longer exists; refresh the Profiles view.');
  }
  const activeId = await profiles.getActiveId();
  const active = activeId ? await profiles.get(activeId) : undefined;
  if (active) return active;
  const all = await profiles.list();
  if (all.length === 0) {
    throw new AioError('no-profile', 'No credential profile yet: run "Adobe I/O: Import Credentials…" with the config.zip or workspace JSON from the Developer Console.');
  }
  if (all.length === 1) return all[0]!;
  const picked = await vscode.window.showQuickPick(
    all.map((p) => ({ label: p.name, description: `${p.kind === 'jwt' ? 'JWT' : 'OAuth S2S'} · ${p.orgId}`, profile: p })),
    { title: purpose, placeHolder: 'Choose a credential profile' },
  );
  if (!picked) throw new UserCancelled();
  return picked.profile;
}
