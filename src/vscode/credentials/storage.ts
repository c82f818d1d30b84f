import type * as vscode from 'vscode';
import type { Profile, ProfileRepository } from '../../core/credentials/profile';
import type { SecretStore } from '../../core/ports';

const PROFILES_KEY = 'aioRequests.profiles';
const ACTIVE_KEY = 'aioRequests.activeProfileId';

/**
 * Profiles (never secrets) in `globalState`: user data, not workspace data, so they work in untrusted
 * folders. The keys are not registered for Settings Sync.
 */
export class GlobalStateProfileRepository implements ProfileRepository {
  constructor(private readonly memento: vscode.Memento) {}

  private all(): Profile[] {
    const value = this.memento.get<unknown>(PROFILES_KEY);
    return Array.isArray(value) ? (value.filter((p) => p && typeof p === 'object' && typeof p.id === 'string') as Profile[]) : [];
  }

  async list(): Promise<Profile[]> {
    return this.all().map((p) => ({ ...p }));
  }
  async get(id: string): Promise<Profile | undefined> {
    const p = this.all().find((x) => x.id === id);
    return p && { ...p };
  }
  async findByName(name: string): Promise<Profile | undefined> {
    const wanted = name.trim().toLowerCase();
    const p = this.all().find((x) => x.name.toLowerCase() === wanted);
    return p && { ...p };
  }
  async save(profile: Profile): Promise<void> {
    const all = this.all();
    const i = all.findIndex((p) => p.id === profile.id);
    if (i >= 0) all[i] = { ...profile };
    else all.push({ ...profile });
    await this.memento.update(PROFILES_KEY, all);
  }
  async remove(id: string): Promise<void> {
    await this.memento.update(
      PROFILES_KEY,
      this.all().filter((p) => p.id !== id),
    );
  }
  async getActiveId(): Promise<string | undefined> {
    const id = this.memento.get<string>(ACTIVE_KEY);
    return id !== undefined && this.all().some((p) => p.id === id) ? id : undefined;
  }
  async setActiveId(id: string | undefined): Promise<void> {
    await this.memento.update(ACTIVE_KEY, id);
  }
}

/** VS Code SecretStorage behind the core's SecretStore port. */
export function secretStorageStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => secrets.get(key),
    store: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
  };
}
