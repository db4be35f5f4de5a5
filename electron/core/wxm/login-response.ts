/**
 * Reads a LoginToken success body (wxm-api.md §2.1). Only `access_token` is
 * required; everything else is optional metadata because field sets vary
 * between WXM versions and we would rather show less than refuse a login.
 */
import { FIELD_RULES } from '../../common/field-rules';

export interface LoginResult {
  accessToken: string;
  /** Epoch ms, on our clock, when the token expires: when we got it plus the lifetime WXM gave it. */
  expiresAt: number;
  /** Epoch ms when we logged in (by our clock), to size the early-refresh margin. */
  issuedAt: number;
  station: string | null;
  email: string | null;
  role: string | null;
}

/**
 * Used only when the body has neither `expires_in` nor a usable `.issued`/`.expires` pair.
 * WXM documents "max of 12 hours"; a shorter guess costs one extra login, a longer one a 401.
 */
export const FALLBACK_LIFETIME_MS = 60 * 60 * 1000;

/** Longer than WXM ever issues (12 h): a bigger claim is a server bug, and trusting it would hand out a dead token for days. */
export const MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;

function text(value: unknown, max = 200): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC1123 = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/**
 * Epoch ms of an RFC 1123 date ("Wed, 15 Jan 2025 09:00:00 GMT", what WXM
 * sends in `.issued` / `.expires`), or null. Strict on purpose: `Date.parse`
 * guesses at almost anything, and a wrong guess becomes a wrong lifetime.
 */
export function parseRfc1123(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = RFC1123.exec(value);
  if (!m) return null;
  const [, day, dd, mon, yyyy, hh, mi, ss] = m;
  const at = Date.UTC(Number(yyyy), MONTHS.indexOf(mon!), Number(dd), Number(hh), Number(mi), Number(ss));
  const d = new Date(at);
  // Rejects 31 Feb, 25:00 and the like (Date.UTC rolls them over) and a weekday that does not match the date.
  const exact =
    d.getUTCDate() === Number(dd) &&
    d.getUTCHours() === Number(hh) &&
    d.getUTCMinutes() === Number(mi) &&
    d.getUTCSeconds() === Number(ss) &&
    DAYS[d.getUTCDay()] === day;
  return exact ? at : null;
}

/**
 * The token's lifetime in ms, from the server's own numbers only, so a local
 * clock that is off (even by days) cannot make a new token look expired:
 * `expires_in`, and `.expires − .issued` (both on WXM's clock). The shorter
 * wins, capped at MAX_LIFETIME_MS.
 */
export function lifetimeFrom(body: Record<string, unknown>): number {
  const candidates: number[] = [];
  const expiresIn = body['expires_in'];
  const seconds =
    typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' && /^\d+(\.\d+)?$/.test(expiresIn) ? Number(expiresIn) : NaN;
  if (Number.isFinite(seconds) && seconds > 0) candidates.push(seconds * 1000);
  const issued = parseRfc1123(body['.issued']);
  const expires = parseRfc1123(body['.expires']);
  if (issued !== null && expires !== null && expires > issued) candidates.push(expires - issued);
  return Math.min(candidates.length ? Math.min(...candidates) : FALLBACK_LIFETIME_MS, MAX_LIFETIME_MS);
}

/** Epoch ms, on our clock, when the token expires: our `now` plus the lifetime WXM gave it. */
export function expiryFrom(body: Record<string, unknown>, now: number): number {
  return now + lifetimeFrom(body);
}

/** The login from a success body, or null when it carries no usable token: then the body is not WXM's, which the caller says with the host. */
export function parseLoginResponse(body: unknown, now: number): LoginResult | null {
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const token = record ? record['access_token'] : undefined;
  if (!record || typeof token !== 'string' || token.length === 0 || token.length > 16_384) return null;
  return {
    accessToken: token,
    expiresAt: expiryFrom(record, now),
    issuedAt: now,
    station: text(record['station'], FIELD_RULES.station.max),
    email: text(record['email'], FIELD_RULES.email.max),
    role: text(record['primaryRole'], FIELD_RULES.role.max),
  };
}
