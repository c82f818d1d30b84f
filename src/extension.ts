import * as vscode from 'vscode';
import type { ExtensionDeps } from './vscode/deps';
import { createLogger } from './vscode/log';
import * as logFeature from './vscode/log-feature';
import * as profilesView from './vscode/profiles/profiles-view';
import { TokenRows } from './vscode/profiles/token-row';
import * as endpointsView from './vscode/endpoints/index';
import * as credentials from './vscode/credentials/index';
import * as statusBar from './vscode/status-bar';
import { GlobalStateProfileRepository, secretStorageStore } from './vscode/credentials/storage';
import { ProfileService } from './core/credentials/profile-service';
import { TokenService } from './core/ims/token-service';
import { ImsRequestAuthenticator } from './core/ims/authenticator';
import { ImsClient } from './core/ims/ims-client';
import { onDidChangeProxySettings, vscodeProxySettings } from './vscode/shared/settings';
import * as tokensFeature from './vscode/tokens/index';
import * as importFeature from './vscode/import/index';
import * as simulateFeature from './vscode/simulate/index';
import * as requestsFeature from './vscode/requests/index';
import { tokenTestHooks } from './vscode/tokens/test-hooks';
import { credentialTestHooks } from './vscode/credentials/test-hooks';
import { ActivationWork } from './vscode/activation-work';
import { endpointsTestHooks } from './vscode/endpoints/test-hooks';
import { KnownSecrets } from './core/known-secrets';
import * as responsesFeature from './vscode/responses/index';
import { responseTestHooks } from './vscode/responses/test-hooks';
import { HttpFileStore } from './vscode/shared/http-file-store';
import { LastResponsesSlot } from './vscode/shared/last-responses';
import { JourneyLimitsSlot } from './vscode/shared/journey-limits';
import * as language from './vscode/language/index';
import * as testingFeature from './vscode/testing/index';
import { askInInputBox, RunSlot } from './vscode/shared/run-slot';
import type * as RunMachinery from './vscode/run-machinery';

/** The composition root: builds the adapters, wires them to the core and registers every feature. */
export function activate(context: vscode.ExtensionContext): { credentials?: unknown; tokens?: unknown; responses?: unknown; endpoints?: unknown; testing?: unknown } {
  const logChannel = vscode.window.createOutputChannel('Adobe I/O Requests', { log: true });
  const profileRepository = new GlobalStateProfileRepository(context.globalState);
  const secrets = secretStorageStore(context.secrets);
  const profiles = new ProfileService(profileRepository, secrets);
  const logger = createLogger(logChannel);
  const ims = new ImsClient({ proxy: vscodeProxySettings() });
  // Every secret the extension reads or mints, so a send (shared/run-context.ts) keeps them off other hosts.
  const knownSecrets = new KnownSecrets();
  const tokens = new TokenService({ secrets, logger, ims, knownSecrets });
  const authenticator = new ImsRequestAuthenticator(profileRepository, tokens);
  const activation = new ActivationWork();
  const httpFiles = new HttpFileStore();
  const lastResponses = new LastResponsesSlot();
  const journeyLimits = new JourneyLimitsSlot();
  // One run bundle (dist/run.js, see esbuild.js) and one set of run contexts for Send Request and the Testing view.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on the first send or test run, not at activation
  const run = new RunSlot(() => require('./vscode/run-machinery') as typeof RunMachinery, {
    authenticator, knownSecrets, profileRepository, secrets, prompt: askInInputBox,
    journeyConfigs: (options) => journeyLimits.deployed(options),
    onPacingWarning: (line) => logger.warn(line),
  });
  const deps: ExtensionDeps = { context, logger, logChannel, activation, profileRepository, secrets, profiles, tokens, authenticator, knownSecrets, httpFiles, lastResponses, run, journeyLimits };
  const tokenRows = new TokenRows(tokens);
  // The response view and history; Send presents its results through `responses.present(fileUri, exchange)`.
  const responses = responsesFeature.register(deps);
  const endpoints = endpointsView.register(deps);
  const testing = testingFeature.register(deps);
  context.subscriptions.push(
    logChannel,
    tokenRows,
    onDidChangeProxySettings((proxy) => {
      ims.setProxy(proxy);
      logger.info(`Proxy settings changed: token requests now go ${proxy.url ? 'through the http.proxy setting' : 'direct (or through HTTPS_PROXY)'}.`);
    }),
    { dispose: () => void ims.close() },
    logFeature.register(deps),
    credentials.register(deps),
    tokensFeature.register(deps),
    profilesView.register(deps, tokenRows),
    statusBar.register(deps),
    endpoints,
    importFeature.register(deps),
    responses.disposable,
    httpFiles,
    language.register(deps, httpFiles, lastResponses),
    testing,
    // The simulator reads the sandbox's deployed limits the Endpoints view loaded (through the shared slot).
    simulateFeature.register(deps, { sandboxLimits: simulateFeature.sandboxLimitsFrom(journeyLimits) }),
    requestsFeature.register(deps, responses.responses),
    run,
  );
  deps.logger.info(`Activated in ${vscode.env.appName} ${vscode.version} (trusted: ${vscode.workspace.isTrusted})`);
  // Exports exist only under the test harness (see test-hooks.ts).
  return {
    credentials: credentialTestHooks(deps),
    tokens: tokenTestHooks(deps, tokenRows),
    responses: responseTestHooks(responses.responses, context.globalStorageUri),
    endpoints: endpointsTestHooks(endpoints.probe),
    testing: process.env.AIO_TEST_USER_DATA_DIR ? testing : undefined,
  };
}

export function deactivate(): void {
  // Every resource is owned by context.subscriptions.
}
