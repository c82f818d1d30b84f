// Loads the parser and language service (dist/http-language.js, a second bundle, see language/service.ts) on first use.
import { join } from 'node:path';
import type * as HttpLanguageModule from '../language/service';

export type HttpLanguage = typeof HttpLanguageModule;

let loaded: HttpLanguage | undefined;

/** The language module; the first call reads it from beside extension.js. */
export function httpLanguage(): HttpLanguage {
  // A computed path: esbuild leaves this require to run time instead of inlining the module here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(join(__dirname, 'http-language.js')) as HttpLanguage;
  return loaded;
}
