// Loads the converters from their own bundle (dist/import.js, built next to dist/extension.js) on first use:
// they are a tenth of the extension's size and most sessions never convert anything.
import { join } from 'node:path';
import type * as Converters from '../../core/import/index';
import { AioError, type AioErrorCode } from '../../core/errors';

let loaded: typeof Converters | undefined;

function converters(): typeof Converters {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded on demand
  loaded ??= require(join(__dirname, 'import.js')) as typeof Converters;
  return loaded;
}

/** The other bundle has its own AioError class: its errors are re-made here so they show as plain messages. */
function same<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const e = error as { name?: unknown; code?: unknown; message?: unknown };
    if (e?.name === 'AioError' && typeof e.code === 'string' && typeof e.message === 'string') throw new AioError(e.code as AioErrorCode, e.message);
    throw error;
  }
}

export const curlToHttp = (text: string, options?: Converters.CurlToHttpOptions): Converters.CurlConversion => same(() => converters().curlToHttp(text, options));
export const postmanToHttp = (input: Uint8Array): Converters.PostmanConversion => same(() => converters().postmanToHttp(input));
