/**
 * Tokens shared between the app and the `wxm-vault` command line through the
 * keychain, so neither logs in again on every use: one entry per account,
 * `account:<id>:token`, holding the token, when it was issued and expires, and
 * the binding digest (`secretBinding`) of the user name and base URL it was
 * issued for. A token is only handed out for an account whose user name and
 * base URL still give that digest, so an accounts.json changed outside WXM
 * Vault never sends it anywhere else.
 *
 * The store given is the passphrase layer: with a vault passphrase set, every
 * entry is sealed under the vault key like a password. Lock deletes them all
 * (`forgetAll`); the `shareTokens` setting turns reading and writing off.
 */
import type { Logger } from '../logger';
import type { SecretStore } from '../keychain/secrets';
import { VaultError } from '../errors';
import type { LoginResult } from '../wxm/login-response';
import { secretBinding, secretKey, type AccountRecord } from './account-record';
import { refreshMargin } from './token-cache';

/** What an account's shared entry says, without the token: for listing. */
export interface SharedTokenInfo {
  issuedAt: number;
  expiresAt: number;
}

export interface SharedToken extends SharedTokenInfo {
  token: string;
}

export interface SharedTokensOptions {
  logger: Logger;
  now: () => number;
  /** The `shareTokens` setting, read on every use so turning it off applies at once. */
  enabled: () => boolean;
}

type Owner = Pick<AccountRecord, 'id' | 'username' | 'baseUrl'>;

const ENTRY = /^account:[0-9a-f-]{36}:token$/;
const MAX_TOKEN_LENGTH = 8192;

function parse(value: string | null, binding: string): SharedToken | null {
  if (value === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const { token, issuedAt, expiresAt } = r;
  if (r['binding'] !== binding) return null;
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  if (!Number.isSafeInteger(issuedAt) || !Number.isSafeInteger(expiresAt) || (expiresAt as number) <= (issuedAt as number)) return null;
  return { token, issuedAt: issuedAt as number, expiresAt: expiresAt as number };
}

export class SharedTokens {
  /** Bumped by `forgetAll`: a write that was under way when the vault locked is undone once it lands. */
  #epoch = 0;

  constructor(
    private readonly secrets: SecretStore,
    private readonly options: SharedTokensOptions,
  ) {}

  get enabled(): boolean {
    return this.options.enabled();
  }

  /**
   * The account's shared token while it is still worth handing out (outside the early-refresh margin the memory
   * cache uses), issued for exactly this user name and base URL; otherwise null. Never throws for a bad entry:
   * anything unreadable is treated as no token, and the caller logs in.
   */
  async take(owner: Owner): Promise<SharedToken | null> {
    const shared = await this.#read(owner);
    if (!shared) return null;
    const refreshAt = shared.expiresAt - refreshMargin(shared.expiresAt - shared.issuedAt);
    return this.options.now() < refreshAt ? shared : null;
  }

  /** Issue and expiry of the account's shared token (expired or not), for listing; null when there is none for this binding. */
  async peek(owner: Owner): Promise<SharedTokenInfo | null> {
    const shared = await this.#read(owner);
    return shared && { issuedAt: shared.issuedAt, expiresAt: shared.expiresAt };
  }

  /** Shares a token just issued to `owner`. A failure is logged, never thrown: the login itself worked. */
  async save(owner: Owner, result: LoginResult): Promise<void> {
    if (!this.enabled) return;
    const epoch = this.#epoch;
    const key = secretKey.token(owner.id);
    const entry = {
      token: result.accessToken,
      issuedAt: result.issuedAt,
      expiresAt: result.expiresAt,
      binding: secretBinding(owner.username, owner.baseUrl),
    };
    try {
      await this.secrets.set(key, JSON.stringify(entry));
      // The vault locked while this was being written: the lock's deletion may have run before it landed.
      if (epoch !== this.#epoch) await this.secrets.delete(key);
    } catch (error) {
      this.options.logger.warn('accounts', 'token not shared', { id: owner.id, code: error instanceof VaultError ? error.code : 'internal' });
    }
  }

  /** Deletes the account's shared token if it is `token` (which WXM just rejected); a newer one shared meanwhile stays. Never throws. */
  async discard(owner: Owner, token: string): Promise<void> {
    try {
      if ((await this.#read(owner))?.token === token) await this.secrets.delete(secretKey.token(owner.id));
    } catch (error) {
      this.options.logger.warn('accounts', 'shared token not deleted', { id: owner.id, code: error instanceof VaultError ? error.code : 'internal' });
    }
  }

  /** Deletes every shared token (lock, or sharing turned off); never throws, resolves to the number deleted. */
  async forgetAll(): Promise<number> {
    this.#epoch++;
    let removed = 0;
    try {
      for (const key of await this.secrets.keys()) {
        if (ENTRY.test(key) && (await this.secrets.delete(key))) removed++;
      }
    } catch (error) {
      this.options.logger.warn('accounts', 'shared tokens not all deleted', { removed, code: error instanceof VaultError ? error.code : 'internal' });
      return removed;
    }
    if (removed) this.options.logger.info('accounts', 'shared tokens deleted', { count: removed });
    return removed;
  }

  async #read(owner: Owner): Promise<SharedToken | null> {
    if (!this.enabled) return null;
    const value = await this.secrets.get(secretKey.token(owner.id));
    return parse(value, secretBinding(owner.username, owner.baseUrl));
  }
}
