// Which profile a request or command uses, in one order for every adapter: the one chosen for this call (a tree
// row's id, the CLI's name), then the file's `# @profile`, then the active profile, then the only one there is.
import { AioError } from '../errors';
import type { Profile, ProfileRepository } from './profile';

export interface ProfileRequest {
  /** Chosen for this call: a profile id (a tree row's) or a name. */
  explicit?: { id: string } | { name: string };
  /** The `.http` file's `# @profile` name. */
  directive?: string;
  /** False for commands that must ask when nothing is chosen (rename, remove): the active profile is skipped. */
  useActive?: boolean;
}

const IMPORT_HINT = 'import the config.zip or workspace JSON from the Adobe Developer Console (Adobe I/O: Import Credentials…)';

async function byName(profiles: ProfileRepository, name: string): Promise<Profile> {
  const named = await profiles.findByName(name);
  if (named) return named;
  const names = (await profiles.list()).map((p) => `"${p.name}"`);
  throw new AioError('profile-not-found', `No credential profile is named "${name}". ${names.length > 0 ? `Known profiles: ${names.join(', ')}.` : 'Import credentials first (Adobe I/O: Import Credentials…).'}`);
}

/**
 * The profile for a request. Throws `profile-not-found` (a chosen or named one is gone), `no-profile` (none at
 * all) or `no-active-profile` (several and none chosen: an editor asks the user, the CLI says which to name).
 */
export async function resolveProfile(profiles: ProfileRepository, request: ProfileRequest = {}): Promise<Profile> {
  const { explicit, directive } = request;
  if (explicit && 'id' in explicit) {
    const found = await profiles.get(explicit.id);
    if (found) return found;
    throw new AioError('profile-not-found', 'That profile no longer exists; refresh the Profiles view.');
  }
  const name = (explicit && 'name' in explicit ? explicit.name : undefined) || directive;
  if (name) return byName(profiles, name);
  if (request.useActive !== false) {
    const activeId = await profiles.getActiveId();
    const active = activeId ? await profiles.get(activeId) : undefined;
    if (active) return active;
  }
  const all = await profiles.list();
  if (all.length === 0) throw new AioError('no-profile', `No credential profile yet: ${IMPORT_HINT}.`);
  if (all.length === 1) return all[0]!;
  throw new AioError('no-active-profile', 'No active credential profile: choose one in the Profiles view (or name one with # @profile).');
}
