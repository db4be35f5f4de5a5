import type { EventPayloads, VaultStatus } from '../../../electron/common/ipc-contract';
import { RESET_CONFIRMATION } from './passphrase-rules';
import { bridge, errorMessage, unwrap } from './vault-api';

export type LockReason = EventPayloads['vault:locked']['reason'];

/**
 * Whether a vault passphrase is set and whether the vault is locked, as main
 * reports it: the page shows the lock screen or the app from this alone. Every
 * change goes through main and takes main's answer; nothing here decides the
 * vault is unlocked on its own.
 */
export class VaultState {
  status = $state.raw<VaultStatus | null>(null);
  error = $state<string | null>(null);
  /** Why main last locked the vault (idle, sleep, …), for the lock screen; null at start. */
  lockedBy = $state<LockReason | null>(null);
  /** Counts status requests, so an answer that arrives after a newer one started is dropped. */
  #generation = 0;

  readonly locked = $derived(this.status?.locked ?? false);
  readonly passphraseSet = $derived(this.status?.passphraseSet ?? false);

  /** Returns main's answer even when a newer request overtook it (that one then sets `status`); null when main could not say. */
  async load(): Promise<VaultStatus | null> {
    const generation = ++this.#generation;
    try {
      const status = await unwrap(bridge().vaultStatus());
      if (generation === this.#generation) {
        this.status = status;
        this.error = null;
      }
      return status;
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
      return null;
    }
  }

  /** Reloads the status whenever main locks (idle, sleep, screen lock, the button): with a passphrase, that means the lock screen. */
  subscribe(): () => void {
    return bridge().onVaultLocked(({ reason }) => {
      this.lockedBy = reason;
      void this.load();
    });
  }

  /** Throws a VaultApiError (`wrong-passphrase`, `rate-limited`, …) for the lock screen to show. */
  async unlock(passphrase: string): Promise<void> {
    await this.#apply(bridge().unlockVault({ passphrase }));
    this.lockedBy = null;
  }

  /** Set (`current` undefined), change, or remove (`next` null); throws a VaultApiError on refusal. */
  async setPassphrase(current: string | undefined, next: string | null): Promise<void> {
    await this.#apply(bridge().setVaultPassphrase(current === undefined ? { next } : { current, next }));
  }

  /** "Forgot passphrase": main removes every stored secret and the passphrase; the account list stays. */
  async reset(): Promise<void> {
    await this.#apply(bridge().resetVault({ confirm: RESET_CONFIRMATION }));
    this.lockedBy = null;
  }

  /** True while a lock is under way: a second press (button or key) meanwhile asks main nothing more. */
  locking = $state(false);

  /** Locks (or, without a passphrase, forgets tokens), then takes main's word for the new state. */
  async lock(): Promise<void> {
    if (this.locking) return;
    this.locking = true;
    try {
      await unwrap(bridge().lockVault());
      await this.load();
    } finally {
      this.locking = false;
    }
  }

  async #apply(reply: ReturnType<ReturnType<typeof bridge>['vaultStatus']>): Promise<void> {
    const generation = ++this.#generation;
    const status = await unwrap(reply);
    if (generation === this.#generation) this.status = status;
    this.error = null;
  }
}
