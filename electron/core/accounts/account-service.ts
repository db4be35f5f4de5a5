/**
 * The accounts seam: the account list, its keychain secrets, WXM logins and
 * the in-memory token cache. Handlers, the clipboard and the lock all go
 * through here; the work is done by the parts it wires together:
 *
 * - `Credentials` (credentials.ts): secrets and their bindings in the keychain,
 *   undone when a save fails, and `sendLogin`, the one gate every login passes;
 * - `TokenBroker` (token-broker.ts): cached tokens, one login at a time per
 *   account, the one-re-login-on-401 rule, two-factor code timing;
 * - `SharedTokens` (shared-tokens.ts): tokens shared with the command line
 *   through the keychain;
 * - `ApiKeys` (api-keys.ts): fetching or generating a key, switching login mode;
 * - `AccountEditor` (account-editor.ts): add, edit, remove (verified first), reset;
 * - `OrphanSweep` (orphan-sweep.ts): keychain entries left by a crash;
 * - account-transfer.ts: export and import without secrets, logged and announced.
 *
 * User-driven changes to one account (edit, remove, log in, API key, mode
 * switch) run one at a time per account, here, so none sees another half-done.
 */
import type { AccountView, RequestOf } from '../../common/ipc-contract';
import { SequencerByKey } from '../../common/sequencer';
import { WxmClient, type ApiAnswer, type ApiRequest } from '../wxm/client';
import { AccountContext, type AccountDeps } from './account-context';
import { AccountEditor } from './account-editor';
import type { AccountStore } from './account-store';
import { exportJson, importJson } from './account-transfer';
import { ApiKeys } from './api-keys';
import { Credentials } from './credentials';
import { OrphanSweep } from './orphan-sweep';
import { SharedTokens } from './shared-tokens';
import { TokenBroker } from './token-broker';

export type { AccountDeps } from './account-context';
export { CODE_RESEND_MS } from './token-broker';

export interface AccountServiceOptions {
  client?: WxmClient;
  /** Per WXM request; ignored when `client` is given. */
  timeoutMs?: number;
  /** The `shareTokens` setting (default on): whether tokens are shared with the command line through the keychain. */
  shareTokens?: () => boolean;
  /** Whether the user can be asked for a two-factor code (default true); the command line cannot. */
  codePrompts?: boolean;
}

export class AccountService {
  readonly store: AccountStore;
  readonly client: WxmClient;
  /** Tokens shared with the app or the command line through the keychain. */
  readonly shared: SharedTokens;
  readonly #ctx: AccountContext;
  readonly #credentials: Credentials;
  readonly #tokens: TokenBroker;
  readonly #apiKeys: ApiKeys;
  readonly #editor: AccountEditor;
  readonly #sweep: OrphanSweep;
  readonly #perAccount = new SequencerByKey<string>();

  constructor(deps: AccountDeps, options: AccountServiceOptions = {}) {
    this.client = options.client ?? new WxmClient(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
    this.#ctx = new AccountContext(deps, this.client);
    this.store = this.#ctx.store;
    this.#credentials = new Credentials(this.#ctx);
    this.shared = new SharedTokens(deps.secrets, { logger: deps.logger, now: deps.now, enabled: options.shareTokens ?? (() => true) });
    this.#tokens = new TokenBroker(this.#ctx, this.#credentials, this.shared, { codePrompts: options.codePrompts ?? true });
    this.#apiKeys = new ApiKeys(this.#ctx, this.#credentials, this.#tokens);
    this.#editor = new AccountEditor(this.#ctx, this.#credentials);
    this.#sweep = new OrphanSweep(this.#ctx, (id) => this.#credentials.isBeingAdded(id));
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
    return this.store.all().map((r) => this.#ctx.toView(r));
  }

  /** Deletes keychain entries of accounts not in the list, once per start; resolves to the number removed (see OrphanSweep). */
  sweepOrphans(): Promise<number> {
    return this.#sweep.run();
  }

  view(id: string): Promise<AccountView> {
    return this.#ctx.view(id);
  }

  // ---- the seam for clipboard and lock --------------------------------------

  /** A fresh token: the cached one, or exactly one login shared by every concurrent caller. */
  accessToken(id: string): Promise<string> {
    return this.#tokens.accessToken(id);
  }

  /** The stored API key, for copying. */
  apiKey(id: string): Promise<string> {
    return this.#apiKeys.stored(id);
  }

  /**
   * Drops every token from memory, and the log redactor's copies of every secret and token (quit, and the start of a
   * lock). Stored passwords and keys, and the tokens shared through the keychain, stay.
   */
  dropTokens(): void {
    this.#tokens.dropAll();
  }

  /**
   * Lock: drops every token from memory at once (as `dropTokens`), then deletes the tokens shared through the
   * keychain, so a locked vault leaves no token anywhere. Never rejects.
   */
  async forgetTokens(): Promise<void> {
    this.dropTokens();
    await this.shared.forgetAll();
  }

  /** Sharing turned off: the tokens already shared are deleted too. Never rejects. */
  async unshareTokens(): Promise<void> {
    await this.shared.forgetAll();
  }

  /** An authenticated request to a path under the account's base URL (checked by the client), with the one-re-login rule. */
  request(id: string, request: ApiRequest): Promise<ApiAnswer> {
    return this.#tokens.withAccount(id, (record, token) => this.client.request(record.baseUrl, request, token, record.username));
  }

  /** Proves the account's token works with a cheap identity call (GET /api/Settings), with the one-re-login rule. */
  checkToken(id: string): Promise<{ user: string | null }> {
    return this.#tokens.withAccount(id, (record, token) => this.client.settings(record.baseUrl, token, record.username));
  }

  // ---- handler operations ----------------------------------------------------

  add(req: RequestOf<'accounts:add'>): Promise<AccountView> {
    return this.#editor.add(req).finally(() => this.#ctx.forgetOtp(req.otp));
  }

  update(req: RequestOf<'accounts:update'>): Promise<AccountView> {
    this.#ctx.registerSecrets(req.secret, req.otp);
    return this.#exclusive(req.id, () => this.#editor.update(req)).finally(() => this.#ctx.forgetOtp(req.otp));
  }

  remove(id: string): Promise<{ removed: true }> {
    return this.#exclusive(id, () => this.#editor.remove(id));
  }

  /** The user's explicit "Log in": the only way, besides an edit, to clear a needs-attention state. */
  login(id: string, otp?: string): Promise<AccountView> {
    this.#ctx.registerSecrets(undefined, otp);
    return this.#exclusive(id, async () => {
      await this.#tokens.logIn(id, otp);
      return this.view(id);
    }).finally(() => this.#ctx.forgetOtp(otp));
  }

  /** The user's "Send a new code" (at most one per `CODE_RESEND_MS` per account). */
  sendCode(id: string): Promise<{ loggedIn: boolean; nextCodeAt: number }> {
    return this.#exclusive(id, () => this.#tokens.sendCode(id));
  }

  /** After "Forgot passphrase" removed every stored secret: each account says to enter its password again. */
  secretsRemoved(): Promise<void> {
    return this.#editor.secretsRemoved();
  }

  exportJson(): Promise<{ json: string; count: number }> {
    return exportJson(this.#ctx);
  }

  importJson(json: string): Promise<{ imported: number; skipped: number }> {
    return importJson(this.#ctx, json);
  }

  // ---- API key ---------------------------------------------------------------

  fetchApiKey(id: string): Promise<AccountView> {
    return this.#exclusive(id, () => this.#apiKeys.obtain(id, 'fetch'));
  }

  /** WXM may revoke the previous key when generating (undocumented); the stored key is replaced either way. */
  generateApiKey(id: string): Promise<AccountView> {
    return this.#exclusive(id, () => this.#apiKeys.obtain(id, 'generate'));
  }

  /** Switches between API-key and password login, after proving the target credential works. */
  useApiKey(id: string, enabled: boolean): Promise<AccountView> {
    return this.#exclusive(id, () => this.#apiKeys.use(id, enabled));
  }

  #exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.#perAccount.queue(id, work);
  }
}
