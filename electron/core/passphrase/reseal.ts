/**
 * The entry-by-entry halves of setting and removing the passphrase. Each entry
 * is one keychain write, and one already done is skipped, so running either
 * again after a crash finishes the job. Only one process may run them at a time
 * (`PassphraseVault` lets only the data folder's holder do it).
 */
import type { SecretStore } from '../keychain/secrets';
import { isSealed, open, seal } from './envelope';

type Step = (name: string) => Promise<void>;

export async function sealAll(raw: SecretStore, names: readonly string[], key: Buffer, step: Step): Promise<void> {
  for (const name of names) {
    const value = await raw.get(name);
    if (value === null || isSealed(value)) continue;
    await raw.set(name, seal(key, name, value));
    await step(`sealed:${name}`);
  }
}

export async function openAll(raw: SecretStore, names: readonly string[], key: Buffer, step: Step): Promise<void> {
  for (const name of names) {
    const value = await raw.get(name);
    if (value === null || !isSealed(value)) continue;
    const plain = open(key, name, value);
    // One that fails authentication was not ours to begin with: drop it rather than keep an unreadable entry.
    if (plain === null) await raw.delete(name);
    else await raw.set(name, plain);
    await step(`opened:${name}`);
  }
}

/** Whether any of the entries holds a sealed value (read only when no wrapped key is stored). */
export async function anySealed(raw: SecretStore, names: readonly string[]): Promise<boolean> {
  for (const name of names) {
    const value = await raw.get(name);
    if (value !== null && isSealed(value)) return true;
  }
  return false;
}
