// The one place the Journey client gets its transport. Today it is the `.http` runner (Adobe headers on
// allow-listed hosts, one refresh on 401, Retry-After on 429); re-point it here when the core's Adobe HTTP
// layer lands, and nothing else changes.
import type { RequestAuthenticator } from '../../core/ims/types';
import type { ProxySettings } from '../../core/net/proxy-config';
import { HttpRunner } from '../../core/http/runner';
import type { JourneyTransport } from '../../core/journey/client';

export interface JourneyTransportOptions {
  authenticator: RequestAuthenticator;
  /** From the user's `aioRequests.authHosts`: hosts besides `*.adobe.io` that receive Adobe headers. */
  authHosts: readonly string[];
  insecureTlsHosts: readonly string[];
  proxy: ProxySettings;
  sandbox: string;
}

export function createJourneyTransport(options: JourneyTransportOptions): JourneyTransport & { close(): Promise<void> } {
  return new HttpRunner({
    authenticator: options.authenticator,
    authHosts: options.authHosts,
    insecureTlsHosts: options.insecureTlsHosts,
    proxy: options.proxy,
    sandbox: options.sandbox,
    cookieJar: false,
  });
}
