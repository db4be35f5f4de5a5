/**
 * Deletes keychain entries of accounts that are not in the list (left by a
 * crash or disk failure between storing a secret and saving the list).
 *
 * Runs once per start, and only after a clean load of a file that is there:
 * if the list is missing (moved away, restored later, a roaming profile not
 * yet synced), set aside, partly rejected or from a newer version, its
 * secrets are what makes restoring it worth anything.
 */
import { VaultError } from '../errors';
import type { AccountContext } from './account-context';

export class OrphanSweep {
  #run: Promise<number> | null = null;

  /** `isBeingAdded`: an add stores its secret before the account is listed; such an id is not an orphan. */
  constructor(
    private readonly ctx: AccountContext,
    private readonly isBeingAdded: (id: string) => boolean,
  ) {}

  /** Resolves to the number of entries removed; every call after the first shares the first one's result. */
  run(): Promise<number> {
    this.#run ??= this.#sweep();
    return this.#run;
  }

  async #sweep(): Promise<number> {
    const { store, deps } = this.ctx;
    await store.load();
    if (store.problem() || !store.fileFound()) {
      const reason = store.fileFound() ? 'account list not loaded cleanly' : 'no account list';
      deps.logger.info('accounts', 'orphan secret sweep skipped', { reason });
      return 0;
    }
    let removed = 0;
    let failed = 0;
    try {
      for (const key of await deps.secrets.keys()) {
        const id = accountIdOf(key);
        // Checked per key, right before deleting: an add may have stored its secret since the sweep began.
        if (id === null || store.get(id) || this.isBeingAdded(id)) continue;
        try {
          if (await deps.secrets.delete(key)) removed++;
        } catch {
          failed++;
        }
      }
    } catch (error) {
      deps.logger.warn('accounts', 'orphan secret sweep failed', { code: error instanceof VaultError ? error.code : 'internal' });
      return removed;
    }
    if (removed || failed) deps.logger.info('accounts', 'orphan secrets removed', { count: removed, failed });
    return removed;
  }
}

/** The account id in a keychain entry name `account:<id>:<what>`, or null for any other entry (the keychain probe, say). */
function accountIdOf(key: string): string | null {
  const m = /^account:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):[a-z]+$/.exec(key);
  return m ? m[1]! : null;
}
