/**
 * The data key while the vault is unlocked, and nothing while it is locked.
 *
 * Locks never wait (idle, sleep, screen lock, Ctrl+L and quit must take effect
 * at once), so work that began before one, such as an unlock's key derivation,
 * may finish after it. Every piece of work notes `since()` when it is asked for,
 * and `hold` refuses once a lock has come after that: the lock wins.
 */
export class HeldKey {
  #key: Buffer | null = null;
  #locks = 0;

  /** The key, or null while locked. Callers use it at once and never keep it. */
  get current(): Buffer | null {
    return this.#key;
  }

  /** The lock count now: pass it to `hold` later. */
  since(): number {
    return this.#locks;
  }

  /**
   * Keeps a copy of `key`. The caller's copy stays the caller's, so a lock meanwhile zeroes only this one, never a
   * key still in use by a migration or rewrap. False (nothing held) when a lock came after `since`.
   */
  hold(key: Buffer, since: number): boolean {
    if (this.#locks !== since) return false;
    this.#key?.fill(0);
    this.#key = Buffer.from(key);
    return true;
  }

  /** Zeroes and drops the key. */
  drop(): void {
    this.#locks++;
    this.#key?.fill(0);
    this.#key = null;
  }
}
