// The last result of each named request, per `.http` file, for completion and hover. Send Request fills it by
// calling `provide` with its results store; until then (and when nothing ran) it knows nothing.
import type { LastResponses } from '../../core/http/language/context';
import type { RequestResult } from '../../core/http/types';

export class LastResponsesSlot implements LastResponses {
  private provider?: LastResponses;
  private fallbackProvider?: LastResponses;

  /** Installs the source of last results (Send Request's results store); returns a function that removes it. */
  provide(provider: LastResponses): () => void {
    this.provider = provider;
    return () => {
      if (this.provider === provider) this.provider = undefined;
    };
  }

  /** Asked when the provider knows nothing (the test harness seeds responses this way); returns a remover. */
  fallback(provider: LastResponses): () => void {
    this.fallbackProvider = provider;
    return () => {
      if (this.fallbackProvider === provider) this.fallbackProvider = undefined;
    };
  }

  get(fileUri: string, name: string): RequestResult | undefined {
    return this.provider?.get(fileUri, name) ?? this.fallbackProvider?.get(fileUri, name);
  }
}
