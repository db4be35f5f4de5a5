/**
 * Maps WXM answers onto the contract's small error taxonomy. Every message
 * names the account (by user name, never a secret) and the next step. WXM's
 * own error text is only used to classify, never copied into a message: a
 * server that echoes its input could otherwise put a secret on screen.
 */
import type { AuthMode } from '../../common/ipc-contract';
import { VaultError } from '../errors';

/** A VaultError that also keeps the HTTP status, so the token layer can tell a 401 from a 403. */
export class WxmHttpError extends VaultError {
  constructor(
    code: ConstructorParameters<typeof VaultError>[0],
    message: string,
    readonly status: number,
  ) {
    super(code, message);
    this.name = 'WxmHttpError';
  }
}

export interface WxmErrorBody {
  error: string | null;
  description: string | null;
  message: string | null;
}

export function readErrorBody(body: unknown): WxmErrorBody {
  const r = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : null);
  return { error: str(r['error']), description: str(r['error_description']), message: str(r['message']) };
}

function retryAfterText(retryAfter: string | null): string {
  const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? `Wait ${Math.ceil(seconds)} s` : 'Wait a minute';
}

export function rateLimited(who: string, retryAfter: string | null): VaultError {
  return new WxmHttpError(
    'rate-limited',
    `WXM is limiting requests for ${who} (too many requests). ${retryAfterText(retryAfter)}, then try again; WXM Vault does not retry on its own.`,
    429,
  );
}

export function serverError(who: string, status: number): VaultError {
  return new WxmHttpError(
    'server-error',
    `WXM had a problem answering for ${who} (HTTP ${status}). Try again in a few minutes; if it keeps happening, check the WXM status page.`,
    status,
  );
}

function unexpected(who: string, status: number): VaultError {
  return new WxmHttpError(
    'server-error',
    `The server did not answer like WXM for ${who} (HTTP ${status}). Check the account's base URL, then try again.`,
    status,
  );
}

/** A failed POST /api/LoginToken. WXM's wrong-password status is undocumented (400 invalid_grant or 401), so both map here. */
export function loginFailure(status: number, body: unknown, who: string, mode: AuthMode, retryAfter: string | null = null): VaultError {
  const { error, description } = readErrorBody(body);
  if (error === 'two_factor') {
    const invalid = /invalid/i.test(description ?? '');
    return new WxmHttpError(
      'two-factor-required',
      invalid
        ? `WXM rejected the two-factor code for ${who}. Log in again with the newest code WXM sent to your email or phone.`
        : `WXM asks for a two-factor code for ${who}. Log in with the code WXM sent to your email or phone.`,
      status,
    );
  }
  if (/locked/i.test(description ?? '') || /locked/i.test(error ?? '')) {
    return new WxmHttpError(
      'account-locked',
      `WXM has locked the account ${who}. Contact your WXM administrator (or reset the password in WXM); WXM Vault will not retry.`,
      status,
    );
  }
  if (status === 429) return rateLimited(who, retryAfter);
  if (status >= 500) return serverError(who, status);
  if (status === 400 || status === 401) {
    return new WxmHttpError(
      'invalid-credentials',
      mode === 'apiKey'
        ? `WXM rejected the API key for ${who}. Edit the account and enter a current API key (or switch it back to password login).`
        : `WXM rejected the password for ${who}. Edit the account and enter the current password.`,
      status,
    );
  }
  return unexpected(who, status);
}

/** A failed authenticated call (Bearer). */
export function apiFailure(status: number, who: string, what: string, retryAfter: string | null = null): VaultError {
  if (status === 401) {
    return new WxmHttpError(
      'token-rejected',
      `WXM rejected the token for ${who}. Log in to the account again; if it keeps happening, ask your WXM administrator whether the account is still active.`,
      401,
    );
  }
  if (status === 403) {
    return new WxmHttpError('token-rejected', `WXM does not allow ${who} to ${what} (HTTP 403). Ask your WXM administrator for the right role.`, 403);
  }
  if (status === 404) return new WxmHttpError('not-found', `WXM found nothing when asked to ${what} for ${who}. Check the account's base URL.`, 404);
  if (status === 429) return rateLimited(who, retryAfter);
  if (status >= 500) return serverError(who, status);
  return unexpected(who, status);
}
