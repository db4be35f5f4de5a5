/**
 * Pure rules over account records, shared by adding, editing, importing and
 * logging in: when two records are the same WXM account, what a successful
 * login changes on a record, and what the account's secret is called to the user.
 */
import type { AuthMode } from '../../common/ipc-contract';
import { VaultError } from '../errors';
import type { LoginResult } from '../wxm/login-response';
import type { AccountRecord } from './account-record';

/** WXM user names are case-insensitive e-mail-like names; a base URL is already normalised. */
export function identity(username: string, baseUrl: string): string {
  return `${username.trim().toLowerCase()} ${baseUrl.toLowerCase()}`;
}

/** Refuses a second account for the same user name at the same base URL (`exceptId`: the account being edited). */
export function refuseDuplicate(records: Iterable<AccountRecord>, username: string, baseUrl: string, exceptId: string | null): void {
  const who = identity(username, baseUrl);
  for (const r of records) {
    if (r.id !== exceptId && identity(r.username, r.baseUrl) === who) {
      throw new VaultError('bad-request', `${username} at ${baseUrl} is already in the vault as "${r.label}". Edit that account instead.`);
    }
  }
}

/** `usedOtp`: whether this successful login needed a two-factor code; one without a code clears the flag. */
export function withLogin(record: AccountRecord, result: LoginResult, now: number, usedOtp: boolean): AccountRecord {
  return {
    ...record,
    twoFactor: usedOtp,
    station: result.station ?? record.station,
    email: result.email ?? record.email,
    role: result.role ?? record.role,
    lastLoginAt: now,
    problem: null,
  };
}

export function secretName(mode: AuthMode): string {
  return mode === 'apiKey' ? 'API key' : 'password';
}
