// Test-only generators for credential fixtures: RSA/EC keys in every format the import accepts or refuses,
// self-signed X.509 certificates (node:crypto cannot create them, @peculiar/x509 can) and real zip bytes,
// including hostile archives. Nothing here is committed as data: every test makes its own.
import 'reflect-metadata';
import { generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type KeyFormat = 'pkcs8' | 'pkcs1' | 'encrypted-pkcs8' | 'encrypted-pkcs1';

export interface KeyPairOptions {
  /** RSA modulus length; default 2048. */
  bits?: number;
  /** PEM layout of `privateKeyPem`; default `pkcs8`. EC keys only support `pkcs8` and `encrypted-pkcs8`. */
  format?: KeyFormat;
  /** Required for the encrypted formats. */
  passphrase?: string;
  /** `ec` makes a P-256 key (for the "not RSA" cases); default `rsa`. */
  type?: 'rsa' | 'ec';
}

export interface KeyPairFixture {
  type: 'rsa' | 'ec';
  bits: number;
  format: KeyFormat;
  passphrase?: string;
  /** The private key as the user would have it on disk. */
  privateKeyPem: string;
  /** The same key, unencrypted PKCS#8 PEM (handy for assertions that the key body never leaks). */
  pkcs8Pem: string;
  publicKeyPem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateKeyPair(options: KeyPairOptions = {}): KeyPairFixture {
  const type = options.type ?? 'rsa';
  const bits = options.bits ?? 2048;
  const format = options.format ?? 'pkcs8';
  const { privateKey, publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: bits })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const encrypted = format.startsWith('encrypted-');
  if (encrypted && !options.passphrase) throw new Error(`generateKeyPair: format ${format} needs a passphrase`);
  const pemType = format.endsWith('pkcs1') ? 'pkcs1' : 'pkcs8';
  if (type === 'ec' && pemType === 'pkcs1') throw new Error('generateKeyPair: EC keys have no PKCS#1 form');
  const privateKeyPem = String(
    encrypted
      ? privateKey.export({ type: pemType, format: 'pem', cipher: 'aes-256-cbc', passphrase: options.passphrase })
      : privateKey.export({ type: pemType, format: 'pem' }),
  );
  return {
    type,
    bits: type === 'rsa' ? bits : 256,
    format,
    passphrase: options.passphrase,
    privateKeyPem,
    pkcs8Pem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
    privateKey,
    publicKey,
  };
}

export interface CertificateOptions {
  notBefore?: Date;
  notAfter?: Date;
  /** Distinguished name, e.g. `CN=aio-test, O=Example`; default `CN=aio-requests test`. */
  subject?: string;
}

export interface CertificateFixture {
  pem: string;
  der: Buffer;
}

const DAY = 24 * 60 * 60 * 1000;

/** A self-signed X.509 certificate for the key (SHA-256 signature), by default valid from yesterday for a year. */
export async function generateCertificate(key: KeyPairFixture, options: CertificateOptions = {}): Promise<CertificateFixture> {
  const algorithm =
    key.type === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const der = key.privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = key.publicKey.export({ type: 'spki', format: 'der' });
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  const publicKey = await webcrypto.subtle.importKey('spki', spki, algorithm, true, ['verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
    name: options.subject ?? 'CN=aio-requests test',
    notBefore: options.notBefore ?? new Date(now - DAY),
    notAfter: options.notAfter ?? new Date(now + 365 * DAY),
    signingAlgorithm: algorithm,
    keys: { privateKey, publicKey },
  });
  return { pem: cert.toString('pem'), der: Buffer.from(cert.rawData) };
}

/** Key + matching certificate, as the Developer Console's config.zip holds them. */
export async function generateCredentialPair(
  keyOptions: KeyPairOptions = {},
  certOptions: CertificateOptions = {},
): Promise<{ key: KeyPairFixture; cert: CertificateFixture }> {
  const key = generateKeyPair(keyOptions);
  return { key, cert: await generateCertificate(key, certOptions) };
}

// ---------------------------------------------------------------------------------------------------------
// Zip writer

export interface ZipEntry {
  /** Entry name as stored (may be hostile: `../x`, `/abs`, `C:/x`, `a\\b`). */
  name: string;
  data?: string | Buffer;
  /** 0 store, 8 deflate (default); any other number is written as-is with stored bytes (unsupported method). */
  method?: number;
  /** Sets the "encrypted" general-purpose flag (bit 0); the data is not really encrypted. */
  encrypted?: boolean;
  /** Lie about the uncompressed size (e.g. a bomb declaring 2 KB). */
  declaredSize?: number;
  /** Raw external attributes; `symlink: true` sets the Unix S_IFLNK mode. */
  externalAttributes?: number;
  symlink?: boolean;
  /** A directory entry (name should end in `/`). */
  directory?: boolean;
}

export interface ZipOptions {
  /** Cut the archive to this many bytes (a truncated download). */
  truncateTo?: number;
  /** Flip a byte at this offset (corruption). */
  corruptAt?: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Writes a real (non-zip64) zip archive in memory. */
export function makeZip(entries: ZipEntry[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '', 'utf8');
    const method = entry.directory ? 0 : (entry.method ?? 8);
    const stored = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(raw);
    const size = entry.declaredSize ?? raw.length;
    // Bit 11: names are UTF-8.
    const flags = 0x0800 | (entry.encrypted ? 0x0001 : 0);
    const unixMode = entry.symlink ? 0o120777 : entry.directory ? 0o040755 : 0o100644;
    const external = entry.externalAttributes ?? ((unixMode << 16) >>> 0) | (entry.directory ? 0x10 : 0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, stored);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    // Made by Unix (3), spec 2.0, so that external attributes carry a Unix mode.
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(external >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + stored.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  let zip = Buffer.concat([...locals, centralDir, end]);
  if (options.corruptAt !== undefined) {
    zip = Buffer.from(zip);
    zip[options.corruptAt] = zip[options.corruptAt]! ^ 0xff;
  }
  if (options.truncateTo !== undefined) zip = zip.subarray(0, options.truncateTo);
  return zip;
}

/** A config.zip as the Developer Console makes it: `certificate_pub.crt` + `private.key`. */
export function makeConfigZip(
  pair: { key: KeyPairFixture; cert: CertificateFixture },
  options: { folder?: string; macNoise?: boolean } = {},
): Buffer {
  const prefix = options.folder ? `${options.folder.replace(/\/$/, '')}/` : '';
  const entries: ZipEntry[] = [];
  if (prefix) entries.push({ name: prefix, directory: true });
  entries.push({ name: `${prefix}certificate_pub.crt`, data: pair.cert.pem }, { name: `${prefix}private.key`, data: pair.key.privateKeyPem });
  if (options.macNoise) {
    entries.push(
      { name: '__MACOSX/', directory: true },
      { name: `__MACOSX/${prefix}._private.key`, data: Buffer.alloc(120, 1) },
      { name: `${prefix}.DS_Store`, data: Buffer.alloc(64, 2) },
    );
  }
  return makeZip(entries);
}

// ---------------------------------------------------------------------------------------------------------
// Workspace JSON

export interface WorkspaceJsonOptions {
  orgId?: string;
  /** Which credentials to include; default both a JWT and an OAuth S2S one. */
  credentials?: Array<'service' | 'oauth_server_to_server' | 'oauth_server_to_server_migrate'>;
  jwtClientSecret?: string;
  oauthClientSecret?: string;
}

/** A workspace JSON shaped like the Developer Console's "Download JSON" (fake values). */
export function makeWorkspaceJson(options: WorkspaceJsonOptions = {}): Record<string, unknown> {
  const jwt = {
    client_id: 'a64f5f10849a410a97ffdac8ae1c0d2e',
    client_secret: options.jwtClientSecret ?? 'p8e-FAKE-jwt-secret-0001',
    technical_account_email: '3f2a9c1e-7b44@techacct.adobe.com',
    technical_account_id: '6657031C5C095BB40A495C83@techacct.adobe.com',
    meta_scopes: ['ent_dataservices_sdk', 'ent_campaign_sdk'],
  };
  const s2s = {
    client_id: 'e053e1a87cf74c68a6ec8e71d4a82662',
    client_secrets: [options.oauthClientSecret ?? 'p8e-FAKE-s2s-secret-0002'],
    technical_account_email: '8d1c2b3a@techacct.adobe.com',
    technical_account_id: '309F2A46640B0B300A495C83@techacct.adobe.com',
    scopes: ['openid', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext'],
  };
  const kinds = options.credentials ?? ['service', 'oauth_server_to_server'];
  const credentials = kinds.map((kind, i) => {
    if (kind === 'service') return { id: `43608${i}`, name: 'JWT Service Account', integration_type: 'service', jwt };
    if (kind === 'oauth_server_to_server')
      return { id: `43608${i}`, name: 'OAuth S2S', integration_type: kind, oauth_server_to_server: s2s };
    return { id: `43608${i}`, name: 'Migrating', integration_type: kind, jwt, oauth_server_to_server: s2s };
  });
  return {
    project: {
      id: '4566206088344859311',
      name: 'JourneyOps',
      title: 'Journey Ops',
      org: { id: '374378', name: 'Example Corp', ims_org_id: options.orgId ?? '0A1B2C3D4E5F60718293A4B5@AdobeOrg' },
      workspace: {
        id: '4566206088344958295',
        name: 'Production',
        title: 'Production',
        details: { credentials, services: [{ code: 'ExperiencePlatformAPI', name: 'Experience Platform API' }] },
      },
    },
  };
}
