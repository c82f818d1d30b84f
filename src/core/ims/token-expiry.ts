import type { AccessToken } from './types';

// Lifetimes of IMS access tokens, made safe: whatever IMS sends, the result is a finite expiry that is never
// later than what either the HTTP answer or the token itself says.

/** Adobe's tokens live 24 h; anything beyond two weeks is a unit mix-up or garbage, not a lifetime. */
export const MAX_LIFETIME_MS = 14 * 24 * 3600 * 1000;
/** When neither the answer nor the token gives a usable lifetime, use the token briefly, then mint anew. */
export const FALLBACK_LIFETIME_MS = 60 * 1000;
/** aio-lib-ims reuses a token only while it has more than 10 minutes left. */
export const REFRESH_MARGIN_MS = 10 * 60 * 1000;

export type LifetimeUnit = 'ms' | 's';

/** A positive, finite number from a number or a numeric string; undefined for anything else. */
export function toPositiveNumber(value: unknown): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
  else return undefined;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The payload of a JWT-shaped token, without verifying it; undefined when it does not decode. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface ResolvedLifetime {
  createdAt: number;
  expiresAt: number;
  /** Where the expiry came from, for the log (never the token). */
  source: 'response' | 'token' | 'both' | 'fallback';
}

/**
 * Works out when a freshly minted token expires from the answer's `expires_in` (in `unit`) and the token's
 * own `created_at` + `expires_in` (milliseconds). The earlier of the usable values wins, so a wrong clock or
 * a unit mix-up can shorten a token's use but never extend it.
 */
export function resolveLifetime(accessToken: string, responseExpiresIn: unknown, unit: LifetimeUnit, now: number): ResolvedLifetime {
  const fromResponse = toPositiveNumber(responseExpiresIn);
  const responseMs = fromResponse === undefined ? undefined : unit === 's' ? fromResponse * 1000 : fromResponse;
  const responseExpiry = responseMs !== undefined && responseMs <= MAX_LIFETIME_MS ? now + responseMs : undefined;

  const payload = decodeJwtPayload(accessToken);
  const created = toPositiveNumber(payload?.created_at);
  const lifetime = toPositiveNumber(payload?.expires_in);
  const tokenExpiry =
    created !== undefined && lifetime !== undefined && lifetime <= MAX_LIFETIME_MS && created + lifetime <= now + MAX_LIFETIME_MS
      ? created + lifetime
      : undefined;
  // The token's own creation time is IMS's clock; it only replaces ours when it is plausible.
  const createdAt = created !== undefined && Math.abs(created - now) <= MAX_LIFETIME_MS ? Math.min(created, now) : now;

  if (responseExpiry !== undefined && tokenExpiry !== undefined) {
    return { createdAt, expiresAt: Math.min(responseExpiry, tokenExpiry), source: 'both' };
  }
  if (responseExpiry !== undefined) return { createdAt, expiresAt: responseExpiry, source: 'response' };
  if (tokenExpiry !== undefined) return { createdAt, expiresAt: tokenExpiry, source: 'token' };
  return { createdAt: now, expiresAt: now + FALLBACK_LIFETIME_MS, source: 'fallback' };
}

/** When to stop using a token: 10 minutes before expiry, or at 90 % of a lifetime shorter than 100 minutes. */
export function refreshAt(token: Pick<AccessToken, 'createdAt' | 'expiresAt'>): number {
  const lifetime = Math.max(0, token.expiresAt - token.createdAt);
  return token.expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime * 0.1);
}

/** True while the token may still be handed out without refreshing. */
export function isFresh(token: Pick<AccessToken, 'createdAt' | 'expiresAt'>, now: number): boolean {
  return Number.isFinite(token.expiresAt) && now < refreshAt(token);
}

/** True while the token has not expired (with a little slack for the request still to be sent). */
export function isAlive(token: Pick<AccessToken, 'expiresAt'>, now: number, slackMs = 30_000): boolean {
  return Number.isFinite(token.expiresAt) && now < token.expiresAt - slackMs;
}
