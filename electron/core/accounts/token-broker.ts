/**
 * Hands out access tokens: the cached one, or exactly one login per account
 * however many callers ask at once (the cache joins them).
 *
 * Guardrails (WXM locks accounts after repeated failures): an auth failure
 * (bad password/API key, 2FA needed, locked) marks the account "needs
 * attention" and nothing logs in for it again until the user edits it or
 * presses Log in; 429 and 5xx are reported, never retried in a loop; a 401 on
 * a cached token gets exactly one fresh login and one retry, and a 401 on a
 * token we just logged in for gets none (a second login would not help).
 *
 * Two-factor accounts: WXM e-mails or texts a code in answer to a login
 * without one, so a login that needs a code first goes out without it (at
 * most once a minute per account, see `CODE_RESEND_MS`), then asks the user
 * for the code WXM just sent. Where nobody can be asked (`codePrompts` off:
 * the command line), such a login is refused before it goes out.
 *
 * Sharing (shared-tokens.ts): with the memory cache empty, the account's token
 * shared through the keychain is taken before logging in; every login shares
 * its token. A shared token counts as cached: WXM may have dropped it since.
 */
import { VaultError } from '../errors';
import { WxmHttpError } from '../wxm/errors';
import type { LoginResult } from '../wxm/login-response';
import type { AccountContext } from './account-context';
import type { AccountRecord } from './account-record';
import { withLogin } from './account-rules';
import type { Credentials } from './credentials';
import type { SharedTokens } from './shared-tokens';

/** WXM sends a new e-mail or SMS code for every login without one: at most one such login per account in this time. */
export const CODE_RESEND_MS = 60_000;

const AUTH_FAILURES = new Set(['invalid-credentials', 'two-factor-required', 'account-locked']);

function isAuthFailure(error: unknown): error is VaultError {
  return error instanceof VaultError && AUTH_FAILURES.has(error.code);
}

function is401(error: unknown): boolean {
  return error instanceof WxmHttpError && error.status === 401;
}

export interface TokenBrokerOptions {
  /** Whether someone can be asked for a two-factor code (the app); false on the command line. */
  codePrompts: boolean;
}

export class TokenBroker {
  /** When a login without a code last made WXM send a two-factor code, per account (memory only: a restart may send one more). */
  readonly #codeSentAt = new Map<string, number>();
  /** Accounts whose token in memory was taken from the keychain rather than from a login of ours. */
  readonly #adopted = new Set<string>();

  constructor(
    private readonly ctx: AccountContext,
    private readonly credentials: Credentials,
    private readonly shared: SharedTokens,
    private readonly options: TokenBrokerOptions = { codePrompts: true },
  ) {}

  /** A fresh token: the cached one, or exactly one login shared by every concurrent caller. */
  async accessToken(id: string): Promise<string> {
    return (await this.#token(id)).token;
  }

  /**
   * Runs an authenticated call. On a 401 with a token from the cache (WXM may
   * have dropped it), logs in once more and retries once. A 401 on a token
   * just issued is not retried: another login would be rejected the same way.
   */
  async withToken<T>(id: string, call: (token: string) => Promise<T>): Promise<T> {
    const first = await this.#token(id);
    if (first.cached) {
      try {
        return await call(first.token);
      } catch (error) {
        if (!is401(error)) throw error;
        this.ctx.deps.logger.info('accounts', 'token rejected, logging in again', { id });
        this.ctx.tokens.reject(id, first.token);
        // The other process would hand out the same dead token: drop it for both.
        await this.shared.discard(await this.ctx.record(id), first.token);
      }
    }
    const fresh = first.cached ? (await this.#token(id, false)).token : first.token;
    try {
      return await call(fresh);
    } catch (error) {
      if (!is401(error)) throw error;
      this.ctx.tokens.reject(id, fresh);
      const record = await this.ctx.record(id);
      throw new VaultError(
        'token-rejected',
        `WXM rejected a brand-new token for ${record.username}. Check with your WXM administrator that the account is active and allowed to do this; WXM Vault will not retry.`,
      );
    }
  }

  /** `withToken`, with the account as it was before the call (its base URL and user name), or `not-found`. */
  async withAccount<T>(id: string, call: (record: AccountRecord, token: string) => Promise<T>): Promise<T> {
    const record = await this.ctx.record(id);
    return this.withToken(id, (token) => call(record, token));
  }

  /** Drops every token from memory, and the log redactor's copies of every secret and token (see AccountService.dropTokens). */
  dropAll(): void {
    const ids = this.ctx.tokens.clear();
    this.ctx.deps.redactor.clear();
    this.ctx.deps.logger.info('accounts', 'tokens forgotten', { count: ids.length });
    if (ids.length) this.ctx.deps.emit('accounts:changed', { ids });
  }

  /** The user's explicit "Log in": the only way, besides an edit, to clear a needs-attention state. */
  async logIn(id: string, otp: string | undefined): Promise<void> {
    await this.ctx.record(id);
    await this.ctx.writable();
    this.ctx.tokens.invalidate(id);
    await this.ctx.tokens.get(id, () => this.#login(id, otp));
  }

  /**
   * The user's "Send a new code": one login without a code, which makes WXM e-mail or text a new one. At most one per
   * `CODE_RESEND_MS` per account, enforced here; `loggedIn` when WXM no longer asked for a code at all.
   */
  async sendCode(id: string): Promise<{ loggedIn: boolean; nextCodeAt: number }> {
    const record = await this.ctx.record(id);
    const wait = this.#codeWait(id);
    if (wait > 0) {
      throw new VaultError(
        'rate-limited',
        `WXM sent ${record.username} a code less than a minute ago. Check your e-mail and text messages; you can ask for another in ${Math.ceil(wait / 1000)} s.`,
      );
    }
    this.ctx.tokens.invalidate(id);
    try {
      await this.ctx.tokens.get(id, () => this.#login(id, undefined, true));
      return { loggedIn: true, nextCodeAt: this.ctx.deps.now() };
    } catch (error) {
      if (error instanceof VaultError && error.code === 'two-factor-required' && this.#codeWait(id) > 0) {
        return { loggedIn: false, nextCodeAt: (this.#codeSentAt.get(id) ?? 0) + CODE_RESEND_MS };
      }
      throw error;
    }
  }

  /**
   * `cached` says whether the token was already held or shared (so WXM may have dropped it since) or comes from a login
   * just now. `fromShare`: whether the keychain's shared token may be taken (not right after WXM rejected one).
   */
  async #token(id: string, fromShare = true): Promise<{ token: string; cached: boolean }> {
    const { tokens } = this.ctx;
    const fresh = tokens.fresh(id);
    if (fresh) return { token: fresh, cached: true };
    const running = tokens.inflight(id);
    if (running) {
      const token = await running;
      return { token, cached: this.#adopted.has(id) };
    }
    const record = await this.ctx.record(id);
    // A pending two-factor code is the one problem a login clears on its own: it goes out without a code, so WXM sends one.
    if (record.problem && record.problem.code !== 'two-factor-required') throw new VaultError(record.problem.code, record.problem.message);
    // A list this version may not write is not used to log in, nor to hand out a shared token.
    await this.ctx.writable();
    const token = await tokens.get(id, async () => (fromShare ? await this.#adopt(record) : null) ?? this.#login(id));
    return { token, cached: this.#adopted.has(id) };
  }

  /** The account's token shared through the keychain, as a login result for the memory cache; null when there is none to use. */
  async #adopt(record: AccountRecord): Promise<LoginResult | null> {
    const shared = await this.shared.take(record);
    if (!shared) return null;
    this.ctx.deps.redactor.register(shared.token);
    this.#adopted.add(record.id);
    this.ctx.deps.logger.info('accounts', 'shared token used', { id: record.id });
    return { accessToken: shared.token, issuedAt: shared.issuedAt, expiresAt: shared.expiresAt, station: null, email: null, role: null };
  }

  /** Milliseconds until a login without a code may ask WXM for another code for this account (0: now). */
  #codeWait(id: string): number {
    const sentAt = this.#codeSentAt.get(id);
    return sentAt === undefined ? 0 : Math.max(0, sentAt + CODE_RESEND_MS - this.ctx.deps.now());
  }

  /**
   * One LoginToken with the stored secret. Auth failures are recorded on the account so nothing retries them.
   * Without a code, a two-factor account's login is what makes WXM send one: at most one per `CODE_RESEND_MS`,
   * unless `resend` (the user's "Send a new code", which checks that limit itself).
   */
  async #login(id: string, otp?: string, resend = false): Promise<LoginResult> {
    const { deps } = this.ctx;
    const record = await this.ctx.record(id);
    // If the result (or a failure, which must stop further attempts) cannot be recorded, do not log in at all.
    await this.ctx.writable();
    const codeless = otp === undefined;
    const needsCode = record.twoFactor || record.problem?.code === 'two-factor-required';
    if (codeless && !resend && needsCode && !this.options.codePrompts) {
      // Such a login would make WXM send a code that nobody here can type: send nothing.
      throw new VaultError(
        'two-factor-required',
        `${record.username} logs in with a two-factor code, which only the WXM Vault app can ask for. Log in there (Log in on its row); the command line then uses the token the app shares.`,
      );
    }
    if (codeless && !resend && needsCode && this.#codeWait(id) > 0) {
      throw new VaultError(
        'two-factor-required',
        `WXM sent ${record.username} a two-factor code less than a minute ago. Enter it (or the code from your authenticator app).`,
      );
    }
    let result: LoginResult;
    try {
      result = await this.credentials.sendLogin(
        record,
        { username: record.username, baseUrl: record.baseUrl, mode: record.authMode },
        undefined,
        otp,
      );
    } catch (error) {
      if (codeless && error instanceof VaultError && error.code === 'two-factor-required') {
        // WXM answers a login without a code by sending one (e-mail or SMS): ask for that one.
        this.#codeSentAt.set(id, deps.now());
        const sent = new VaultError(
          'two-factor-required',
          `WXM has sent ${record.username} a new two-factor code by e-mail or text message. Enter it (or the code from your authenticator app).`,
        );
        await this.ctx.setProblem(id, sent);
        throw sent;
      }
      if (isAuthFailure(error)) await this.ctx.setProblem(id, error);
      deps.logger.warn('accounts', 'login failed', { id, code: error instanceof VaultError ? error.code : 'internal' });
      throw error;
    }
    const now = deps.now();
    await this.ctx.store.mutate((all) => {
      const current = all.get(id);
      // A login that worked without a code shows the account no longer needs one.
      if (current) all.set(id, withLogin(current, result, now, !!otp));
    });
    deps.logger.info('accounts', 'logged in', { id, station: result.station });
    this.#adopted.delete(id);
    await this.shared.save(record, result);
    this.ctx.changed([id]);
    return result;
  }
}
