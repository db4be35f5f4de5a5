/**
 * What every part of the accounts seam shares (credentials, token broker,
 * API keys, editor, orphan sweep): the account list on disk, the WXM client,
 * the in-memory tokens and the outside world, plus the few steps they all
 * take the same way (find an account, refuse when the list cannot be saved,
 * record a problem, announce a change). One per AccountService.
 */
import type { AccountView } from '../../common/ipc-contract';
import { VaultError } from '../errors';
import type { VaultDeps } from '../vault-deps';
import type { WxmClient } from '../wxm/client';
import type { AccountRecord } from './account-record';
import { AccountStore } from './account-store';
import { TokenCache } from './token-cache';

export type AccountDeps = Pick<VaultDeps, 'dataDir' | 'secrets' | 'logger' | 'redactor' | 'now' | 'emit'>;

export class AccountContext {
  readonly store: AccountStore;
  readonly tokens: TokenCache;

  constructor(
    readonly deps: AccountDeps,
    readonly client: WxmClient,
  ) {
    this.store = new AccountStore(deps.dataDir, { now: deps.now, logger: deps.logger });
    // A dropped token need not be remembered by the log redactor any more (lock, edit, remove, expiry).
    this.tokens = new TokenCache(deps.now, (token) => deps.redactor.forget(token));
  }

  async record(id: string): Promise<AccountRecord> {
    await this.store.load();
    const record = this.store.get(id);
    if (!record) throw new VaultError('not-found', 'That account is no longer in the vault. Refresh the list.');
    return record;
  }

  /** Refuses up front when the list cannot be saved (newer format, unusable file), before anything talks to WXM or the keychain. */
  async writable(): Promise<void> {
    await this.store.load();
    const blocked = this.store.writeBlocked();
    if (blocked) throw blocked;
  }

  /**
   * Marks the account "needs attention" so nothing logs in for it again until the user acts, and drops its token.
   * `stillApplies` can veto the mark against the account as it is by then (an edit may have fixed it meanwhile).
   * A failed write is logged, not thrown: the caller is already reporting `error`.
   */
  async setProblem(id: string, error: VaultError, stillApplies: (current: AccountRecord) => boolean = () => true): Promise<void> {
    const problem = { code: error.code, message: error.message };
    await this.store
      .mutate((all) => {
        const current = all.get(id);
        if (current && stillApplies(current)) {
          all.set(id, { ...current, problem, twoFactor: current.twoFactor || error.code === 'two-factor-required' });
        }
      })
      .catch((e) => this.deps.logger.error('accounts', 'could not record account problem', { id, error: e }));
    this.tokens.invalidate(id);
    this.changed([id]);
  }

  changed(ids: string[]): void {
    this.deps.emit('accounts:changed', { ids });
  }

  registerSecrets(secret: string | undefined, otp: string | undefined): void {
    this.deps.redactor.register(secret);
    this.deps.redactor.register(otp);
  }

  /** A one-time code is spent once its login is over; left registered, its digits would blot out timestamps and ids in later log lines. */
  forgetOtp(otp: string | undefined): void {
    this.deps.redactor.forget(otp);
  }

  async view(id: string): Promise<AccountView> {
    return this.toView(await this.record(id));
  }

  toView(r: AccountRecord): AccountView {
    const token = this.tokens.peek(r.id);
    return {
      id: r.id,
      label: r.label,
      username: r.username,
      station: r.station,
      baseUrl: r.baseUrl,
      email: r.email,
      role: r.role,
      authMode: r.authMode,
      hasApiKey: r.hasApiKey,
      lastLoginAt: r.lastLoginAt,
      tokenExpiresAt: token?.expiresAt ?? null,
      tokenState: r.problem ? 'needs-attention' : token ? 'valid' : 'none',
      problem: r.problem,
    };
  }
}
