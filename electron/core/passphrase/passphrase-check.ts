/**
 * The one place a typed passphrase is checked against the stored key. Unlock,
 * change and remove (the lock screen, Settings, the command line, or anything
 * else speaking IPC) all come here, so every guess, however it arrives, counts
 * against the same growing wait, kept in the keychain (`unlock-throttle.ts`).
 */
import { VaultError } from '../errors';
import type { Logger } from '../logger';
import type { SecretStore } from '../keychain/secrets';
import { VAULT_ENTRY } from './entries';
import { formatThrottle, parseThrottle, waitBeforeNextTry } from './unlock-throttle';
import { unwrapDataKey } from './wrapped-key';

export interface PassphraseCheck {
  raw: SecretStore;
  logger: Logger;
  now: () => number;
}

/**
 * The data key the passphrase opens; throws `rate-limited` while a wait runs (even for the right passphrase, so
 * a guess learns nothing), else `wrong-passphrase` with `wrongMessage`. Callers serialise their calls: tries made
 * in parallel must each count.
 */
export async function checkPassphrase(check: PassphraseCheck, passphrase: string, wrongMessage: string): Promise<Buffer> {
  const { raw } = check;
  const now = check.now();
  const stored = await raw.get(VAULT_ENTRY.throttle);
  const throttle = parseThrottle(stored, now);
  if (throttle && stored !== formatThrottle(throttle)) await raw.set(VAULT_ENTRY.throttle, formatThrottle(throttle));
  const wait = waitBeforeNextTry(throttle, now);
  if (wait > 0) {
    throw new VaultError('rate-limited', `Too many wrong passphrases. Wait ${Math.ceil(wait / 1000)} s, then try again.`);
  }
  // The new wrapping first exists alone while a set is under way; the passphrase being set opens it.
  const record = (await raw.get(VAULT_ENTRY.key)) ?? (await raw.get(VAULT_ENTRY.keyNext));
  if (record === null) throw new VaultError('data-file', 'The vault key is missing from the keychain. Use "Forgot passphrase" to reset the vault.');
  // Counted before the KDF runs, so a try cut short (a crash, a quit) still counts; a right passphrase clears it.
  const failures = (throttle?.failures ?? 0) + 1;
  await raw.set(VAULT_ENTRY.throttle, formatThrottle({ failures, lastAt: now }));
  const key = await unwrap(record, passphrase);
  if (!key) {
    check.logger.warn('vault', 'wrong passphrase', { failures });
    throw new VaultError('wrong-passphrase', wrongMessage);
  }
  await raw.delete(VAULT_ENTRY.throttle);
  return key;
}

async function unwrap(record: string, passphrase: string): Promise<Buffer | null> {
  try {
    return await unwrapDataKey(record, passphrase);
  } catch (error) {
    throw new VaultError('data-file', 'The vault key in the keychain is damaged. Use "Forgot passphrase" to reset the vault.', { cause: error });
  }
}
