// Saves, replaces, renames and removes profiles through the ProfileRepository (metadata) and the SecretStore
// (secrets). Every change validates first and rolls its secrets back if a later step fails, so a refused
// import never loses what was stored before.
import { randomUUID } from 'node:crypto';
import { AioError } from '../errors';
import { registerSecret } from '../log/redact';
import type { SecretStore } from '../ports';
import { secretKey, type Profile, type ProfileRepository, type SecretKind } from './profile';
import { validateProfile, validateProfileName, validateSandbox, type ProfileDraft } from './profile-validation';
import { analyzePrivateKey } from './private-key';
import type { CertificateSummary } from './profile';

export interface ProfileSecrets {
  privateKey?: string;
  passphrase?: string;
  clientSecret?: string;
}

const STORED_KINDS: SecretKind[] = ['privateKey', 'passphrase', 'clientSecret', 'token'];

/** The secrets a profile of this kind cannot work without. */
export function requiredSecretKinds(profile: Pick<Profile, 'kind'>): SecretKind[] {
  return profile.kind === 'jwt' ? ['privateKey', 'clientSecret'] : ['clientSecret'];
}

function secretLabel(kind: SecretKind): string {
  return kind === 'privateKey' ? 'private key' : kind === 'clientSecret' ? 'client secret' : kind;
}

export class ProfileService {
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly repository: ProfileRepository,
    private readonly secrets: SecretStore,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Called after every change made through this service. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  list(): Promise<Profile[]> {
    return this.repository.list();
  }

  async getActive(): Promise<Profile | undefined> {
    const id = await this.repository.getActiveId();
    return id === undefined ? undefined : this.repository.get(id);
  }

  private async require(id: string): Promise<Profile> {
    const profile = await this.repository.get(id);
    if (!profile) throw new AioError('profile-not-found', 'That profile no longer exists.');
    return profile;
  }

  private async assertNameFree(name: string, exceptId?: string): Promise<void> {
    const other = await this.repository.findByName(name.trim());
    if (other && other.id !== exceptId) {
      throw new AioError('profile-name-taken', `A profile named '${name.trim()}' already exists; choose another name or replace it.`);
    }
  }

  private checkSecrets(draft: ProfileDraft, secrets: ProfileSecrets): void {
    if (!secrets.clientSecret?.trim()) throw new AioError('profile-invalid', 'The profile needs a client secret.');
    if (draft.kind === 'jwt') {
      if (!secrets.privateKey) throw new AioError('profile-invalid', 'A JWT profile needs a private key (from config.zip).');
      analyzePrivateKey(secrets.privateKey, secrets.passphrase ? { passphrase: secrets.passphrase } : {});
    }
  }

  /** Writes secrets, returning a function that restores what was there before. */
  private async writeSecrets(profileId: string, secrets: Partial<Record<SecretKind, string>>, clearOthers: boolean): Promise<() => Promise<void>> {
    const before = new Map<SecretKind, string | undefined>();
    const kinds: SecretKind[] = clearOthers ? STORED_KINDS : (Object.keys(secrets) as SecretKind[]);
    const restore = async () => {
      for (const [kind, value] of before) {
        const key = secretKey(profileId, kind);
        await (value === undefined ? this.secrets.delete(key) : this.secrets.store(key, value)).catch(() => undefined);
      }
    };
    try {
      for (const kind of kinds) {
        const key = secretKey(profileId, kind);
        before.set(kind, await this.secrets.get(key));
        const value = secrets[kind];
        // Masked wherever it might later be printed (PEM keys are masked by pattern already).
        if (value && (kind === 'clientSecret' || kind === 'passphrase')) registerSecret(value.trim());
        if (value) await this.secrets.store(key, kind === 'privateKey' ? value : value.trim());
        else await this.secrets.delete(key);
      }
    } catch (error) {
      await restore();
      throw error;
    }
    return restore;
  }

  /** Creates a profile; becomes the active one when none is. */
  async create(draft: ProfileDraft, secrets: ProfileSecrets): Promise<Profile> {
    const clean: ProfileDraft = { ...draft, name: draft.name.trim() };
    validateProfile(clean);
    this.checkSecrets(clean, secrets);
    await this.assertNameFree(clean.name);
    const profile: Profile = { id: this.newId(), ...clean };
    const restore = await this.writeSecrets(profile.id, secrets, true);
    try {
      await this.repository.save(profile);
      if ((await this.repository.getActiveId()) === undefined) await this.repository.setActiveId(profile.id);
    } catch (error) {
      await restore();
      // Saved before the failing step: a profile whose secrets were just rolled back would not work.
      await this.repository.remove(profile.id).catch(() => undefined);
      throw error;
    }
    this.changed();
    return profile;
  }

  /** Replaces an existing profile's data and secrets (re-import), keeping its id. */
  async replace(id: string, draft: ProfileDraft, secrets: ProfileSecrets): Promise<Profile> {
    const old = await this.require(id);
    const clean: ProfileDraft = { ...draft, name: draft.name.trim() };
    validateProfile(clean);
    this.checkSecrets(clean, secrets);
    await this.assertNameFree(clean.name, id);
    const profile: Profile = { ...clean, id };
    const restore = await this.writeSecrets(id, secrets, true);
    try {
      await this.repository.save(profile);
    } catch (error) {
      await restore();
      await this.repository.save(old).catch(() => undefined);
      throw error;
    }
    this.changed();
    return profile;
  }

  /** Certificate rotation: a new private key (and its certificate summary) for the same JWT profile. */
  async replacePrivateKey(id: string, key: { privateKey: string; passphrase?: string; certificate?: CertificateSummary }): Promise<Profile> {
    const old = await this.require(id);
    if (old.kind !== 'jwt') throw new AioError('profile-invalid', `'${old.name}' is an OAuth Server-to-Server profile; it has no private key.`);
    analyzePrivateKey(key.privateKey, key.passphrase ? { passphrase: key.passphrase } : {});
    const profile: Profile = { ...old };
    if (key.certificate) profile.certificate = key.certificate;
    else delete profile.certificate;
    const restore = await this.writeSecrets(id, { privateKey: key.privateKey, passphrase: key.passphrase ?? '', token: '' }, false);
    try {
      await this.repository.save(profile);
    } catch (error) {
      await restore();
      throw error;
    }
    this.changed();
    return profile;
  }

  async rename(id: string, name: string): Promise<Profile> {
    const problem = validateProfileName(name);
    if (problem) throw new AioError('profile-invalid', problem);
    const profile = { ...(await this.require(id)), name: name.trim() };
    await this.assertNameFree(profile.name, id);
    await this.repository.save(profile);
    this.changed();
    return profile;
  }

  async setSandbox(id: string, sandbox: string): Promise<Profile> {
    const problem = validateSandbox(sandbox);
    if (problem) throw new AioError('profile-invalid', problem);
    const profile = { ...(await this.require(id)), sandbox: sandbox.trim() };
    await this.repository.save(profile);
    this.changed();
    return profile;
  }

  async setActive(id: string | undefined): Promise<void> {
    if (id !== undefined) await this.require(id);
    await this.repository.setActiveId(id);
    this.changed();
  }

  /** Removes the profile and every secret stored for it. */
  async remove(id: string): Promise<void> {
    await this.require(id);
    const wasActive = (await this.repository.getActiveId()) === id;
    for (const kind of STORED_KINDS) await this.secrets.delete(secretKey(id, kind));
    await this.repository.remove(id);
    if (wasActive) {
      const next = (await this.repository.list())[0];
      await this.repository.setActiveId(next?.id);
    }
    this.changed();
  }

  /** The required secrets that are gone (e.g. after a keyring reset): the profile needs a re-import. */
  async missingSecrets(profile: Profile): Promise<SecretKind[]> {
    const missing: SecretKind[] = [];
    for (const kind of requiredSecretKinds(profile)) {
      if (!(await this.secrets.get(secretKey(profile.id, kind)))) missing.push(kind);
    }
    return missing;
  }

  /** The profile's secrets, or `AioError('secret-missing')` saying what to re-import. */
  async requireSecrets(profile: Profile): Promise<Required<Pick<ProfileSecrets, 'clientSecret'>> & ProfileSecrets> {
    // One read per secret: on VS Code each is a keyring call.
    const get = (kind: SecretKind) => this.secrets.get(secretKey(profile.id, kind));
    const [clientSecret, privateKey, passphrase] = await Promise.all([get('clientSecret'), get('privateKey'), get('passphrase')]);
    const stored: Partial<Record<SecretKind, string>> = { clientSecret, privateKey };
    const missing = requiredSecretKinds(profile).filter((kind) => !stored[kind]);
    if (missing.length > 0) {
      const what = missing.map(secretLabel).join(' and ');
      throw new AioError(
        'secret-missing',
        `The ${what} of profile '${profile.name}' ${missing.length > 1 ? 'are' : 'is'} missing (the OS keyring may have been reset) — re-import the credentials (Adobe I/O: Import Credentials…${missing.includes('privateKey') ? ' or Replace Private Key…' : ''}).`,
      );
    }
    const out: Required<Pick<ProfileSecrets, 'clientSecret'>> & ProfileSecrets = { clientSecret: clientSecret! };
    registerSecret(out.clientSecret);
    if (privateKey) out.privateKey = privateKey;
    if (passphrase) {
      registerSecret(passphrase);
      out.passphrase = passphrase;
    }
    return out;
  }
}

/** Profiles held in memory: the CLI's repository and the fake used in tests. */
export class MemoryProfileRepository implements ProfileRepository {
  private readonly profiles = new Map<string, Profile>();
  private activeId: string | undefined;

  constructor(initial: Profile[] = []) {
    for (const p of initial) this.profiles.set(p.id, { ...p });
  }
  async list(): Promise<Profile[]> {
    return [...this.profiles.values()].map((p) => ({ ...p }));
  }
  async get(id: string): Promise<Profile | undefined> {
    const p = this.profiles.get(id);
    return p && { ...p };
  }
  async findByName(name: string): Promise<Profile | undefined> {
    const wanted = name.trim().toLowerCase();
    const p = [...this.profiles.values()].find((x) => x.name.toLowerCase() === wanted);
    return p && { ...p };
  }
  async save(profile: Profile): Promise<void> {
    this.profiles.set(profile.id, { ...profile });
  }
  async remove(id: string): Promise<void> {
    this.profiles.delete(id);
  }
  async getActiveId(): Promise<string | undefined> {
    return this.activeId !== undefined && this.profiles.has(this.activeId) ? this.activeId : undefined;
  }
  async setActiveId(id: string | undefined): Promise<void> {
    this.activeId = id;
  }
}
