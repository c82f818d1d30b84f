// Reading a response body: decoded (gzip, deflate, br) and capped on the decoded bytes, so a small compressed
// bomb is stopped too. Transport-level, so every client of the layer reads bodies the same way.
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import type { RequestError } from '../http/types';

/** A failure with the RequestError to report, thrown out of the body read. */
export class BodyFailure extends Error {
  constructor(readonly error: RequestError) {
    super(error.message);
  }
}

/** A decoder for a single gzip/deflate/br Content-Encoding; anything else is returned as received. */
function decoderFor(encoding: string | string[] | undefined): Transform | undefined {
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

/** The decoded body, or a BodyFailure past `cap` bytes or when the declared encoding does not decode. */
export function readBody(res: Dispatcher.ResponseData, cap: number): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  const tooLarge = (): BodyFailure => {
    // Destroying the body mid-stream makes undici close the socket instead of reading the rest.
    res.body.destroy();
    return new BodyFailure({ kind: 'too-large', message: `The response is larger than ${formatBytes(cap)}; stopped reading it.` });
  };
  if (Number.isFinite(declared) && declared > cap) return Promise.reject(tooLarge());
  const decoder = decoderFor(res.headers['content-encoding']);
  // A declared length within the cap cannot be overrun (the parser stops there): undici collects it in one piece.
  if (!decoder && Number.isFinite(declared)) return res.body.bytes();
  const source: NodeJS.ReadableStream = decoder ? res.body.pipe(decoder) : res.body;
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        decoder?.destroy();
        return reject(tooLarge());
      }
      chunks.push(chunk);
    });
    res.body.on('error', reject);
    decoder?.on('error', (error) => {
      res.body.destroy();
      reject(new BodyFailure({ kind: 'network', message: `The response says Content-Encoding: ${res.headers['content-encoding']}, but its body could not be decoded (${error.message}).` }));
    });
    source.on('end', () => {
      const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      resolve(new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
    });
  });
}
