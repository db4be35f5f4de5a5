/**
 * The accounts seam: the account list, its keychain secrets, WXM logins and
 * the in-memory token cache. Handlers, the clipboard and the lock all go
 * through here.
 *
 * Guardrails (WXM locks accounts after repeated failures): an auth failure
 * (bad password/API key, 2FA needed, locked) marks the account
 * "needs attention" and nothing logs in for it again until the user edits it
 * or presses Log in; 429 and 5xx are reported, never retried in a loop; a 401
 * on a cached token gets exactly one fresh login and one retry, and a 401 on a
 * token we just logged in for gets none (a second login would not help).
 *
 * A stored password or API key only goes to the user name and base URL it was
 * entered or verified for: every store of a verified secret also stores their
 * digest (`account:<id>:binding`, see `secretBinding`), and every login passes
 * one gate (`#sendLogin`) that sends a stored secret only where that digest
 * points. Moving an account to another user name or base URL needs the secret
 * typed again in the same request (`secret-required`, nobody contacted).
 * accounts.json is a plain file; a base URL or user name changed there outside
 * WXM Vault gets a needs-attention `data-file` problem, not the secret.
 *
 * Two-factor accounts: WXM e-mails or texts a code in answer to a login
 * without one, so a login that needs a code first goes out without it (at
 * most once a minute per account, see `CODE_RESEND_MS`), then asks the user
 * for the code WXM just sent.
 */
import { randomUUID } from 'node:crypto';
import type { AccountProblem, AccountView, AuthMode, RequestOf } from '../../common/ipc-contract';
import { SequencerByKey } from '../../common/sequencer';
import { VaultError } from '../errors';
import type { VaultDeps } from '../vault-deps';
import { normaliseBaseUrl } from '../wxm/base-url';
import { WxmClient, type WxmCredentials } from '../wxm/client';
import { WxmHttpError } from '../wxm/errors';
import type { LoginResult } from '../wxm/login-response';
import { secretBinding, secretKey, type AccountRecord } from './account-record';
import { AccountStore } from './account-store';
import { exportAccounts, parseExport } from './account-transfer';
import { TokenCache } from './token-cache';

export type AccountDeps = Pick<VaultDeps, 'dataDir' | 'secrets' | 'logger' | 'redactor' | 'now' | 'emit'>;

export interface AccountServiceOptions {
  client?: WxmClient;
  /** Per WXM request; ignored when `client` is given. */
  timeoutMs?: number;
}

type AddRequest = RequestOf<'accounts:add'>;
type UpdateRequest = RequestOf<'accounts:update'>;

const AUTH_FAILURES = new Set(['invalid-credentials', 'two-factor-required', 'account-locked']);

/** WXM sends a new e-mail or SMS code for every login without one: at most one such login per account in this time. */
export const CODE_RESEND_MS = 60_000;

/** Where a login goes: the user name and base URL it is for, and which of the account's secrets it uses. */
interface LoginTarget {
  username: string;
  baseUrl: string;
  mode: AuthMode;
}

function isAuthFailure(error: unknown): error is VaultError {
  return error instanceof VaultError && AUTH_FAILURES.has(error.code);
}

function is401(error: unknown): boolean {
  return error instanceof WxmHttpError && error.status === 401;
}

function secretName(mode: AuthMode): string {
  return mode === 'apiKey' ? 'API key' : 'password';
}

export class AccountService {
  readonly store: AccountStore;
  readonly client: WxmClient;
  readonly #tokens: TokenCache;
  /** Serialises user-driven changes per account (edit vs remove vs switch mode). */
  readonly #perAccount = new SequencerByKey<string>();
  /** Ids being added: their secret is in the keychain before they are in the list, so the orphan sweep must leave them alone. */
  readonly #adding = new Set<string>();
  /** The once-per-start keychain clean-up (see `sweepOrphans`). */
  #sweep: Promise<number> | null = null;
  /** When a login without a code last made WXM send a two-factor code, per account (memory only: a restart may send one more). */
  readonly #codeSentAt = new Map<string, number>();

  constructor(
    private readonly deps: AccountDeps,
    options: AccountServiceOptions = {},
  ) {
    this.store = new AccountStore(deps.dataDir, { now: deps.now, logger: deps.logger });
    this.client = options.client ?? new WxmClient(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
    // A dropped token need not be remembered by the log redactor any more (lock, edit, remove, expiry).
    this.#tokens = new TokenCache(deps.now, (token) => deps.redactor.forget(token));
  }

  // ---- reading -------------------------------------------------------------

  /**
   * Lists every account. The first call after the file (or an unreadable account in it) was set aside fails once with
   * `data-file`, saying where it was kept; a file that cannot be used at all fails every time, saying what to do.
   */
  async list(): Promise<AccountView[]> {
    await this.store.load();
    const problem = this.store.takeProblem();
    if (problem) throw problem;
    // In the background: listing never waits on the keychain (it may be slow, locked or missing).
    void this.sweepOrphans();
    return this.store.all().map((r) => this.#view(r));
  }

  /**
   * Deletes keychain entries of accounts that are not in the list (left by a
   * crash or disk failure between storing a secret and saving the list).
   * Runs once per start, and only after a clean load of a file that is there:
   * if the list is missing (moved away, restored later, a roaming profile not
   * yet synced), set aside, partly rejected or from a newer version, its
   * secrets are what makes restoring it worth anything. Resolves to the
   * number removed.
   */
  sweepOrphans(): Promise<number> {
    this.#sweep ??= this.#sweepOrphans();
    return this.#sweep;
  }

  async #sweepOrphans(): Promise<number> {
    await this.store.load();
    if (this.store.problem() || !this.store.fileFound()) {
      const reason = this.store.fileFound() ? 'account list not loaded cleanly' : 'no account list';
      this.deps.logger.info('accounts', 'orphan secret sweep skipped', { reason });
      return 0;
    }
    let removed = 0;
    let failed = 0;
    try {
      for (const key of await this.deps.secrets.keys()) {
        const id = accountIdOf(key);
        // Checked per key, right before deleting: an add may have stored its secret since the sweep began.
        if (id === null || this.store.get(id) || this.#adding.has(id)) continue;
        try {
          if (await this.deps.secrets.delete(key)) removed++;
        } catch {
          failed++;
        }
      }
    } catch (error) {
      this.deps.logger.warn('accounts', 'orphan secret sweep failed', { code: error instanceof VaultError ? error.code : 'internal' });
      return removed;
    }
    if (removed || failed) this.deps.logger.info('accounts', 'orphan secrets removed', { count: removed, failed });
    return removed;
  }

  async view(id: string): Promise<AccountView> {
    return this.#view(await this.#record(id));
  }

  // ---- the seam for clipboard and lock --------------------------------------

  /** A fresh token: the cached one, or exactly one login shared by every concurrent caller. */
  async accessToken(id: string): Promise<string> {
    return (await this.#token(id)).token;
  }

  /** `cached` says whether the token was already held (so WXM may have dropped it since) or comes from a login just now. */
  async #token(id: string): Promise<{ token: string; cached: boolean }> {
    const fresh = this.#tokens.fresh(id);
    if (fresh) return { token: fresh, cached: true };
    const running = this.#tokens.inflight(id);
    if (running) return { token: await running, cached: false };
    const record = await this.#record(id);
    // A pending two-factor code is the one problem a login clears on its own: it goes out without a code, so WXM sends one.
    if (record.problem && record.problem.code !== 'two-factor-required') throw new VaultError(record.problem.code, record.problem.message);
    return { token: await this.#tokens.get(id, () => this.#login(id)), cached: false };
  }

  /** The stored API key, for copying. */
  async apiKey(id: string): Promise<string> {
    const record = await this.#record(id);
    const key = await this.deps.secrets.get(secretKey.apiKey(id));
    if (!key) {
      throw new VaultError('not-found', `No API key is stored for ${record.username}. Open "API key…" on its row to fetch or generate one first.`);
    }
    this.deps.redactor.register(key);
    return key;
  }

  /**
   * Drops every token from memory (lock), and the log redactor's copies of every secret and token: a locked vault keeps
   * none in memory. Stored passwords and keys stay in the keychain.
   */
  forgetTokens(): void {
    const ids = this.#tokens.clear();
    this.deps.redactor.clear();
    this.deps.logger.info('accounts', 'tokens forgotten', { count: ids.length });
    if (ids.length) this.deps.emit('accounts:changed', { ids });
  }

  /** Proves the account's token works with a cheap identity call (GET /api/Settings), with the one-re-login rule. */
  async checkToken(id: string): Promise<{ user: string | null }> {
    const record = await this.#record(id);
    return this.#withToken(id, (token) => this.client.settings(record.baseUrl, token, record.username));
  }

  // ---- handler operations ----------------------------------------------------

  add(req: AddRequest): Promise<AccountView> {
    return this.#add(req).finally(() => this.#forgetOtp(req.otp));
  }

  async #add(req: AddRequest): Promise<AccountView> {
    this.#registerSecrets(req.secret, req.otp);
    await this.#writable();
    const baseUrl = normaliseBaseUrl(req.baseUrl);
    this.#refuseDuplicate(req.username, baseUrl, null);
    const result = await this.#sendLogin(null, { username: req.username, baseUrl, mode: req.authMode }, req.secret, req.otp);
    const id = randomUUID();
    const key = secretKey.forMode(id, req.authMode);
    this.#adding.add(id);
    try {
      await this.deps.secrets.set(key, req.secret);
      await this.#saveNew(id, key, req, baseUrl, result);
    } finally {
      this.#adding.delete(id);
    }
    this.#tokens.put(id, result);
    this.deps.logger.info('accounts', 'account added', { id, station: result.station, authMode: req.authMode });
    this.#changed([id]);
    return this.view(id);
  }

  /** Binds the verified secret to the account and saves it; if that fails, its keychain entries are removed again so nothing is left unlisted. */
  async #saveNew(id: string, key: string, req: AddRequest, baseUrl: string, result: LoginResult): Promise<void> {
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
      createdAt: this.deps.now(),
      problem: null,
    };
    try {
      await this.#bind(record);
      await this.store.mutate((all) => {
        // Checked again inside the write queue: two adds of the same account may race.
        this.#refuseDuplicate(req.username, baseUrl, null, all);
        all.set(id, withLogin(record, result, this.deps.now(), !!req.otp));
      });
    } catch (error) {
      await this.deps.secrets.delete(key).catch(() => false);
      await this.deps.secrets.delete(secretKey.binding(id)).catch(() => false);
      throw error;
    }
  }

  update(req: UpdateRequest): Promise<AccountView> {
    this.#registerSecrets(req.secret, req.otp);
    return this.#update(req).finally(() => this.#forgetOtp(req.otp));
  }

  #update(req: UpdateRequest): Promise<AccountView> {
    return this.#exclusive(req.id, async () => {
      const old = await this.#record(req.id);
      await this.#writable();
      const next: AccountRecord = {
        ...old,
        label: req.label ?? old.label,
        username: req.username ?? old.username,
        baseUrl: req.baseUrl !== undefined ? normaliseBaseUrl(req.baseUrl) : old.baseUrl,
        authMode: req.authMode ?? old.authMode,
      };
      const credentialsChanged =
        req.secret !== undefined || req.otp !== undefined || next.username !== old.username || next.baseUrl !== old.baseUrl || next.authMode !== old.authMode;
      if (!credentialsChanged) {
        await this.store.mutate((all) => void all.set(old.id, { ...(all.get(old.id) ?? old), label: next.label }));
        this.#changed([old.id]);
        return this.view(old.id);
      }
      this.#refuseDuplicate(next.username, next.baseUrl, old.id);
      const key = secretKey.forMode(old.id, next.authMode);
      // Verify before touching anything: if WXM says no, the old credentials stay as they were. Without a typed secret
      // the gate sends the stored one only if the account stays where it was verified.
      const result = await this.#sendLogin(old, { username: next.username, baseUrl: next.baseUrl, mode: next.authMode }, req.secret, req.otp);
      const bindingKey = secretKey.binding(old.id);
      const previous = req.secret !== undefined ? await this.deps.secrets.get(key) : null;
      const previousBinding = await this.deps.secrets.get(bindingKey);
      const updated: AccountRecord = {
        ...next,
        hasPassword: next.authMode === 'password' ? true : old.hasPassword,
        hasApiKey: next.authMode === 'apiKey' ? true : old.hasApiKey,
      };
      let wroteSecret = false;
      let wroteBinding = false;
      try {
        if (req.secret !== undefined) {
          await this.deps.secrets.set(key, req.secret);
          wroteSecret = true;
        }
        // The secret was just verified for the new user name and base URL.
        await this.#bind(next);
        wroteBinding = true;
        await this.store.mutate((all) => {
          // Checked again inside the write queue: an edit of another account (or an add) may have taken this user name since.
          this.#refuseDuplicate(next.username, next.baseUrl, old.id, all);
          // A login that worked without a code shows the account no longer needs one.
          all.set(old.id, withLogin(updated, result, this.deps.now(), req.otp !== undefined));
        });
      } catch (error) {
        // The old credentials stay as they were, bound as they were.
        if (wroteSecret) await (previous ? this.deps.secrets.set(key, previous) : this.deps.secrets.delete(key)).catch(() => {});
        if (wroteBinding) {
          await (previousBinding ? this.deps.secrets.set(bindingKey, previousBinding) : this.deps.secrets.delete(bindingKey)).catch(() => {});
        }
        throw error;
      }
      this.#tokens.invalidate(old.id);
      this.#tokens.put(old.id, result);
      this.deps.logger.info('accounts', 'account updated', { id: old.id, credentials: true });
      this.#changed([old.id]);
      return this.view(old.id);
    });
  }

  /** Removes the keychain entries first: if the keychain is unavailable, the account stays listed instead of leaving secrets behind unlisted. */
  remove(id: string): Promise<{ removed: true }> {
    return this.#exclusive(id, async () => {
      await this.#record(id);
      // Before deleting secrets: a refused list write would leave the account listed without them.
      await this.#writable();
      this.#tokens.invalidate(id);
      await this.deps.secrets.delete(secretKey.password(id));
      await this.deps.secrets.delete(secretKey.apiKey(id));
      await this.deps.secrets.delete(secretKey.binding(id));
      await this.store.mutate((all) => void all.delete(id));
      this.#tokens.invalidate(id);
      this.deps.logger.info('accounts', 'account removed', { id });
      this.#changed([id]);
      return { removed: true } as const;
    });
  }

  /** The user's explicit "Log in": the only way, besides an edit, to clear a needs-attention state. */
  login(id: string, otp?: string): Promise<AccountView> {
    this.#registerSecrets(undefined, otp);
    return this.#exclusive(id, async () => {
      await this.#record(id);
      await this.#writable();
      this.#tokens.invalidate(id);
      await this.#tokens.get(id, () => this.#login(id, otp));
      return this.view(id);
    }).finally(() => this.#forgetOtp(otp));
  }

  /**
   * The user's "Send a new code": one login without a code, which makes WXM e-mail or text a new one. At most one per
   * `CODE_RESEND_MS` per account, enforced here; `loggedIn` when WXM no longer asked for a code at all.
   */
  sendCode(id: string): Promise<{ loggedIn: boolean; nextCodeAt: number }> {
    return this.#exclusive(id, async () => {
      const record = await this.#record(id);
      const wait = this.#codeWait(id);
      if (wait > 0) {
        throw new VaultError(
          'rate-limited',
          `WXM sent ${record.username} a code less than a minute ago. Check your e-mail and text messages; you can ask for another in ${Math.ceil(wait / 1000)} s.`,
        );
      }
      this.#tokens.invalidate(id);
      try {
        await this.#tokens.get(id, () => this.#login(id, undefined, true));
        return { loggedIn: true, nextCodeAt: this.deps.now() };
      } catch (error) {
        if (error instanceof VaultError && error.code === 'two-factor-required' && this.#codeWait(id) > 0) {
          return { loggedIn: false, nextCodeAt: (this.#codeSentAt.get(id) ?? 0) + CODE_RESEND_MS };
        }
        throw error;
      }
    });
  }

  /** Milliseconds until a login without a code may ask WXM for another code for this account (0: now). */
  #codeWait(id: string): number {
    const sentAt = this.#codeSentAt.get(id);
    return sentAt === undefined ? 0 : Math.max(0, sentAt + CODE_RESEND_MS - this.deps.now());
  }

  async exportJson(): Promise<{ json: string; count: number }> {
    await this.store.load();
    const records = this.store.all();
    this.deps.logger.info('accounts', 'accounts exported', { count: records.length });
    return { json: exportAccounts(records, this.deps.now()), count: records.length };
  }

  async importJson(json: string): Promise<{ imported: number; skipped: number }> {
    const incoming = parseExport(json);
    await this.#writable();
    const now = this.deps.now();
    const ids: string[] = [];
    const counts = await this.store.mutate((all) => {
      const seen = new Set([...all.values()].map((r) => identity(r.username, r.baseUrl)));
      let imported = 0;
      let skipped = 0;
      for (const a of incoming) {
        const who = identity(a.username, a.baseUrl);
        if (seen.has(who)) {
          skipped++;
          continue;
        }
        seen.add(who);
        const id = randomUUID();
        ids.push(id);
        all.set(id, {
          id,
          label: a.label,
          username: a.username,
          baseUrl: a.baseUrl,
          station: a.station ?? null,
          email: a.email ?? null,
          role: a.role ?? null,
          authMode: a.authMode,
          hasPassword: false,
          hasApiKey: false,
          twoFactor: false,
          lastLoginAt: null,
          createdAt: now,
          problem: {
            code: 'invalid-credentials',
            message: `Imported without its ${secretName(a.authMode)}. Edit the account and enter the ${secretName(a.authMode)} to log in.`,
          },
        });
        imported++;
      }
      return { imported, skipped };
    });
    this.deps.logger.info('accounts', 'accounts imported', counts);
    if (ids.length) this.#changed(ids);
    return counts;
  }

  // ---- API key ---------------------------------------------------------------

  fetchApiKey(id: string): Promise<AccountView> {
    return this.#exclusive(id, async () => {
      const record = await this.#record(id);
      await this.#writable();
      const key = await this.#withToken(id, (token) => this.client.getApiKey(record.baseUrl, token, record.username));
      await this.#storeApiKey(id, key);
      this.deps.logger.info('accounts', 'api key fetched', { id });
      return this.view(id);
    });
  }

  /** WXM may revoke the previous key when generating (undocumented); the stored key is replaced either way. */
  generateApiKey(id: string): Promise<AccountView> {
    return this.#exclusive(id, async () => {
      const record = await this.#record(id);
      await this.#writable();
      const key = await this.#withToken(id, (token) => this.client.generateApiKey(record.baseUrl, token, record.username));
      await this.#storeApiKey(id, key);
      this.deps.logger.info('accounts', 'api key generated', { id });
      return this.view(id);
    });
  }

  /** Switches between API-key and password login, after proving the target credential works. */
  useApiKey(id: string, enabled: boolean): Promise<AccountView> {
    return this.#exclusive(id, async () => {
      const record = await this.#record(id);
      const mode: AuthMode = enabled ? 'apiKey' : 'password';
      if (record.authMode === mode && !record.problem) return this.#view(record);
      await this.#writable();
      const result = await this.#sendLogin(record, { username: record.username, baseUrl: record.baseUrl, mode }, undefined, undefined);
      await this.store.mutate((all) => void all.set(id, withLogin({ ...(all.get(id) ?? record), authMode: mode }, result, this.deps.now(), false)));
      this.#tokens.invalidate(id);
      this.#tokens.put(id, result);
      this.deps.logger.info('accounts', 'auth mode switched', { id, authMode: mode });
      this.#changed([id]);
      return this.view(id);
    });
  }

  // ---- internals ---------------------------------------------------------------

  /**
   * One LoginToken with the stored secret. Auth failures are recorded on the account so nothing retries them.
   * Without a code, a two-factor account's login is what makes WXM send one: at most one per `CODE_RESEND_MS`,
   * unless `resend` (the user's "Send a new code", which checks that limit itself).
   */
  async #login(id: string, otp?: string, resend = false): Promise<LoginResult> {
    const record = await this.#record(id);
    // If the result (or a failure, which must stop further attempts) cannot be recorded, do not log in at all.
    await this.#writable();
    const codeless = otp === undefined;
    if (codeless && !resend && (record.twoFactor || record.problem?.code === 'two-factor-required') && this.#codeWait(id) > 0) {
      throw new VaultError(
        'two-factor-required',
        `WXM sent ${record.username} a two-factor code less than a minute ago. Enter it (or the code from your authenticator app).`,
      );
    }
    let result: LoginResult;
    try {
      result = await this.#sendLogin(record, { username: record.username, baseUrl: record.baseUrl, mode: record.authMode }, undefined, otp);
    } catch (error) {
      if (codeless && error instanceof VaultError && error.code === 'two-factor-required') {
        // WXM answers a login without a code by sending one (e-mail or SMS): ask for that one.
        this.#codeSentAt.set(id, this.deps.now());
        const sent = new VaultError(
          'two-factor-required',
          `WXM has sent ${record.username} a new two-factor code by e-mail or text message. Enter it (or the code from your authenticator app).`,
        );
        await this.#setProblem(id, sent);
        throw sent;
      }
      if (isAuthFailure(error)) await this.#setProblem(id, error);
      this.deps.logger.warn('accounts', 'login failed', { id, code: error instanceof VaultError ? error.code : 'internal' });
      throw error;
    }
    const now = this.deps.now();
    await this.store.mutate((all) => {
      const current = all.get(id);
      // A login that worked without a code shows the account no longer needs one.
      if (current) all.set(id, withLogin(current, result, now, !!otp));
    });
    this.deps.logger.info('accounts', 'logged in', { id, station: result.station });
    this.#changed([id]);
    return result;
  }

  async #setProblem(id: string, error: VaultError): Promise<void> {
    const problem: AccountProblem = { code: error.code, message: error.message };
    await this.store
      .mutate((all) => {
        const current = all.get(id);
        if (current) all.set(id, { ...current, problem, twoFactor: current.twoFactor || error.code === 'two-factor-required' });
      })
      .catch((e) => this.deps.logger.error('accounts', 'could not record account problem', { id, error: e }));
    this.#tokens.invalidate(id);
    this.#changed([id]);
  }

  /**
   * Runs an authenticated call. On a 401 with a token from the cache (WXM may
   * have dropped it), logs in once more and retries once. A 401 on a token
   * just issued is not retried: another login would be rejected the same way.
   */
  async #withToken<T>(id: string, call: (token: string) => Promise<T>): Promise<T> {
    const first = await this.#token(id);
    if (first.cached) {
      try {
        return await call(first.token);
      } catch (error) {
        if (!is401(error)) throw error;
        this.deps.logger.info('accounts', 'token rejected, logging in again', { id });
        this.#tokens.reject(id, first.token);
      }
    }
    const fresh = first.cached ? (await this.#token(id)).token : first.token;
    try {
      return await call(fresh);
    } catch (error) {
      if (!is401(error)) throw error;
      this.#tokens.reject(id, fresh);
      const record = await this.#record(id);
      throw new VaultError(
        'token-rejected',
        `WXM rejected a brand-new token for ${record.username}. Check with your WXM administrator that the account is active and allowed to do this; WXM Vault will not retry.`,
      );
    }
  }

  async #storeApiKey(id: string, key: string): Promise<void> {
    this.deps.redactor.register(key);
    await this.deps.secrets.set(secretKey.apiKey(id), key);
    // The login secret itself changed: bind it to the account that fetched it (with a token from a checked login).
    const record = this.store.get(id);
    if (record?.authMode === 'apiKey') await this.#bind(record);
    await this.store.mutate((all) => {
      const current = all.get(id);
      if (current) all.set(id, { ...current, hasApiKey: true });
    });
    this.#changed([id]);
  }

  /** Stores the binding of the account's secrets to `record`'s user name and base URL; only after they were verified for them. */
  async #bind(record: Pick<AccountRecord, 'id' | 'username' | 'baseUrl'>): Promise<void> {
    await this.deps.secrets.set(secretKey.binding(record.id), secretBinding(record.username, record.baseUrl));
  }

  /**
   * The one gate every outgoing login passes. A secret typed in this request
   * (`typed`) goes to the target it was typed for. Otherwise the account's
   * stored secret goes out only if its keychain binding names exactly the
   * target's user name and base URL (`#checkBinding`), checked before the
   * secret is even read.
   */
  async #sendLogin(account: AccountRecord | null, target: LoginTarget, typed: string | undefined, otp: string | undefined): Promise<LoginResult> {
    let secret = typed;
    if (secret === undefined) {
      if (!account) throw new VaultError('internal', 'A new account needs its password or API key.');
      await this.#checkBinding(account, target);
      secret = (await this.deps.secrets.get(secretKey.forMode(account.id, target.mode))) ?? undefined;
      if (!secret) throw await this.#noStoredSecret(account, target.mode);
    }
    this.deps.redactor.register(secret);
    const creds: WxmCredentials = { username: target.username, secret, mode: target.mode, otp };
    const result = await this.client.login(target.baseUrl, creds, this.deps.now);
    this.deps.redactor.register(result.accessToken);
    return result;
  }

  async #noStoredSecret(account: AccountRecord, mode: AuthMode): Promise<VaultError> {
    if (mode === 'apiKey' && account.authMode !== 'apiKey') {
      return new VaultError('not-found', `No API key is stored for ${account.username}. Open "API key…" on its row to fetch or generate one first.`);
    }
    const error = new VaultError('invalid-credentials', `No ${secretName(mode)} is stored for ${account.username}. Edit the account and enter it.`);
    // The account's own login cannot work until the user acts: stop anything from retrying it.
    if (mode === account.authMode) await this.#setProblem(account.id, error);
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
    const stored = await this.deps.secrets.get(secretKey.binding(record.id));
    const wanted = secretBinding(target.username, target.baseUrl);
    if (stored !== null && stored === wanted) return;
    const what = secretName(target.mode);
    if (wanted !== secretBinding(record.username, record.baseUrl)) {
      this.deps.logger.info('accounts', 'stored secret not sent to a new destination', { id: record.id });
      throw new VaultError(
        'secret-required',
        `Enter the ${what} again to move "${record.label}" to ${target.username} at ${new URL(target.baseUrl).host}. ` +
          `WXM Vault sends a stored ${what} only to the server and username it was entered for.`,
      );
    }
    this.deps.logger.warn('accounts', 'binding mismatch', { id: record.id });
    const error = new VaultError(
      'data-file',
      `The server or username of "${record.label}" changed outside WXM Vault, so its stored ${what} was not sent. ` +
        `Check the server and username; if you made that change, edit the account and enter the ${what} again.`,
    );
    const problem: AccountProblem = { code: error.code, message: error.message };
    await this.store
      .mutate((all) => {
        const current = all.get(record.id);
        // Unless an edit in the app has meanwhile re-verified the account under another user name or base URL.
        if (current && current.username === record.username && current.baseUrl === record.baseUrl) all.set(record.id, { ...current, problem });
      })
      .catch((e) => this.deps.logger.error('accounts', 'could not record account problem', { id: record.id, error: e }));
    this.#tokens.invalidate(record.id);
    this.#changed([record.id]);
    throw error;
  }

  /** Refuses up front when the list cannot be saved (newer format, unusable file), before anything talks to WXM or the keychain. */
  async #writable(): Promise<void> {
    await this.store.load();
    const blocked = this.store.writeBlocked();
    if (blocked) throw blocked;
  }

  async #record(id: string): Promise<AccountRecord> {
    await this.store.load();
    const record = this.store.get(id);
    if (!record) throw new VaultError('not-found', 'That account is no longer in the vault. Refresh the list.');
    return record;
  }

  #refuseDuplicate(username: string, baseUrl: string, exceptId: string | null, records: Map<string, AccountRecord> | null = null): void {
    const who = identity(username, baseUrl);
    const all = records ? [...records.values()] : this.store.all();
    const dup = all.find((r) => r.id !== exceptId && identity(r.username, r.baseUrl) === who);
    if (dup) throw new VaultError('bad-request', `${username} at ${baseUrl} is already in the vault as "${dup.label}". Edit that account instead.`);
  }

  #exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.#perAccount.queue(id, work);
  }

  #registerSecrets(secret: string | undefined, otp: string | undefined): void {
    this.deps.redactor.register(secret);
    this.deps.redactor.register(otp);
  }

  /** A one-time code is spent once its login is over; left registered, its digits would blot out timestamps and ids in later log lines. */
  #forgetOtp(otp: string | undefined): void {
    this.deps.redactor.forget(otp);
  }

  #changed(ids: string[]): void {
    this.deps.emit('accounts:changed', { ids });
  }

  #view(r: AccountRecord): AccountView {
    const token = this.#tokens.peek(r.id);
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

/** WXM user names are case-insensitive e-mail-like names; a base URL is already normalised. */
function identity(username: string, baseUrl: string): string {
  return `${username.trim().toLowerCase()} ${baseUrl.toLowerCase()}`;
}

/** `usedOtp`: whether this successful login needed a two-factor code; one without a code clears the flag. */
function withLogin(record: AccountRecord, result: LoginResult, now: number, usedOtp: boolean): AccountRecord {
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

/** The account id in a keychain entry name `account:<id>:<what>`, or null for any other entry (the keychain probe, say). */
function accountIdOf(key: string): string | null {
  const m = /^account:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):[a-z]+$/.exec(key);
  return m ? m[1]! : null;
}
