// A RequestAuthenticator that hands out numbered tokens and records every call, for runner tests.
import type { AdobeRequestAuth, AuthOptions, RequestAuthenticator } from '../../src/core/ims/types';

export class FakeAuthenticator implements RequestAuthenticator {
  readonly calls: Array<{ profile: string | undefined; options: AuthOptions }> = [];
  private generation = 1;
  failWith: Error | undefined;

  get token(): string {
    return `token-${this.generation}`;
  }

  async authenticate(profile: string | undefined, options: AuthOptions = {}): Promise<AdobeRequestAuth> {
    this.calls.push({ profile, options });
    if (this.failWith) throw this.failWith;
    if (options.forceRefresh) this.generation++;
    const sandbox = options.sandbox ?? 'prod';
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      'x-api-key': 'client-id-1',
      'x-gw-ims-org-id': 'ORG1@AdobeOrg',
    };
    if (options.includeSandbox) headers['x-sandbox-name'] = sandbox;
    return {
      headers,
      variables: { accessToken: this.token, apiKey: 'client-id-1', orgId: 'ORG1@AdobeOrg', sandbox, imsHost: 'https://ims.example' },
    };
  }
}
