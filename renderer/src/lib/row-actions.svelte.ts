import { SvelteMap } from 'svelte/reactivity';
import type { AccountView, CopyKind } from '../../../electron/common/ipc-contract';
import type { AccountsState } from './accounts-state.svelte';
import type { CopyState } from './copy-state.svelte';
import { errorMessage, VaultApiError } from './vault-api';

export interface RowError {
  code: string;
  message: string;
}

/** What needed the login when WXM asked for a two-factor code: a copy to finish, or nothing. */
export type NeedsCode = (id: string, resume: CopyKind | null) => void;

/**
 * Per-row state of the account list: which rows are busy (a second copy or
 * login waits for the first; the buttons stay focusable, marked aria-disabled)
 * and the last error each row's own action met, shown under it until the next
 * success. Holds no secret: main copies and logs in.
 */
export class RowActions {
  // Keys are set to false/null rather than deleted: after a row's first action, its changes wake that row only.
  readonly #busy = new SvelteMap<string, boolean>();
  readonly #errors = new SvelteMap<string, RowError | null>();
  readonly #accounts: AccountsState;
  readonly #copy: CopyState;
  readonly #needsCode: NeedsCode;

  constructor(accounts: AccountsState, copy: CopyState, needsCode: NeedsCode) {
    this.#accounts = accounts;
    this.#copy = copy;
    this.#needsCode = needsCode;
  }

  busy(id: string): boolean {
    return this.#busy.get(id) ?? false;
  }

  error(id: string): RowError | null {
    return this.#errors.get(id) ?? null;
  }

  setError(id: string, error: RowError | null): void {
    if (error || this.#errors.has(id)) this.#errors.set(id, error);
  }

  /** The row's action worked (or the row is gone): its last error no longer applies. */
  clearError(id: string): void {
    this.setError(id, null);
  }

  /** Runs `work` unless the row is already busy (then resolves to `idle` at once). */
  async #whileBusy<T>(id: string, idle: T, work: () => Promise<T>): Promise<T> {
    if (this.busy(id)) return idle;
    this.#busy.set(id, true);
    try {
      return await work();
    } finally {
      this.#busy.set(id, false);
    }
  }

  /** Asks main to copy; a two-factor account is asked for its code, then the copy is resumed. */
  copy(account: AccountView, kind: CopyKind): Promise<void> {
    return this.#whileBusy(account.id, undefined, async () => {
      const hadToken = account.tokenExpiresAt !== null && account.tokenExpiresAt > Date.now();
      const ok = await this.#copy.copy(account.id, account.label, kind);
      if (ok) this.#accounts.noteCopied(account.id);
      this.setError(account.id, ok ? null : this.#copy.error);
      if (!ok && this.#copy.error?.code === 'two-factor-required') this.#needsCode(account.id, kind);
      // Copying a token may have logged in first; fetch the new expiry.
      if (kind !== 'apiKey' && (!hadToken || !ok)) await this.#accounts.load();
    });
  }

  /** Logs in again; resolves to the new view, or null when it failed (the row shows why). */
  login(account: AccountView): Promise<AccountView | null> {
    return this.#whileBusy<AccountView | null>(account.id, null, async () => {
      try {
        const view = await this.#accounts.login(account.id);
        this.clearError(account.id);
        return view;
      } catch (error) {
        const code = error instanceof VaultApiError ? error.code : 'internal';
        this.setError(account.id, { code, message: errorMessage(error) });
        if (code === 'two-factor-required') this.#needsCode(account.id, null);
        return null;
      }
    });
  }
}
