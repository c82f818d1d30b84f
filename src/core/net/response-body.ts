// A response body's rules: decoded by its Content-Encoding (gzip, deflate, br) and capped on the decoded bytes, so
// a small compressed bomb is stopped too. The exchange (dispatch-exchange.ts) applies them as the bytes come in.
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { RequestError } from '../http/types';

/** A body that broke its rules (too large, not what its encoding says), with the RequestError to report. */
export class BodyFailure extends Error {
  constructor(readonly error: RequestError) {
    super(error.message);
  }
}

/** A decoder for a single gzip/deflate/br Content-Encoding; anything else is returned as received. */
export function decoderFor(encoding: string | string[] | undefined): Transform | undefined {
  const value = (Array.isArray(encoding) ? encoding.join(',') : encoding)?.trim().toLowerCase();
  if (!value || value === 'identity') return undefined;
  if (value === 'gzip' || value === 'x-gzip') return createGunzip();
  if (value === 'deflate') return createInflate();
  if (value === 'br') return createBrotliDecompress();
  return undefined;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The body is over `cap` bytes, declared or decoded so far. */
export function tooLarge(cap: number): BodyFailure {
  return new BodyFailure({ kind: 'too-large', message: `The response is larger than ${formatBytes(cap)}; stopped reading it.` });
}

/** The body does not decode by the Content-Encoding its response declared. */
export function decodeFailure(encoding: string | string[] | undefined, error: Error): BodyFailure {
  return new BodyFailure({ kind: 'network', message: `The response says Content-Encoding: ${encoding}, but its body could not be decoded (${error.message}).` });
}
