/**
 * One account's metadata as kept in accounts.json. No secret ever lives here:
 * passwords, API keys and shared tokens are in the keychain, tokens also in memory.
 */
import { createHash } from 'node:crypto';
import { AUTH_MODES, FIELD_RULES } from '../../common/field-rules';
import { ERROR_CODES, type AccountProblem, type AuthMode } from '../../common/ipc-contract';
import { boolean, integer, literal, nullable, object, SchemaError, string, type Schema } from '../../common/schema';
import { isNormalBaseUrl } from '../wxm/base-url';

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
  /** The digest of the user name and base URL the account's secrets were verified with (see `secretBinding`). */
  binding: (id: string) => `account:${id}:binding`,
  /** The token shared with the command line: token, expiry and the binding it was issued under (see shared-tokens.ts). */
  token: (id: string) => `account:${id}:token`,
  forMode: (id: string, mode: AuthMode) => (mode === 'apiKey' ? `account:${id}:apikey` : `account:${id}:password`),
};

/**
 * Ties an account's stored password / API key to the user name and base URL
 * they were verified with. accounts.json is a plain file any process of the
 * user can edit; the keychain entry holding this digest is not (on macOS it
 * sits under the same ACL as the secret). Before the stored secret is sent
 * anywhere, the digest of the record must equal the stored one, so a base URL
 * or user name changed outside WXM Vault never receives it. Not a secret: a
 * plain SHA-256 of the lower-cased user name and the (already normalised)
 * base URL exactly as stored, so any other change is a mismatch.
 */
export function secretBinding(username: string, baseUrl: string): string {
  return createHash('sha256')
    .update(JSON.stringify([username.toLowerCase(), baseUrl]), 'utf8')
    .digest('hex');
}

const epoch = integer(0, 8_640_000_000_000_000);

/**
 * accounts.json is a plain file: a base URL in it is checked as strictly as one typed into the app (https, or http only
 * to this machine; no path, query, credentials), so a record pointing anywhere else is set aside instead of contacted.
 */
const baseUrlSchema: Schema<string> = {
  describe: 'a WXM base URL (https://host, or http:// only to this machine)',
  parse(value, path = '') {
    const text = string({ min: FIELD_RULES.baseUrl.min, max: FIELD_RULES.baseUrl.max }).parse(value, path);
    if (!isNormalBaseUrl(text)) throw new SchemaError(path, this.describe);
    return text;
  },
};

export const accountRecordSchema: Schema<AccountRecord> = object({
  // The contract's rule: an id no request could name is an entry nothing could reach, so it is set aside instead.
  id: string(FIELD_RULES.accountId),
  label: string(FIELD_RULES.label),
  username: string(FIELD_RULES.username),
  baseUrl: baseUrlSchema,
  station: nullable(string(FIELD_RULES.station)),
  email: nullable(string(FIELD_RULES.email)),
  role: nullable(string(FIELD_RULES.role)),
  authMode: literal(...AUTH_MODES),
  hasPassword: boolean,
  hasApiKey: boolean,
  twoFactor: boolean,
  lastLoginAt: nullable(epoch),
  createdAt: epoch,
  problem: nullable(object({ code: literal(...ERROR_CODES), message: string({ min: 1, max: 500 }) })),
});
