/**
 * The optional vault passphrase, as a SecretStore over the keychain: the rest
 * of the core reads and writes secrets through it and never knows whether
 * they are sealed.
 *
 * - No passphrase ("plain"): values pass through as before.
 * - Passphrase set, locked: no data key in memory; every read or write of a
 *   secret fails with `vault-locked`.
 * - Unlocked: every value is sealed (AES-256-GCM) under the random data key,
 *   with its entry name as associated data. An unsealed value is treated as
 *   missing (something outside WXM Vault wrote it), except during a migration.
 *
 * Setting and removing re-seal every entry; changing rewraps the data key only.
 * Each is ordered so a crash at any point leaves a vault that opens with the
 * old or the new passphrase (or none, after a finished removal), no secret lost:
 * see migration.ts, whose `finishMigration` runs at unlock.
 */
import { MIN_PASSPHRASE_LENGTH } from '../../common/field-rules';
import { VaultError } from '../errors';
import type { Logger } from '../logger';
import type { SecretStore } from '../keychain/secrets';
import type { KeychainStatus } from '../../common/ipc-contract';
import { Sequencer } from '../../common/sequencer';
import { isSealed, open, seal } from './envelope';
import { isVaultEntry, VAULT_ENTRY } from './entries';
import { HeldKey } from './held-key';
import type { KdfParams } from './kdf';
import { finishMigration, sealVault, unsealVault, type Migration, type VaultState } from './migration';
import { checkPassphrase, type PassphraseCheck } from './passphrase-check';
import { anySealed } from './reseal';
import { wrapDataKey } from './wrapped-key';

export interface VaultLockStatus {
  passphraseSet: boolean;
  locked: boolean;
}

export interface PassphraseVaultOptions {
  logger: Logger;
  now: () => number;
  /** KDF parameters for new wrappings (tests use cheaper ones; the default is `DEFAULT_KDF`). */
  kdf?: KdfParams;
  /** Called between the steps of set, change and remove: crash tests kill the process here. */
  checkpoint?: (step: string) => void | Promise<void>;
  /**
   * Whether this process holds the data folder lock (`data-lock.ts`). Only the holder re-seals entries: wxm-vault
   * unlocking beside the running app would otherwise "finish" the set or removal the app is in the middle of, and
   * the two would race. Default: yes, as both app shells hold the lock for as long as they run.
   */
  holdsDataFolder?: () => boolean;
}

function locked(): VaultError {
  return new VaultError('vault-locked', 'WXM Vault is locked. Enter your vault passphrase to unlock it.');
}

function lockedWhileUnlocking(): VaultError {
  return new VaultError(
    'vault-locked',
    'WXM Vault was locked again while it was unlocking (the screen locked, the computer went to sleep, or Lock was pressed). Enter your vault passphrase again.',
  );
}

export class PassphraseVault implements SecretStore {
  #ready: Promise<void> | null = null;
  readonly #oneAtATime = new Sequencer();
  readonly #state: VaultState = { set: false, migrating: false };
  readonly #key = new HeldKey();
  readonly #check: PassphraseCheck;
  readonly #migration: Migration;

  constructor(
    readonly raw: SecretStore,
    private readonly options: PassphraseVaultOptions,
  ) {
    this.#check = { raw, logger: options.logger, now: options.now };
    this.#migration = {
      raw,
      key: this.#key,
      state: this.#state,
      logger: options.logger,
      kdf: options.kdf,
      entries: () => this.keys(),
      step: (name) => this.#step(name),
      mayMigrate: () => this.#mayMigrate(),
    };
  }

  /**
   * Whether a passphrase is set, read from the keychain once per start. With no wrapped key but sealed entries (the
   * key entry was deleted by something else), the vault stays locked instead of silently dropping to no passphrase:
   * it would then accept plaintext written by anyone and store what the user types again unencrypted.
   */
  #load(): Promise<void> {
    this.#ready ??= (async () => {
      const key = await this.raw.get(VAULT_ENTRY.key);
      const next = key ?? (await this.raw.get(VAULT_ENTRY.keyNext));
      this.#state.set = next !== null || (await anySealed(this.raw, await this.keys()));
      // A removal that finished except for deleting its marker (a crash between the two): the marker is stale.
      if (key === null && this.#mayMigrate()) await this.raw.delete(VAULT_ENTRY.removing);
    })().catch((error: unknown) => {
      this.#ready = null;
      throw error;
    });
    return this.#ready;
  }

  async lockStatus(): Promise<VaultLockStatus> {
    await this.#load();
    return { passphraseSet: this.#state.set, locked: this.#state.set && this.#key.current === null };
  }

  /** Drops the data key from memory. Without a passphrase there is nothing to lock. */
  lock(): void {
    this.#key.drop();
  }

  /** One unlock or passphrase change at a time: parallel tries must each count against the delay. */
  unlock(passphrase: string): Promise<void> {
    const since = this.#key.since();
    return this.#oneAtATime.queue(() => this.#unlock(passphrase, since));
  }

  async #unlock(passphrase: string, since: number): Promise<void> {
    await this.#load();
    if (!this.#state.set) return;
    const key = await checkPassphrase(
      this.#check,
      passphrase,
      'That is not the vault passphrase. Check Caps Lock and the keyboard layout, then try again.',
    );
    try {
      if (!this.#key.hold(key, since)) throw lockedWhileUnlocking();
      await finishMigration(this.#migration, key);
    } finally {
      key.fill(0);
    }
    this.options.logger.info('vault', 'unlocked');
  }

  /**
   * Sets (`current` absent, no passphrase yet), changes, or removes (`next` null) the passphrase.
   * Changing and removing need the current one, checked against the stored key, even while unlocked.
   */
  setPassphrase(current: string | undefined, next: string | null): Promise<VaultLockStatus> {
    const since = this.#key.since();
    return this.#oneAtATime.queue(() => this.#setPassphrase(current, next, since));
  }

  /** A lock meanwhile does not stop the work (it runs on its own copy of the key), but the vault ends locked. */
  async #setPassphrase(current: string | undefined, next: string | null, since: number): Promise<VaultLockStatus> {
    if (!this.#mayMigrate()) throw new VaultError('internal', 'Set, change or remove the vault passphrase in the WXM Vault app.');
    await this.#load();
    if (next !== null && next.length < MIN_PASSPHRASE_LENGTH) {
      throw new VaultError(
        'bad-request',
        `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words are easy to remember and hard to guess.`,
      );
    }
    if (!this.#state.set) {
      if (next === null) return this.lockStatus();
      await sealVault(this.#migration, next, since);
    } else {
      if (current === undefined) throw new VaultError('bad-request', 'Enter the current passphrase to change or remove it.');
      // Checked like an unlock, wait included: an unlocked window must not be a faster way to guess the passphrase.
      const key = await checkPassphrase(this.#check, current, 'That is not the current vault passphrase. Nothing was changed.');
      try {
        this.#key.hold(key, since);
        await this.#step('current-checked');
        if (next === null) await unsealVault(this.#migration, key);
        else {
          // Changing: one keychain write replaces the wrapping; the entries stay sealed under the same data key.
          await this.raw.set(VAULT_ENTRY.key, await wrapDataKey(key, next, this.options.kdf));
          await this.#step('changed');
        }
      } finally {
        key.fill(0);
      }
    }
    this.options.logger.info('vault', next === null ? 'passphrase removed' : 'passphrase set');
    return this.lockStatus();
  }

  /**
   * "Forgot passphrase": removes every stored secret and the vault key, so the vault is plain again and
   * each account asks for its password. The account list itself is not touched here.
   */
  async reset(): Promise<void> {
    this.lock();
    for (const key of await this.raw.keys()) if (key !== VAULT_ENTRY.throttle) await this.raw.delete(key);
    await this.raw.delete(VAULT_ENTRY.throttle);
    this.#state.set = false;
    this.#state.migrating = false;
    this.#ready = Promise.resolve();
    this.options.logger.info('vault', 'reset: stored secrets removed');
  }

  // ---- SecretStore ---------------------------------------------------------------

  async get(key: string): Promise<string | null> {
    await this.#load();
    const value = await this.raw.get(key);
    if (!this.#state.set || value === null) return value;
    const dataKey = this.#key.current;
    if (!dataKey) throw locked();
    if (!isSealed(value)) {
      if (this.#state.migrating) return value;
      this.options.logger.warn('vault', 'unsealed keychain entry ignored', { entry: key.replace(/^account:[^:]+:/, 'account:…:') });
      return null;
    }
    const plain = open(dataKey, key, value);
    if (plain === null) {
      this.options.logger.warn('vault', 'keychain entry failed authentication', { entry: key.replace(/^account:[^:]+:/, 'account:…:') });
      return null;
    }
    return plain;
  }

  async set(key: string, value: string): Promise<void> {
    await this.#load();
    if (!this.#state.set) return this.raw.set(key, value);
    const dataKey = this.#key.current;
    if (!dataKey) throw locked();
    return this.raw.set(key, seal(dataKey, key, value));
  }

  delete(key: string): Promise<boolean> {
    return this.raw.delete(key);
  }

  /** Entry names only (never values), without this layer's own entries. */
  async keys(): Promise<string[]> {
    return (await this.raw.keys()).filter((k) => !isVaultEntry(k));
  }

  status(): Promise<KeychainStatus> {
    return this.raw.status();
  }

  /** The one gate for writing migration state: two processes re-sealing the same entries at once can lose them. */
  #mayMigrate(): boolean {
    return this.options.holdsDataFolder?.() ?? true;
  }

  async #step(name: string): Promise<void> {
    await this.options.checkpoint?.(name);
  }
}
