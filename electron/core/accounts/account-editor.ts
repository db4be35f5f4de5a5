/**
 * Adding, editing and removing an account. Credentials are verified with WXM
 * before anything is stored or changed, so a typo is caught at once and a
 * failed edit leaves the old credentials working; a removal deletes the
 * keychain entries before the list entry, so it never leaves secrets unlisted.
 * After a vault reset it marks every account as needing its secret again.
 */
import { randomUUID } from 'node:crypto';
import type { AccountView, RequestOf } from '../../common/ipc-contract';
import { normaliseBaseUrl } from '../wxm/base-url';
import type { AccountContext } from './account-context';
import type { AccountRecord } from './account-record';
import { refuseDuplicate, withLogin } from './account-rules';
import type { Credentials } from './credentials';

type AddRequest = RequestOf<'accounts:add'>;
type UpdateRequest = RequestOf<'accounts:update'>;

export class AccountEditor {
  constructor(
    private readonly ctx: AccountContext,
    private readonly credentials: Credentials,
  ) {}

  async add(req: AddRequest): Promise<AccountView> {
    const { deps, store } = this.ctx;
    this.ctx.registerSecrets(req.secret, req.otp);
    await this.ctx.writable();
    const baseUrl = normaliseBaseUrl(req.baseUrl);
    refuseDuplicate(store.all(), req.username, baseUrl, null);
    const result = await this.credentials.sendLogin(null, { username: req.username, baseUrl, mode: req.authMode }, req.secret, req.otp);
    const id = randomUUID();
    const record: AccountRecord = {
      id,
      label: req.label,
      username: req.username,
      baseUrl,
      station: null,
      email: null,
      role: null,
      authMode: req.authMode,
      hasPassword: req.authMode === 'password',
      hasApiKey: req.authMode === 'apiKey',
      twoFactor: !!req.otp,
      lastLoginAt: null,
      createdAt: deps.now(),
      problem: null,
    };
    await this.credentials.storeNew(record, req.secret, () =>
      store.mutate((all) => {
        // Checked again inside the write queue: two adds of the same account may race.
        refuseDuplicate(all.values(), req.username, baseUrl, null);
        all.set(id, withLogin(record, result, deps.now(), !!req.otp));
      }),
    );
    this.ctx.tokens.put(id, result);
    deps.logger.info('accounts', 'account added', { id, station: result.station, authMode: req.authMode });
    this.ctx.changed([id]);
    return this.ctx.view(id);
  }

  /** Run one at a time per account (see AccountService). */
  async update(req: UpdateRequest): Promise<AccountView> {
    const { deps, store, tokens } = this.ctx;
    const old = await this.ctx.record(req.id);
    await this.ctx.writable();
    const next: AccountRecord = {
      ...old,
      label: req.label ?? old.label,
      username: req.username ?? old.username,
      baseUrl: req.baseUrl !== undefined ? normaliseBaseUrl(req.baseUrl) : old.baseUrl,
      authMode: req.authMode ?? old.authMode,
    };
    const credentialsChanged =
      req.secret !== undefined ||
      req.otp !== undefined ||
      next.username !== old.username ||
      next.baseUrl !== old.baseUrl ||
      next.authMode !== old.authMode;
    if (!credentialsChanged) {
      await store.mutate((all) => void all.set(old.id, { ...(all.get(old.id) ?? old), label: next.label }));
      this.ctx.changed([old.id]);
      return this.ctx.view(old.id);
    }
    refuseDuplicate(store.all(), next.username, next.baseUrl, old.id);
    // Verify before touching anything: if WXM says no, the old credentials stay as they were. Without a typed secret
    // the gate sends the stored one only if the account stays where it was verified.
    const result = await this.credentials.sendLogin(
      old,
      { username: next.username, baseUrl: next.baseUrl, mode: next.authMode },
      req.secret,
      req.otp,
    );
    // Moved to another user name or base URL: only the secret just verified there goes along (credentials.replace drops
    // the other one), so the account no longer has it.
    const moved = next.username.toLowerCase() !== old.username.toLowerCase() || next.baseUrl !== old.baseUrl;
    const updated: AccountRecord = {
      ...next,
      hasPassword: next.authMode === 'password' ? true : old.hasPassword && !moved,
      hasApiKey: next.authMode === 'apiKey' ? true : old.hasApiKey && !moved,
    };
    await this.credentials.replace(next, req.secret, () =>
      store.mutate((all) => {
        // Checked again inside the write queue: an edit of another account (or an add) may have taken this user name since.
        refuseDuplicate(all.values(), next.username, next.baseUrl, old.id);
        // A login that worked without a code shows the account no longer needs one.
        all.set(old.id, withLogin(updated, result, deps.now(), req.otp !== undefined));
      }),
    );
    tokens.invalidate(old.id);
    tokens.put(old.id, result);
    deps.logger.info('accounts', 'account updated', { id: old.id, credentials: true });
    this.ctx.changed([old.id]);
    return this.ctx.view(old.id);
  }

  /** Removes the keychain entries first: if the keychain is unavailable, the account stays listed instead of leaving secrets behind unlisted. */
  async remove(id: string): Promise<{ removed: true }> {
    const { deps, store, tokens } = this.ctx;
    await this.ctx.record(id);
    // Before deleting secrets: a refused list write would leave the account listed without them.
    await this.ctx.writable();
    tokens.invalidate(id);
    await this.credentials.removeAll(id);
    await store.mutate((all) => void all.delete(id));
    tokens.invalidate(id);
    deps.logger.info('accounts', 'account removed', { id });
    this.ctx.changed([id]);
    return { removed: true } as const;
  }

  /** After "Forgot passphrase" removed every stored secret: each account says to enter its password again. */
  async secretsRemoved(): Promise<void> {
    const { deps, store } = this.ctx;
    await this.ctx.writable();
    const ids = await store.mutate((all) => {
      for (const [id, r] of all) {
        const what = r.authMode === 'apiKey' ? 'API key' : 'password';
        all.set(id, {
          ...r,
          hasPassword: false,
          hasApiKey: false,
          problem: { code: 'invalid-credentials', message: `The vault was reset. Edit the account and enter its ${what} again.` },
        });
      }
      return [...all.keys()];
    });
    deps.logger.info('accounts', 'stored secrets removed by a vault reset', { count: ids.length });
    if (ids.length) this.ctx.changed(ids);
  }
}
