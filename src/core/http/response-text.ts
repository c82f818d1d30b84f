// A response body as something to show: text (masked, optionally capped and pretty-printed) or, for bytes that
// are not text, a one-line summary. Shared by the CLI's output modes and the test reports.
import { redact } from '../log/redact';
import type { HttpResponse } from './types';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const BINARY_TYPE = /^(?:image|audio|video|font)\/|^application\/(?:octet-stream|pdf|zip|gzip|x-tar|x-7z-compressed|vnd\.ms-excel|vnd\.openxmlformats|msword|x-protobuf|protobuf|wasm)/i;

export function headerValue(headers: ReadonlyArray<[string, string]>, lowerName: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === lowerName)?.[1];
}

/** The body's text when it is text (by its type, and by decoding as UTF-8 without a NUL), else undefined. */
export function bodyText(response: Pick<HttpResponse, 'headers' | 'body'>): string | undefined {
  const type = headerValue(response.headers, 'content-type') ?? '';
  if (BINARY_TYPE.test(type.trim())) return undefined;
  try {
    const text = strictUtf8.decode(response.body);
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `‹binary body: 12.3 KB, image/png›`: what is shown instead of bytes that are not text. */
export function binarySummary(response: Pick<HttpResponse, 'headers' | 'body'>): string {
  const type = headerValue(response.headers, 'content-type')?.trim();
  return `‹binary body: ${formatBytes(response.body.byteLength)}${type ? `, ${type}` : ''}›`;
}

export interface ShownBody {
  /** Masked text, or the binary summary. */
  text: string;
  binary: boolean;
  /** Whether the text was cut at `max` characters. */
  truncated: boolean;
}

/**
 * The body for display: credentials masked (see redact), JSON re-indented when `pretty`, cut at `max` characters
 * with a note saying how much was left out.
 */
export function shownBody(response: Pick<HttpResponse, 'headers' | 'body'>, options: { max?: number; pretty?: boolean } = {}): ShownBody {
  const raw = bodyText(response);
  if (raw === undefined) return { text: binarySummary(response), binary: true, truncated: false };
  let text = raw;
  if (options.pretty && /json/i.test(headerValue(response.headers, 'content-type') ?? '')) {
    try {
      text = JSON.stringify(JSON.parse(raw), null, 2);
    } catch {
      // Not valid JSON after all: shown as it came.
    }
  }
  const max = options.max;
  if (max !== undefined && text.length > max) {
    return { text: `${redact(text.slice(0, max))}… (${formatBytes(response.body.byteLength)} in all, cut at ${max} characters)`, binary: false, truncated: true };
  }
  return { text: redact(text), binary: false, truncated: false };
}
