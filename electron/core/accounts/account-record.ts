/**
 * One account's metadata as kept in accounts.json. No secret ever lives here:
 * passwords and API keys are in the keychain, tokens in memory.
 */
import { ERROR_CODES, type AccountProblem, type AuthMode } from '../../common/ipc-contract';
import { boolean, integer, literal, object, string, type Schema } from '../../common/schema';
import { MAX_BASE_URL_LENGTH } from '../wxm/base-url';

export interface AccountRecord {
  id: string;
  label: string;
  username: string;
  baseUrl: string;
  station: string | null;
  email: string | null;
  role: string | null;
  authMode: AuthMode;
  /** Whether the keychain holds a password / API key for this account (kept here so listing never reads the keychain). */
  hasPassword: boolean;
  hasApiKey: boolean;
  /** The account needed a two-factor code at its last login, so it cannot be logged in silently. */
  twoFactor: boolean;
  lastLoginAt: number | null;
  createdAt: number;
  /** Set after an auth failure; while set, nothing logs in automatically. Persisted so a restart does not retry a locked account. */
  problem: AccountProblem | null;
}

export const secretKey = {
  password: (id: string) => `account:${id}:password`,
  apiKey: (id: string) => `account:${id}:apikey`,
  forMode: (id: string, mode: AuthMode) => (mode === 'apiKey' ? `account:${id}:apikey` : `account:${id}:password`),
};

function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return { describe: `${inner.describe} or null`, parse: (v, path = '') => (v === null ? null : inner.parse(v, path)) };
}

const epoch = integer(0, 8_640_000_000_000_000);

export const accountRecordSchema: Schema<AccountRecord> = object({
  id: string({ min: 36, max: 36, pattern: /^[0-9a-f-]{36}$/, patternText: 'an account id' }),
  label: string({ min: 1, max: 100 }),
  username: string({ min: 1, max: 320 }),
  baseUrl: string({ min: 8, max: MAX_BASE_URL_LENGTH, pattern: /^https?:\/\//, patternText: 'an http(s) URL' }),
  station: nullable(string({ max: 60 })),
  email: nullable(string({ max: 320 })),
  role: nullable(string({ max: 100 })),
  authMode: literal('password', 'apiKey'),
  hasPassword: boolean,
  hasApiKey: boolean,
  twoFactor: boolean,
  lastLoginAt: nullable(epoch),
  createdAt: epoch,
  problem: nullable(object({ code: literal(...ERROR_CODES), message: string({ min: 1, max: 500 }) })),
});
