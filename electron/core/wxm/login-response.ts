/**
 * Reads a LoginToken success body (wxm-api.md §2.1). Only `access_token` is
 * required; everything else is optional metadata because field sets vary
 * between WXM versions and we would rather show less than refuse a login.
 */
import { VaultError } from '../errors';

export interface LoginResult {
  accessToken: string;
  /** Epoch ms when WXM says the token expires. */
  expiresAt: number;
  /** Epoch ms when we logged in (by our clock), to size the early-refresh margin. */
  issuedAt: number;
  station: string | null;
  email: string | null;
  role: string | null;
  userName: string | null;
}

/**
 * Used only when the body has neither `expires_in` nor a parseable `.expires`.
 * WXM documents "max of 12 hours"; a shorter guess costs one extra login, a longer one a 401.
 */
export const FALLBACK_LIFETIME_MS = 60 * 60 * 1000;

function text(value: unknown, max = 200): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

/** `expires_in` is relative to our clock, `.expires` to the server's: take whichever ends first, so clock skew can only make us refresh early. */
export function expiryFrom(body: Record<string, unknown>, now: number): number {
  const candidates: number[] = [];
  const expiresIn = body['expires_in'];
  const seconds = typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' ? Number(expiresIn) : NaN;
  if (Number.isFinite(seconds) && seconds > 0) candidates.push(now + seconds * 1000);
  const expires = body['.expires'];
  if (typeof expires === 'string') {
    const at = Date.parse(expires);
    if (Number.isFinite(at)) candidates.push(at);
  }
  return candidates.length ? Math.min(...candidates) : now + FALLBACK_LIFETIME_MS;
}

export function parseLoginResponse(body: unknown, now: number): LoginResult {
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const token = record ? record['access_token'] : undefined;
  if (!record || typeof token !== 'string' || token.length === 0 || token.length > 16_384) {
    throw new VaultError(
      'server-error',
      'WXM answered the login without a token. Try again in a few minutes; if it keeps happening, check the account\'s base URL.',
    );
  }
  return {
    accessToken: token,
    expiresAt: expiryFrom(record, now),
    issuedAt: now,
    station: text(record['station'], 60),
    email: text(record['email'], 320),
    role: text(record['primaryRole'], 100),
    userName: text(record['userName'], 320),
  };
}
