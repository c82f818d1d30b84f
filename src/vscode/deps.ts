import type * as vscode from 'vscode';
import type { Logger, SecretStore } from '../core/ports';
import type { ProfileRepository } from '../core/credentials/profile';
import type { ProfileService } from '../core/credentials/profile-service';
import type { TokenService } from '../core/ims/token-service';
import type { RequestAuthenticator } from '../core/ims/types';
import type { ActivationWork } from './activation-work';
import type { KnownSecrets } from '../core/known-secrets';
import type { HttpFileStore } from './shared/http-file-store';
import type { LastResponsesSlot } from './shared/last-responses';
import type { RunSlot } from './shared/run-slot';
import type { JourneyLimitsSlot } from './shared/journey-limits';

/** What the composition root hands to every feature: read-only services, built once in extension.ts. */
export interface ExtensionDeps {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  readonly logChannel: vscode.LogOutputChannel;
  /** What activation started in the background; every command waits for it (see registerCommand). */
  readonly activation: ActivationWork;
  /** Profiles without secrets (globalState). */
  readonly profileRepository: ProfileRepository;
  /** SecretStorage behind the core port: private keys, passphrases, client secrets, tokens. */
  readonly secrets: SecretStore;
  /** Every profile change goes through here (validation, rollback, change events). */
  readonly profiles: ProfileService;
  /** Access tokens per profile: cached, single-flight, persisted in SecretStorage. */
  readonly tokens: TokenService;
  /** Adobe headers for a profile's requests (the `.http` runner and the Journey client use this). */
  readonly authenticator: RequestAuthenticator;
  /** Secrets read or minted so far (the token service feeds it); a run context refuses to send them off the allow-list. */
  readonly knownSecrets: KnownSecrets;
  /** One parsed HttpFile per `.http` document version, shared by every editor feature (language service, Send). */
  readonly httpFiles: HttpFileStore;
  /** Last results of named requests for completion and hover; Send Request installs its results store here. */
  readonly lastResponses: LastResponsesSlot;
  /** The window's one EditorRunContexts (Send Request and the Testing view share chains, cookies and results), lazily loaded. */
  readonly run: RunSlot;
  /** The active sandbox's deployed Journey configs, provided by the Endpoints view (Send All paces by them). */
  readonly journeyLimits: JourneyLimitsSlot;
}
