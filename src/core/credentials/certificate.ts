// Certificate analysis with node:crypto: parse (PEM or DER), validity against the clock, key match.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { AioError } from '../errors';
import type { Clock } from '../ports';
import { systemClock } from '../ports';
import type { CertificateSummary } from './profile';
import { extractPemBlock } from './private-key';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Adobe warns 30 days before a Console certificate expires; so do we. */
export const CERTIFICATE_WARNING_DAYS = 30;

export interface CertificateAnalysis {
  summary: CertificateSummary;
  encoding: 'pem' | 'der';
  /** Whole days until expiry (negative once expired). */
  daysLeft: number;
  /** Set when the certificate expires within 30 days or is not valid yet. */
  warning?: string;
  x509: X509Certificate;
}

export function looksLikeCertificate(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return head.includes('-----BEGIN CERTIFICATE-----') || (bytes[0] === 0x30 && (bytes[1] ?? 0) >= 0x80);
}

function isoDate(iso: string): string {
  return iso.slice(0, 10);
}

/** Certificate status for display: days left and severity, from a stored summary. */
export function certificateStatus(summary: CertificateSummary, clock: Clock = systemClock): { daysLeft: number; state: 'ok' | 'expiring' | 'expired' } {
  const daysLeft = Math.floor((Date.parse(summary.validTo) - clock.now()) / DAY_MS);
  const state = Date.parse(summary.validTo) <= clock.now() ? 'expired' : daysLeft < CERTIFICATE_WARNING_DAYS ? 'expiring' : 'ok';
  return { daysLeft, state };
}

/**
 * Parses an X.509 certificate (PEM or DER) and checks its validity period. Throws `AioError` with code
 * `certificate-invalid` or `certificate-expired`; a certificate expiring within 30 days is accepted with a
 * warning naming the date.
 */
export function analyzeCertificate(input: Uint8Array | string, options: { clock?: Clock; label?: string } = {}): CertificateAnalysis {
  const label = options.label ?? 'The certificate';
  const clock = options.clock ?? systemClock;
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  const text = bytes.toString('latin1');
  const block = extractPemBlock(text.replace(/\\n/g, '\n'), /^CERTIFICATE$/);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(block ?? bytes);
  } catch {
    throw new AioError('certificate-invalid', `${label} is not an X.509 certificate (PEM or DER).`);
  }
  const validFrom = new Date(Date.parse(x509.validFrom)).toISOString();
  const validTo = new Date(Date.parse(x509.validTo)).toISOString();
  const summary: CertificateSummary = {
    subject: x509.subject.split('\n').filter(Boolean).join(', '),
    validFrom,
    validTo,
    fingerprint256: x509.fingerprint256,
  };
  const now = clock.now();
  const { daysLeft } = certificateStatus(summary, clock);
  if (Date.parse(validTo) <= now) {
    throw new AioError(
      'certificate-expired',
      `${label} expired on ${isoDate(validTo)}. Generate a new key pair in the Developer Console (Service Account credential → Generate keypair) and import the new config.zip.`,
    );
  }
  let warning: string | undefined;
  if (Date.parse(validFrom) > now) {
    warning = `${label} is not valid before ${isoDate(validFrom)}; tokens will be refused until then.`;
  } else if (daysLeft < CERTIFICATE_WARNING_DAYS) {
    warning = `${label} expires on ${isoDate(validTo)} (in ${daysLeft} day${daysLeft === 1 ? '' : 's'}); generate a new key pair in the Developer Console soon.`;
  }
  const analysis: CertificateAnalysis = { summary, encoding: block ? 'pem' : 'der', daysLeft, x509 };
  if (warning) analysis.warning = warning;
  return analysis;
}

/** Whether the certificate was issued for this private key. */
export function certificateMatchesKey(certificate: CertificateAnalysis, key: KeyObject): boolean {
  try {
    return certificate.x509.checkPrivateKey(key);
  } catch {
    return false;
  }
}
