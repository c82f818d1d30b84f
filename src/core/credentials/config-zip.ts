// Reads the Developer Console's config.zip in memory, refusing anything that is not a small, flat archive
// of plain files. yauzl parses the format; the policy (names, duplicates, sizes, bombs, symlinks,
// encryption, methods, CRCs) is ours, because yauzl leaves most of it to the caller.
import { crc32 } from 'node:zlib';
import type * as yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { AioError } from '../errors';

export const ZIP_LIMITS = {
  /** The Console's config.zip is ~3 KB; anything above 64 KiB is not one. */
  maxArchiveBytes: 64 * 1024,
  maxEntries: 32,
  /** A PEM key or certificate is a few KB. */
  maxEntryBytes: 64 * 1024,
  maxTotalBytes: 256 * 1024,
  /** Uncompressed/compressed; PEM text compresses ~1.3:1, zip bombs by hundreds to one. */
  maxRatio: 100,
} as const;

export interface ZipFileEntry {
  /** Name inside the archive, without the single top-level folder if there was one. */
  name: string;
  bytes: Buffer;
}

export interface ConfigZipContents {
  entries: ZipFileEntry[];
  /** Noise entries skipped (`__MACOSX/…`, `.DS_Store`, AppleDouble `._x`). */
  ignored: string[];
  /** The one top-level folder that held the files, if any. */
  folder?: string;
}

function refuse(message: string): never {
  throw new AioError('zip-refused', message);
}

/** True for the files macOS Finder adds to archives. */
export function isZipNoise(name: string): boolean {
  const parts = name.split('/').filter(Boolean);
  const base = parts[parts.length - 1] ?? '';
  return parts[0] === '__MACOSX' || base === '.DS_Store' || base.startsWith('._');
}

function describeYauzlError(error: Error, label: string): string {
  const m = error.message;
  if (/invalid characters in fileName/i.test(m)) return `${label} contains an entry name with a backslash (${m.split(': ').slice(1).join(': ')}); refused.`;
  if (/absolute path/i.test(m)) return `${label} contains an entry with an absolute path (${m.split(': ').slice(1).join(': ')}); refused.`;
  if (/invalid relative path/i.test(m)) return `${label} contains an entry that climbs out of its folder with '..' (${m.split(': ').slice(1).join(': ')}); refused.`;
  if (/too many bytes/i.test(m)) return `${label} has an entry that inflates beyond its declared size (a zip bomb?); refused.`;
  if (/central directory record signature not found/i.test(m)) return `${label} is not a zip archive, or the download was cut short.`;
  if (/unsupported compression method/i.test(m)) return `${label} uses an unsupported compression method; re-create it with a standard zip tool.`;
  return `${label} is damaged or truncated (${m}); download it again from the Developer Console.`;
}

function readStream(stream: Readable, limit: number, name: string, label: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        stream.destroy();
        reject(new AioError('zip-refused', `${label}: entry '${name}' inflates beyond ${limit} bytes (a zip bomb?); refused.`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Reads a config.zip from memory. Throws `AioError('zip-refused')` naming the problem; never writes to disk.
 * `label` names the archive in messages (its file name).
 */
/** yauzl, loaded on the first archive (not at activation), then kept. */
let yauzlModule: Promise<typeof yauzl> | undefined;

export async function readConfigZip(bytes: Uint8Array, label = 'The archive'): Promise<ConfigZipContents> {
  if (bytes.length > ZIP_LIMITS.maxArchiveBytes) {
    refuse(`${label} is ${bytes.length} bytes; a Developer Console config.zip is a few KB (limit ${ZIP_LIMITS.maxArchiveBytes}). Refused.`);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { fromBuffer } = await (yauzlModule ??= import('yauzl'));
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    fromBuffer(
      buffer,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true },
      (error, zipfile) => (error ? reject(new AioError('zip-refused', describeYauzlError(error, label))) : resolve(zipfile)),
    );
  });
  try {
    if (zip.entryCount > ZIP_LIMITS.maxEntries) {
      refuse(`${label} holds ${zip.entryCount} entries; a config.zip holds two files (limit ${ZIP_LIMITS.maxEntries}). Refused.`);
    }
    const raw = await collectEntries(zip, label);
    return shapeContents(raw, label);
  } finally {
    zip.close();
  }
}

async function collectEntries(zip: yauzl.ZipFile, label: string): Promise<Array<{ name: string; bytes: Buffer; dir: boolean }>> {
  const out: Array<{ name: string; bytes: Buffer; dir: boolean }> = [];
  const seen = new Map<string, string>();
  let total = 0;
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      reject(error instanceof AioError ? error : new AioError('zip-refused', describeYauzlError(error as Error, label)));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(out));
    zip.on('entry', (entry: yauzl.Entry) => {
      void (async () => {
        const name = entry.fileName;
        const key = name.replace(/\\/g, '/').replace(/\/+$/, '').toLowerCase();
        const previous = seen.get(key);
        if (previous !== undefined) refuse(`${label} contains two entries with the same name ('${previous}' and '${name}'); refused.`);
        seen.set(key, name);
        if (entry.generalPurposeBitFlag & 0x1) refuse(`${label} is password-protected ('${name}'); export the files without a password.`);
        const madeBy = entry.versionMadeBy >> 8;
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if ((madeBy === 3 || madeBy === 19) && mode === 0o120000) refuse(`${label} contains a symbolic link ('${name}'); refused.`);
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          refuse(`${label} uses an unsupported compression method (${entry.compressionMethod}) for '${name}'; re-create it with a standard zip tool.`);
        }
        const dir = name.endsWith('/');
        if (dir) {
          out.push({ name, bytes: Buffer.alloc(0), dir });
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > ZIP_LIMITS.maxEntryBytes) {
          refuse(`${label}: entry '${name}' declares ${entry.uncompressedSize} bytes (limit ${ZIP_LIMITS.maxEntryBytes}); refused.`);
        }
        if (entry.uncompressedSize > 1024 && entry.uncompressedSize / Math.max(1, entry.compressedSize) > ZIP_LIMITS.maxRatio) {
          refuse(`${label}: entry '${name}' compresses ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1 (a zip bomb?); refused.`);
        }
        total += entry.uncompressedSize;
        if (total > ZIP_LIMITS.maxTotalBytes) refuse(`${label} inflates to more than ${ZIP_LIMITS.maxTotalBytes} bytes; refused.`);
        const stream = await new Promise<Readable>((res, rej) =>
          zip.openReadStream(entry, (error, s) => (error ? rej(new AioError('zip-refused', describeYauzlError(error, label))) : res(s))),
        );
        const bytes = await readStream(stream, ZIP_LIMITS.maxEntryBytes, name, label);
        if (crc32(bytes) >>> 0 !== entry.crc32 >>> 0) refuse(`${label}: entry '${name}' fails its checksum; the archive is damaged. Download it again.`);
        out.push({ name, bytes, dir });
        zip.readEntry();
      })().catch(fail);
    });
    zip.readEntry();
  });
}

function shapeContents(raw: Array<{ name: string; bytes: Buffer; dir: boolean }>, label: string): ConfigZipContents {
  const ignored: string[] = [];
  const files: Array<{ name: string; bytes: Buffer }> = [];
  for (const entry of raw) {
    if (isZipNoise(entry.name)) ignored.push(entry.name);
    else if (!entry.dir) files.push(entry);
  }
  const dirs = raw.filter((e) => e.dir && !isZipNoise(e.name)).map((e) => e.name.replace(/\/$/, ''));
  const depths = files.map((f) => f.name.split('/').length);
  let folder: string | undefined;
  if (depths.some((d) => d > 2)) refuse(`${label} has nested folders; a config.zip holds its files at the top level or in one folder.`);
  if (depths.some((d) => d === 2)) {
    const tops = new Set(files.map((f) => (f.name.includes('/') ? f.name.split('/')[0] : '')));
    if (tops.size > 1) refuse(`${label} spreads its files over several folders; a config.zip holds them at the top level or in one folder.`);
    folder = [...tops][0];
  }
  if (dirs.some((d) => d !== folder)) refuse(`${label} has unexpected folders (${dirs.filter((d) => d !== folder).join(', ')}); refused.`);
  if (files.length === 0) refuse(`${label} holds no files besides macOS noise; it is not a config.zip.`);
  const entries = files.map((f) => ({ name: folder ? f.name.slice(folder.length + 1) : f.name, bytes: f.bytes }));
  return folder === undefined ? { entries, ignored } : { entries, ignored, folder };
}
