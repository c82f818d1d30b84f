// Private key analysis with node:crypto. Messages name the file and the problem, never the key material.
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AioError } from '../errors';

export const MIN_RSA_BITS = 2048;

export type PrivateKeyFormat = 'pkcs8' | 'pkcs1' | 'encrypted-pkcs8' | 'encrypted-pkcs1';

export interface PrivateKeyAnalysis {
  format: PrivateKeyFormat;
  encrypted: boolean;
  /** Always `rsa`: anything else is refused. */
  type: 'rsa';
  bits: number;
  /** The key as PEM with real line breaks (what gets stored as the secret). */
  pem: string;
  keyObject: KeyObject;
  /** SHA-256 of the public key (SPKI DER), hex: identifies the key without revealing it. */
  publicKeyFingerprint: string;
}

/**
 * Repairs what copy-and-paste does to a PEM: literal `\n` sequences (from JSON or .env files),
 * surrounding quotes, CRLF and indentation.
 */
export function normalizePem(text: string): string {
  let out = text.trim();
  if ((out.startsWith('"') && out.endsWith('"')) || (out.startsWith("'") && out.endsWith("'"))) out = out.slice(1, -1);
  out = out.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
  out = out
    .split('\n')
    .map((line) => line.trim())
    .filter((line, i, all) => line !== '' || (i > 0 && /^(Proc-Type|DEK-Info):/.test(all[i - 1] ?? '')))
    .join('\n');
  return `${out}\n`;
}

/** Extracts the first PEM block whose label matches (callers refuse text with several private keys first), e.g. `PRIVATE KEY`, from text that may hold several. */
export function extractPemBlock(text: string, label: RegExp): string | undefined {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  for (const match of text.matchAll(re)) {
    if (label.test(match[1] ?? '')) return match[0];
  }
  return undefined;
}

export function looksLikePrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text);
}

function detectFormat(pem: string, label: string): PrivateKeyFormat {
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) return 'encrypted-pkcs8';
  if (pem.includes('-----BEGIN RSA PRIVATE KEY-----')) return /Proc-Type:\s*4,\s*ENCRYPTED/.test(pem) ? 'encrypted-pkcs1' : 'pkcs1';
  if (pem.includes('-----BEGIN PRIVATE KEY-----')) return 'pkcs8';
  const kind = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----/.exec(pem)?.[1]?.trim();
  if (kind) {
    throw new AioError('key-not-rsa', `${label} is a${/^[AEIOU]/.test(kind) ? 'n' : ''} ${kind} private key; Adobe IMS needs an RSA key (2048 bits or more).`);
  }
  throw new AioError('key-invalid', `${label} holds no PEM private key (expected '-----BEGIN PRIVATE KEY-----').`);
}

/**
 * Parses and checks a private key: PKCS#8 or PKCS#1, optionally encrypted (then `passphrase` is needed),
 * RSA of at least 2048 bits. Throws `AioError` with code `passphrase-needed`, `wrong-passphrase`,
 * `key-not-rsa`, `key-too-small` or `key-invalid`.
 */
export function analyzePrivateKey(input: string | Uint8Array, options: { passphrase?: string; label?: string } = {}): PrivateKeyAnalysis {
  const label = options.label ?? 'The private key';
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  // Reading the first of several keys would be a guess: which one the certificate belongs to is unknown here.
  const count = text.match(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/g)?.length ?? 0;
  if (count > 1) {
    throw new AioError('key-ambiguous', `${label} holds ${count} private keys; give a file with exactly one (the private.key from the same config.zip as the certificate).`);
  }
  const block = extractPemBlock(normalizePem(text), /PRIVATE KEY$/);
  const pem = normalizePem(block ?? text);
  const format = detectFormat(pem, label);
  const encrypted = format.startsWith('encrypted-');
  if (encrypted && !options.passphrase) {
    throw new AioError('passphrase-needed', `${label} is encrypted: a passphrase is needed.`);
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(encrypted ? { key: pem, format: 'pem', passphrase: options.passphrase } : { key: pem, format: 'pem' });
  } catch (error) {
    if (encrypted) throw new AioError('wrong-passphrase', `${label}: wrong passphrase.`);
    const code = (error as { code?: string }).code ?? 'parse error';
    throw new AioError('key-invalid', `${label} could not be read as a private key (${code}); export it again as PEM.`);
  }
  if (keyObject.asymmetricKeyType !== 'rsa') {
    throw new AioError('key-not-rsa', `${label} is an ${keyObject.asymmetricKeyType?.toUpperCase() ?? 'unknown'} key; Adobe IMS needs an RSA key (2048 bits or more).`);
  }
  const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new AioError('key-too-small', `${label} is an RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are needed. Generate a new key pair in the Developer Console.`);
  }
  const spki = createPublicKey(keyObject).export({ type: 'spki', format: 'der' });
  return {
    format,
    encrypted,
    type: 'rsa',
    bits,
    pem,
    keyObject,
    publicKeyFingerprint: createHash('sha256').update(spki).digest('hex'),
  };
}

/** The KeyObject for a stored key (and passphrase), for signing. Throws like `analyzePrivateKey`. */
export function loadPrivateKey(pem: string, passphrase?: string): KeyObject {
  return analyzePrivateKey(pem, passphrase === undefined ? {} : { passphrase }).keyObject;
}
