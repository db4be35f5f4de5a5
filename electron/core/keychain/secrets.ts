/**
 * The only module that touches the OS keychain.
 *
 * On Linux the store is pinned to the Secret Service (GNOME Keyring, KWallet):
 * the kernel keyutils fallback forgets everything at logout, and silently
 * degrading is how tools end up "storing" secrets nowhere, or in plain files.
 * When no keychain is reachable we fail with a message that says what to do;
 * there is no plain-text fallback, by design.
 */
import type * as Keyring from '@napi-rs/keyring';
import { randomUUID } from 'node:crypto';
import type { KeychainStatus } from '../../common/ipc-contract';
import { VaultError } from '../errors';
import { loadNative } from './native-loader';
import { Sequencer } from '../../common/sequencer';

export type KeyringBinding = typeof Keyring;
/** Loads the native keychain binding; throws when it cannot. */
export type KeyringLoader = () => KeyringBinding;

const loadKeyring: KeyringLoader = () => loadNative<KeyringBinding>('keyring');

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** True when an entry was removed, false when there was none. */
  delete(key: string): Promise<boolean>;
  /** Keys (never values) of every entry this store owns. */
  keys(): Promise<string[]>;
  status(): Promise<KeychainStatus>;
}

export const DEFAULT_SERVICE = 'wxm-vault';

const ENTRY_OPTIONS: Keyring.EntryOptions = { linux: { store: 'secret-service' } };

export function backendName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (GNOME Keyring / KWallet)';
}

function unavailableMessage(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux') {
    return (
      'The system keychain is not available. Start and unlock GNOME Keyring or KWallet ' +
      '(a Secret Service provider on the session D-Bus), then try again. ' +
      'WXM Vault never falls back to storing secrets in a plain file.'
    );
  }
  return `${backendName(platform)} is not available or is locked. Unlock it and try again.`;
}

function missingBinaryMessage(): string {
  return (
    `WXM Vault could not load its keychain component for this system (${process.platform}-${process.arch}), ` +
    'so it cannot read or store passwords. Reinstall WXM Vault with the installer made for this system; ' +
    'the passwords and keys already in the system keychain are untouched.'
  );
}

/**
 * One keychain operation at a time in this process. Concurrent Secret Service
 * calls that race a delete against an enumeration fail spuriously (seen with
 * gnome-keyring: the daemon asks for an unlock prompt), which would show the
 * user a false "keychain unavailable". Keychain calls take milliseconds, so
 * queueing costs nothing a user can feel. Shared by every store instance.
 */
const keychain = new Sequencer();

/**
 * Errors that mean the Secret Service daemon went away mid-session (gnome-keyring 42 can abort on a
 * client race; the session then starts or restarts it). Retried after these waits before the user
 * sees "keychain unavailable". Not retried: a locked keyring or a dismissed unlock prompt, which
 * would only prompt again, nor a reply that timed out (NoReply), which would only stall every call again.
 */
const DAEMON_GONE = /DBus error: .*(was not provided by any \.service files|ServiceUnknown|Disconnected|connection (was )?closed)/i;
const RETRY_WAITS_MS = [250, 1000];

function daemonGone(error: unknown): boolean {
  return error instanceof Error && DAEMON_GONE.test(error.message);
}

function keyOk(key: string): string {
  if (!/^[A-Za-z0-9:._-]{1,200}$/.test(key)) throw new VaultError('internal', 'Invalid keychain entry name.');
  return key;
}

export class KeychainSecretStore implements SecretStore {
  #keyring: KeyringBinding | null = null;

  /**
   * The native binding loads on first use, not at import: a build whose binary
   * is missing or broken still starts and says "keychain unavailable".
   */
  constructor(
    readonly service: string = DEFAULT_SERVICE,
    private readonly load: KeyringLoader = loadKeyring,
  ) {}

  #binding(): KeyringBinding {
    if (this.#keyring) return this.#keyring;
    try {
      this.#keyring = this.load();
    } catch (error) {
      throw new VaultError('keychain-unavailable', missingBinaryMessage(), { cause: error });
    }
    return this.#keyring;
  }

  #entry(key: string): Keyring.AsyncEntry {
    return new (this.#binding().AsyncEntry)(this.service, keyOk(key), ENTRY_OPTIONS);
  }

  #guard<T>(work: () => Promise<T>): Promise<T> {
    return keychain.queue(() => this.#translateErrors(work));
  }

  async #translateErrors<T>(work: () => Promise<T>): Promise<T> {
    try {
      for (const wait of RETRY_WAITS_MS) {
        try {
          return await work();
        } catch (error) {
          if (!daemonGone(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      return await work();
    } catch (error) {
      if (error instanceof VaultError) throw error;
      // The native error text can name the store path; keep it as the cause, not the message.
      throw new VaultError('keychain-unavailable', unavailableMessage(), { cause: error });
    }
  }

  get(key: string): Promise<string | null> {
    return this.#guard(() => this.#entry(key).getPassword());
  }

  set(key: string, value: string): Promise<void> {
    if (value.length === 0) throw new VaultError('internal', 'Refusing to store an empty secret.');
    return this.#guard(() => this.#entry(key).setPassword(value));
  }

  delete(key: string): Promise<boolean> {
    return this.#guard(() => this.#entry(key).deleteCredential());
  }

  keys(): Promise<string[]> {
    return this.#guard(async () => {
      // @napi-rs/keyring 2.1.2 cannot list entry names alone: findCredentials is its
      // only enumeration, and it returns every password with its account name. So we
      // keep the names and let the credentials go here: they are not returned,
      // stored or logged, and nothing but this array ever referenced them.
      const found = await this.#binding().findCredentialsAsync(this.service);
      const names = found.map((credential) => credential.account);
      found.length = 0;
      return names;
    });
  }

  /** Proves the keychain works end to end: write a probe, read it back, delete it. */
  async status(): Promise<KeychainStatus> {
    const backend = backendName();
    const probeKey = `probe:${randomUUID()}`;
    const probe = randomUUID();
    try {
      await this.set(probeKey, probe);
      const readBack = await this.get(probeKey);
      await this.delete(probeKey);
      if (readBack !== probe) {
        return {
          available: false,
          backend,
          message: 'The keychain stored a value but returned a different one. Check the keychain provider, then try again.',
        };
      }
      return { available: true, backend, message: null };
    } catch (error) {
      const message = error instanceof VaultError ? error.message : unavailableMessage();
      return { available: false, backend, message };
    }
  }
}
