/**
 * An account's secrets in the keychain, and the one gate every outgoing login
 * passes (`sendLogin`).
 *
 * A stored password or API key only goes to the user name and base URL it was
 * entered or verified for: every store of a verified secret also stores their
 * digest (`account:<id>:binding`, see `secretBinding`), and `sendLogin` sends
 * a stored secret only where that digest points. Moving an account to another
 * user name or base URL needs the secret typed again in the same request
 * (`secret-required`, nobody contacted). accounts.json is a plain file; a base
 * URL or user name changed there outside WXM Vault gets a needs-attention
 * `data-file` problem, not the secret.
 *
 * Every change that stores a secret and then saves the list undoes the
 * keychain change if the save fails, so nothing is left half-done.
 */
import type { AuthMode } from '../../common/ipc-contract';
import { VaultError } from '../errors';
import type { WxmCredentials } from '../wxm/client';
import type { LoginResult } from '../wxm/login-response';
import type { AccountContext } from './account-context';
import { secretBinding, secretKey, type AccountRecord } from './account-record';
import { secretName } from './account-rules';

/** Where a login goes: the user name and base URL it is for, and which of the account's secrets it uses. */
export interface LoginTarget {
  username: string;
  baseUrl: string;
  mode: AuthMode;
}

/** The account an edit or add leaves behind: whom its secrets are verified for, and which one it logs in with. */
type Destination = Pick<AccountRecord, 'id' | 'username' | 'baseUrl' | 'authMode'>;

export class Credentials {
  /** Ids being added: their secret is in the keychain before they are in the list, so the orphan sweep must leave them alone. */
  readonly #adding = new Set<string>();

  constructor(private readonly ctx: AccountContext) {}

  isBeingAdded(id: string): boolean {
    return this.#adding.has(id);
  }

  /**
   * The one gate every outgoing login passes. A secret typed in this request
   * (`typed`) goes to the target it was typed for. Otherwise the account's
   * stored secret goes out only if its keychain binding names exactly the
   * target's user name and base URL (`#checkBinding`), checked before the
   * secret is even read.
   */
  async sendLogin(account: AccountRecord | null, target: LoginTarget, typed: string | undefined, otp: string | undefined): Promise<LoginResult> {
    const { secrets, redactor, now } = this.ctx.deps;
    let secret = typed;
    if (secret === undefined) {
      if (!account) throw new VaultError('internal', 'A new account needs its password or API key.');
      await this.#checkBinding(account, target);
      secret = (await secrets.get(secretKey.forMode(account.id, target.mode))) ?? undefined;
      if (!secret) throw await this.#noStoredSecret(account, target.mode);
    }
    redactor.register(secret);
    const creds: WxmCredentials = { username: target.username, secret, mode: target.mode, otp };
    const result = await this.ctx.client.login(target.baseUrl, creds, now);
    redactor.register(result.accessToken);
    return result;
  }

  /** Stores a new account's verified secret and its binding, then runs `save`; if anything fails, removes them again so nothing is left unlisted. */
  async storeNew(account: Destination, secret: string, save: () => Promise<unknown>): Promise<void> {
    const { secrets } = this.ctx.deps;
    const key = secretKey.forMode(account.id, account.authMode);
    this.#adding.add(account.id);
    try {
      await secrets.set(key, secret);
      try {
        await this.#bind(account);
        await save();
      } catch (error) {
        await secrets.delete(key).catch(() => false);
        await secrets.delete(secretKey.binding(account.id)).catch(() => false);
        throw error;
      }
    } finally {
      this.#adding.delete(account.id);
    }
  }

  /**
   * After a login verified `account` (possibly moved to a new user name or base URL, or with a new `secret`): stores
   * the secret if one was typed, binds it to where it was verified, then runs `save`. The binding covers both of the
   * account's secrets, so a move drops the other one (the API key when the password was typed, and the reverse): it
   * was never verified at the new destination. If anything fails, what was removed or replaced is put back.
   */
  async replace(account: Destination, secret: string | undefined, save: () => Promise<unknown>): Promise<void> {
    const { secrets } = this.ctx.deps;
    const key = secretKey.forMode(account.id, account.authMode);
    const otherKey = secretKey.forMode(account.id, account.authMode === 'apiKey' ? 'password' : 'apiKey');
    const bindingKey = secretKey.binding(account.id);
    const previous = secret !== undefined ? await secrets.get(key) : null;
    const previousBinding = await secrets.get(bindingKey);
    const moved = previousBinding !== secretBinding(account.username, account.baseUrl);
    const previousOther = moved ? await secrets.get(otherKey) : null;
    let wroteSecret = false;
    let wroteBinding = false;
    let droppedOther = false;
    try {
      if (secret !== undefined) {
        await secrets.set(key, secret);
        wroteSecret = true;
      }
      if (previousOther !== null) {
        await secrets.delete(otherKey);
        droppedOther = true;
      }
      await this.#bind(account);
      wroteBinding = true;
      await save();
    } catch (error) {
      // Put back what was there. Where that fails too (the vault locked meanwhile, so nothing can be written), delete
      // instead: a secret verified for one destination must never stay bound to another; the user enters it again.
      const restore = (k: string, v: string | null) => (v ? secrets.set(k, v) : secrets.delete(k)).catch(() => secrets.delete(k)).catch(() => {});
      if (wroteSecret) await restore(key, previous);
      if (droppedOther) await restore(otherKey, previousOther);
      if (wroteBinding) await restore(bindingKey, previousBinding);
      throw error;
    }
  }

  /** Deletes every keychain entry of the account; throws (having deleted some, perhaps) when the keychain fails. */
  async removeAll(id: string): Promise<void> {
    const { secrets } = this.ctx.deps;
    await secrets.delete(secretKey.password(id));
    await secrets.delete(secretKey.apiKey(id));
    await secrets.delete(secretKey.binding(id));
    await secrets.delete(secretKey.token(id));
  }

  /** Stores an API key WXM just gave the account (with a token from a checked login). */
  async storeApiKey(id: string, key: string): Promise<void> {
    this.ctx.deps.redactor.register(key);
    await this.ctx.deps.secrets.set(secretKey.apiKey(id), key);
    // The login secret itself changed: bind it to the account that fetched it.
    const record = this.ctx.store.get(id);
    if (record?.authMode === 'apiKey') await this.#bind(record);
  }

  /** The stored API key, for copying. */
  async storedApiKey(record: AccountRecord): Promise<string> {
    const key = await this.ctx.deps.secrets.get(secretKey.apiKey(record.id));
    if (!key) throw noApiKey(record.username);
    this.ctx.deps.redactor.register(key);
    return key;
  }

  /** Binds the account's secrets to `account`'s user name and base URL; only after they were verified for them. */
  async #bind(account: Pick<AccountRecord, 'id' | 'username' | 'baseUrl'>): Promise<void> {
    await this.ctx.deps.secrets.set(secretKey.binding(account.id), secretBinding(account.username, account.baseUrl));
  }

  async #noStoredSecret(account: AccountRecord, mode: AuthMode): Promise<VaultError> {
    if (mode === 'apiKey' && account.authMode !== 'apiKey') return noApiKey(account.username);
    const error = new VaultError('invalid-credentials', `No ${secretName(mode)} is stored for ${account.username}. Edit the account and enter it.`);
    // The account's own login cannot work until the user acts: stop anything from retrying it.
    if (mode === account.authMode) await this.ctx.setProblem(account.id, error);
    return error;
  }

  /**
   * Refuses unless the keychain's binding names `target`'s user name and base
   * URL. Where the target is the account as recorded, a mismatch or missing
   * binding means accounts.json was changed outside WXM Vault: nothing is
   * sent, and the account needs attention until the user enters the secret
   * again, so nothing retries on its own. Where the target is elsewhere (an
   * edit moving the account), the user must type the secret for it:
   * `secret-required`, and the account stays as it was. Logs the account id only.
   */
  async #checkBinding(record: AccountRecord, target: LoginTarget): Promise<void> {
    const { secrets, logger } = this.ctx.deps;
    const stored = await secrets.get(secretKey.binding(record.id));
    const wanted = secretBinding(target.username, target.baseUrl);
    if (stored !== null && stored === wanted) return;
    const what = secretName(target.mode);
    if (wanted !== secretBinding(record.username, record.baseUrl)) {
      logger.info('accounts', 'stored secret not sent to a new destination', { id: record.id });
      throw new VaultError(
        'secret-required',
        `Enter the ${what} again to move "${record.label}" to ${target.username} at ${new URL(target.baseUrl).host}. ` +
          `WXM Vault sends a stored ${what} only to the server and username it was entered for.`,
      );
    }
    logger.warn('accounts', 'binding mismatch', { id: record.id });
    const error = new VaultError(
      'data-file',
      `The server or username of "${record.label}" changed outside WXM Vault, so its stored ${what} was not sent. ` +
        `Check the server and username; if you made that change, edit the account and enter the ${what} again.`,
    );
    // Unless an edit in the app has meanwhile re-verified the account under another user name or base URL.
    await this.ctx.setProblem(record.id, error, (current) => current.username === record.username && current.baseUrl === record.baseUrl);
    throw error;
  }
}

function noApiKey(username: string): VaultError {
  return new VaultError('not-found', `No API key is stored for ${username}. Open "API key…" on its row to fetch or generate one first.`);
}
