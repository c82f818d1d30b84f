import type { AccessToken } from './types';
import { decodeJwtPayload, toPositiveNumber } from './token-expiry';

// What the views show about a token: a one-line status and the decoded claims, never the token itself.

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** "in 23 h", "in 45 min", "in 30 s". */
export function formatRemaining(ms: number): string {
  if (ms >= 2 * 3600_000) return `in ${Math.floor(ms / 3600_000)} h`;
  if (ms >= 3600_000) return `in 1 h ${Math.floor((ms % 3600_000) / 60_000)} min`;
  if (ms >= 60_000) return `in ${Math.floor(ms / 60_000)} min`;
  return `in ${Math.max(1, Math.floor(ms / 1000))} s`;
}

/** Local wall-clock time, with the date whenever it is not today's (a bare "13:18" tomorrow reads as already past). */
export function formatLocalTime(at: number, now: number): string {
  const d = new Date(at);
  const today = new Date(now);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`;
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? time : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`;
}

export interface TokenStatus {
  state: 'valid' | 'expired' | 'none';
  /** "valid until 14:32 (in 23 h)", "expired", "no token". */
  label: string;
  /** When the label next changes (epoch ms), so a view can update itself; undefined when it never will. */
  nextChangeAt?: number;
}

export function describeTokenStatus(token: Pick<AccessToken, 'expiresAt'> | undefined, now: number): TokenStatus {
  if (!token || !Number.isFinite(token.expiresAt)) return { state: 'none', label: 'no token' };
  const remaining = token.expiresAt - now;
  if (remaining <= 0) return { state: 'expired', label: 'expired' };
  const step = remaining > 2 * 3600_000 ? 60_000 : remaining > 60_000 ? 30_000 : 1000;
  return {
    state: 'valid',
    label: `valid until ${formatLocalTime(token.expiresAt, now)} (${formatRemaining(remaining)})`,
    nextChangeAt: Math.min(token.expiresAt, now + step),
  };
}

export interface TokenDetails {
  client?: string;
  user?: string;
  scopes: string[];
  tokenType: string;
  created: string;
  expires: string;
  /** Every claim of the payload: without the signature they cannot be used as a token. */
  claims: Record<string, unknown>;
}

/** The decoded claims of an access token, for "Show Token Details"; the signature is never included. */
export function tokenDetails(token: AccessToken): TokenDetails {
  const payload = decodeJwtPayload(token.accessToken) ?? {};
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  const created = toPositiveNumber(payload.created_at) ?? token.createdAt;
  return {
    client: typeof payload.client_id === 'string' ? payload.client_id : undefined,
    user: typeof payload.user_id === 'string' ? payload.user_id : undefined,
    scopes: scope ? scope.split(',').map((s) => s.trim()).filter(Boolean) : [],
    tokenType: token.tokenType,
    created: new Date(created).toISOString(),
    expires: new Date(token.expiresAt).toISOString(),
    claims: payload,
  };
}
