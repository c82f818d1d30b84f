// What the language bench bundles: the parser and the language service, with the context the editor would build.
import { AuthHostList } from '../../../src/core/net/auth-hosts';
import type { LanguageContext } from '../../../src/core/http/language/context';

export type { HttpFile } from '../../../src/core/http/parse-types';

export { parseHttpFile, readDetailsInSteps } from '../../../src/core/http/parser';
export { reparseHttpFile } from '../../../src/core/http/parser-incremental';
export { languageProblems } from '../../../src/core/http/language/diagnostics';
export { codeLensAnchors, requestSymbols } from '../../../src/core/http/language/outline';

/** A stored `Production` profile (the sample file names it), one environment, the default allow-list. */
export function benchContext(): LanguageContext {
  return {
    fileUri: 'file:///bench/bench.http',
    profiles: [{ name: 'Production', sandbox: 'prod', orgId: 'ORG@AdobeOrg', clientId: 'client', imsHost: 'https://ims-na1.adobelogin.com' }],
    activeProfile: 'Production',
    authHosts: new AuthHostList(),
    environments: { sets: { dev: { host: 'https://dev.example.com' } } },
    now: Date.now(),
  };
}
