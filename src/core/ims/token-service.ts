import { createHash, type KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Profile } from '../credentials/profile';
import { secretKey } from '../credentials/profile';
import { AioError, type AioErrorCode } from '../errors';
import { registerSecret } from '../log/redact';
import { silentLogger, systemClock, type Clock, type Logger, type SecretStore } from '../ports';
import { ImsClient, type ImsTokenClient, type MintedToken } from './ims-client';
import { loadSigningKey, signServiceAccountJwt } from './jwt-signer';
import { isAlive, isFresh, resolveLifetime } from './token-expiry';
import type { AccessToken } from './types';
import { describeSecret, type SecretRegistry } from '../known-secrets';

export interface TokenServiceOptions {
  secrets: SecretStore;
  ims?: ImsTokenClient;
  clock?: Clock;
  logger?: Logger;
  /** Told every secret read and every token minted or reused, so the runner can keep them off other hosts. */
  knownSecrets?: SecretRegistry;
}

export interface GetTokenOptions {
  /** Mint a new token even if the cached one looks fresh (an API answered 401). */
  forceRefresh?: boolean;
  /** With forceRefresh: the token the API refused; a newer cached token is handed out instead of minting again. */
  rejectedToken?: string;
  /** Stops this caller's wait; a shared IMS call in flight carries on for the others. */
  signal?: AbortSignal;
}

export interface Disposable {
  dispose(): void;
}

interface CacheEntry {
  token: AccessToken;
  /** The profile fields the token was minted for; a changed profile never reuses it. */
  profileHash: string;
  /** Hash of the profile and its secrets when known, for `revalidate`. */
  credentialsHash?: string;
}

interface PersistedToken extends AccessToken {
  v: 1;
  /** Hash of the profile and its secrets: a token minted for other credentials is not reused after a reload. */
  credentialsHash: string;
}

/** After a failed early refresh, the still-valid token is used this long before IMS is asked again. */
const RETRY_QUIET_MS = 30_000;

/** A refusal that asking again cannot change (wrong secret, key, scope, claims) is answered from memory this long. */
const REFUSAL_MEMORY_MS = 60_000;

/** IMS errors that only new credentials or a Console change fix; 5xx, timeouts, throttling and clock errors are retried. */
const PERMANENT_CODES = new Set<AioErrorCode>([
  'ims-invalid-secret',
  'ims-invalid-client',
  'ims-invalid-signature',
  'ims-invalid-scope',
  'ims-bad-request',
  'ims-invalid-token',
  'ims-wrong-flow',
]);

interface Refusal {
  /** The credentials IMS refused: new secrets (a re-import) are tried at once. */
  credentialsHash: string;
  error: AioError;
  until: number;
}

const SECRET_KEY = /^aioRequests\.profile\.(.+)\.(privateKey|passphrase|clientSecret|token)$/;

/**
 * Access tokens per profile: cached in memory and in the secret store, refreshed before expiry, minted at most
 * once at a time per profile however many callers ask (single flight), and dropped when the credentials change.
 */
export class TokenService {
  private readonly secrets: SecretStore;
  private readonly ims: ImsTokenClient;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly known: SecretRegistry | undefined;
  private readonly memory = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Flight>();
  private readonly quietUntil = new Map<string, number>();
  private readonly refusals = new Map<string, Refusal>();
  private readonly keys = new Map<string, { hash: string; key: KeyObject }>();
  private readonly events = new EventEmitter();

  constructor(options: TokenServiceOptions) {
    this.secrets = options.secrets;
    this.clock = options.clock ?? systemClock;
    this.ims = options.ims ?? new ImsClient({}, () => this.clock.now());
    this.logger = options.logger ?? silentLogger;
    this.known = options.knownSecrets;
  }

  /** A token for the profile, from the cache while it is fresh, else from IMS (one call for all waiters). */
  async getToken(profile: Profile, options: GetTokenOptions = {}): Promise<AccessToken> {
    // A caller cancelled before (or while resolving its profile) must not start an IMS call nobody awaits.
    if (options.signal?.aborted) throw cancelled();
    const now = this.clock.now();
    const cached = this.memory.get(profile.id);
    const usable = cached && cached.profileHash === profileHash(profile) ? cached.token : undefined;
    if (usable && !options.forceRefresh && isFresh(usable, now)) return usable;
    if (usable && options.forceRefresh && options.rejectedToken && usable.accessToken !== options.rejectedToken && isAlive(usable, now)) {
      // Someone else already replaced the refused token.
      return usable;
    }
    const force = options.forceRefresh === true;
    const running = this.inFlight.get(profile.id);
    let flight = running?.promise;
    const rejected = options.rejectedToken;
    if (running && force && rejected !== undefined && !running.forced) {
      // A lookup that may hand back the refused token (e.g. the stored one): wait for it, mint once if it does.
      flight = this.startFlight(profile, true, () =>
        running.promise.then((token) => (token.accessToken !== rejected && isAlive(token, this.clock.now()) ? token : this.obtain(profile, undefined, true))),
      );
    } else if (!flight) {
      flight = this.startFlight(profile, force, () => this.obtain(profile, usable, force));
    }
    return options.signal ? abortable(flight, options.signal) : flight;
  }

  /** Runs `work` as the profile's single flight: later callers join it until it settles. */
  private startFlight(profile: Profile, forced: boolean, work: () => Promise<AccessToken>): Promise<AccessToken> {
    const promise: Promise<AccessToken> = work().finally(() => {
      if (this.inFlight.get(profile.id)?.promise === promise) this.inFlight.delete(profile.id);
    });
    // Every waiter may have cancelled: the shared call's failure must not surface as an unhandled rejection.
    promise.catch(() => undefined);
    this.inFlight.set(profile.id, { promise, forced });
    return promise;
  }

  /** The cached token (possibly expired) without contacting IMS; undefined when there is none. */
  async peek(profile: Profile): Promise<AccessToken | undefined> {
    const cached = this.memory.get(profile.id);
    if (cached && cached.profileHash === profileHash(profile)) return cached.token;
    const persisted = await this.readPersisted(profile.id);
    if (!persisted) return undefined;
    const hash = await this.credentialsHash(profile).catch(() => undefined);
    if (hash !== persisted.credentialsHash) return undefined;
    const token = toAccessToken(persisted);
    this.memory.set(profile.id, { token, profileHash: profileHash(profile), credentialsHash: hash });
    return token;
  }

  /**
   * Drops cached tokens whose profile is gone or whose secrets changed (a re-import in this window, which
   * SecretStorage does not report here). Call it after profiles change.
   */
  async revalidate(profiles: readonly Profile[]): Promise<void> {
    for (const [id, entry] of [...this.memory]) {
      const profile = profiles.find((p) => p.id === id);
      const hash = profile ? await this.credentialsHash(profile).catch(() => undefined) : undefined;
      if (profile && hash !== undefined && hash === entry.credentialsHash && entry.profileHash === profileHash(profile)) continue;
      if (profile) await this.invalidate(id);
      else {
        this.memory.delete(id);
        this.emit(id);
      }
    }
  }

  /** Forgets the profile's token in memory and in the secret store. */
  async invalidate(profileId: string): Promise<void> {
    this.memory.delete(profileId);
    this.quietUntil.delete(profileId);
    this.refusals.delete(profileId);
    this.keys.delete(profileId);
    await this.secrets.delete(secretKey(profileId, 'token'));
    this.emit(profileId);
  }

  /**
   * Reacts to a secret-store change (VS Code's `SecretStorage.onDidChange`, which reports other windows'
   * writes): changed credentials drop the token; a token written elsewhere is re-read on next use.
   */
  handleSecretChange(key: string): void {
    const match = SECRET_KEY.exec(key);
    if (!match) return;
    const profileId = match[1]!;
    this.memory.delete(profileId);
    this.quietUntil.delete(profileId);
    if (match[2] !== 'token') {
      this.refusals.delete(profileId);
      this.keys.delete(profileId);
      void this.secrets.delete(secretKey(profileId, 'token')).catch(() => undefined);
    }
    this.emit(profileId);
  }

  /** Fires with a profile id whenever its token was minted, dropped or changed elsewhere. */
  onDidChange(listener: (profileId: string) => void): Disposable {
    this.events.on('change', listener);
    return { dispose: () => void this.events.off('change', listener) };
  }

  private emit(profileId: string): void {
    this.events.emit('change', profileId);
  }

  private async obtain(profile: Profile, current: AccessToken | undefined, force: boolean): Promise<AccessToken> {
    const credentials = await this.readCredentials(profile);
    const refusal = this.refusals.get(profile.id);
    if (refusal && (force || refusal.credentialsHash !== credentials.hash || this.clock.now() >= refusal.until)) this.refusals.delete(profile.id);
    if (!force) {
      const persisted = await this.readPersisted(profile.id);
      if (persisted && persisted.credentialsHash === credentials.hash) {
        const token = toAccessToken(persisted);
        if (isFresh(token, this.clock.now())) {
          registerSecret(token.accessToken);
          this.known?.add('accessToken', token.accessToken, describeSecret('accessToken', profile.name, 'cached'));
          this.memory.set(profile.id, { token, profileHash: profileHash(profile), credentialsHash: credentials.hash });
          this.logger.debug(`Reusing the stored token of profile "${profile.name}" (valid until ${new Date(token.expiresAt).toISOString()}).`);
          return token;
        }
      }
      const quiet = this.quietUntil.get(profile.id);
      if (current && quiet !== undefined && this.clock.now() < quiet && isAlive(current, this.clock.now())) return current;
      // A batch against refused credentials gets the same message without a retry storm against IMS.
      const refused = this.refusals.get(profile.id);
      if (refused) throw refused.error;
    }
    let minted: MintedToken;
    try {
      minted = await this.mint(profile, credentials);
    } catch (error) {
      // A failed early refresh keeps the old token in use while it lives; the error is logged once.
      if (!force && current && isAlive(current, this.clock.now())) {
        this.quietUntil.set(profile.id, this.clock.now() + RETRY_QUIET_MS);
        this.logger.warn(`Refreshing the token of profile "${profile.name}" failed; using the current one until it expires: ${error instanceof Error ? error.message : String(error)}`);
        return current;
      }
      if (error instanceof AioError && PERMANENT_CODES.has(error.code)) {
        this.refusals.set(profile.id, { credentialsHash: credentials.hash, error, until: this.clock.now() + REFUSAL_MEMORY_MS });
      }
      throw error;
    }
    const now = this.clock.now();
    const lifetime = resolveLifetime(minted.accessToken, minted.expiresIn, minted.unit, now);
    if (lifetime.source === 'fallback') {
      this.logger.warn(`IMS gave no usable lifetime for the token of profile "${profile.name}"; it will be replaced after a minute.`);
    }
    const token: AccessToken = { accessToken: minted.accessToken, tokenType: minted.tokenType, createdAt: lifetime.createdAt, expiresAt: lifetime.expiresAt };
    this.known?.add('accessToken', token.accessToken, describeSecret('accessToken', profile.name, 'minted'));
    this.memory.set(profile.id, { token, profileHash: profileHash(profile), credentialsHash: credentials.hash });
    this.quietUntil.delete(profile.id);
    this.refusals.delete(profile.id);
    const record: PersistedToken = { v: 1, ...token, credentialsHash: credentials.hash };
    await this.secrets.store(secretKey(profile.id, 'token'), JSON.stringify(record)).catch((error: unknown) => {
      this.logger.warn(`Could not store the token of profile "${profile.name}" in the secret store: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.logger.info(`Minted a token for profile "${profile.name}" (valid until ${new Date(token.expiresAt).toISOString()}).`);
    this.emit(profile.id);
    return token;
  }

  private async mint(profile: Profile, credentials: Credentials): Promise<MintedToken> {
    if (profile.kind === 'oauth-s2s') {
      return this.ims.clientCredentials({ imsHost: profile.imsHost, clientId: profile.clientId, clientSecret: credentials.clientSecret, scopes: profile.scopes ?? [] });
    }
    const key = this.privateKey(profile.id, credentials);
    const metaScopes = profile.metaScopes ?? [];
    const jwt = await signServiceAccountJwt(
      { imsHost: profile.imsHost, clientId: profile.clientId, orgId: profile.orgId, technicalAccountId: profile.technicalAccountId, metaScopes },
      key,
      this.clock.now(),
    );
    registerSecret(jwt);
    return this.ims.exchangeJwt({ imsHost: profile.imsHost, clientId: profile.clientId, clientSecret: credentials.clientSecret, jwt, metaScopes });
  }

  private privateKey(profileId: string, credentials: Credentials): KeyObject {
    const cached = this.keys.get(profileId);
    if (cached && cached.hash === credentials.hash) return cached.key;
    if (!credentials.privateKey) throw missingSecret('private key');
    const key = loadSigningKey(credentials.privateKey, credentials.passphrase);
    this.keys.set(profileId, { hash: credentials.hash, key });
    return key;
  }

  private async readCredentials(profile: Profile): Promise<Credentials> {
    const [clientSecret, privateKey, passphrase] = await Promise.all([
      this.secrets.get(secretKey(profile.id, 'clientSecret')),
      profile.kind === 'jwt' ? this.secrets.get(secretKey(profile.id, 'privateKey')) : Promise.resolve(undefined),
      profile.kind === 'jwt' ? this.secrets.get(secretKey(profile.id, 'passphrase')) : Promise.resolve(undefined),
    ]);
    if (!clientSecret) throw missingSecret('client secret', profile.name);
    if (profile.kind === 'jwt' && !privateKey) throw missingSecret('private key', profile.name);
    registerSecret(clientSecret);
    registerSecret(passphrase);
    this.known?.add('clientSecret', clientSecret, describeSecret('clientSecret', profile.name));
    this.known?.add('privateKey', privateKey, describeSecret('privateKey', profile.name));
    this.known?.add('passphrase', passphrase, describeSecret('passphrase', profile.name));
    return { clientSecret, privateKey, passphrase, hash: credentialsHashOf(profile, clientSecret, privateKey, passphrase) };
  }

  private async credentialsHash(profile: Profile): Promise<string> {
    return (await this.readCredentials(profile)).hash;
  }

  private async readPersisted(profileId: string): Promise<PersistedToken | undefined> {
    const text = await this.secrets.get(secretKey(profileId, 'token')).catch(() => undefined);
    if (!text) return undefined;
    try {
      const value = JSON.parse(text) as Partial<PersistedToken>;
      if (
        value.v === 1 &&
        typeof value.accessToken === 'string' &&
        typeof value.credentialsHash === 'string' &&
        Number.isFinite(value.expiresAt) &&
        Number.isFinite(value.createdAt)
      ) {
        registerSecret(value.accessToken);
        return value as PersistedToken;
      }
    } catch {
      // A damaged record is as good as none: a new token is minted.
    }
    return undefined;
  }
}

interface Flight {
  promise: Promise<AccessToken>;
  /** Forced flights always mint, so a 401 retry may join them; others may return a cached token. */
  forced: boolean;
}

interface Credentials {
  clientSecret: string;
  privateKey?: string;
  passphrase?: string;
  hash: string;
}

function missingSecret(what: string, profileName?: string): AioError {
  return new AioError(
    'credentials-missing',
    `The ${what} of profile${profileName ? ` "${profileName}"` : ''} is not in the secret store (it may have been lost, e.g. on a system without a keyring). Re-import the credentials for this profile.`,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** The profile fields a token depends on, as one string (no secrets: cheap to compare on every lookup). */
function profileHash(profile: Profile): string {
  return JSON.stringify([profile.kind, profile.clientId, profile.orgId, profile.technicalAccountId, profile.imsHost, profile.metaScopes ?? [], profile.scopes ?? []]);
}

function credentialsHashOf(profile: Profile, clientSecret: string, privateKey?: string, passphrase?: string): string {
  return sha256(JSON.stringify([profileHash(profile), sha256(clientSecret), privateKey ? sha256(privateKey) : '', passphrase ? sha256(passphrase) : '']));
}

function toAccessToken(p: PersistedToken): AccessToken {
  return { accessToken: p.accessToken, tokenType: p.tokenType || 'bearer', createdAt: p.createdAt, expiresAt: p.expiresAt };
}

function cancelled(): AioError {
  return new AioError('aborted', 'The token request was cancelled.');
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
