/**
 * Moving the vault between no passphrase and a passphrase. Setting seals every
 * entry, removing opens every entry, each ordered so a crash at any point
 * leaves a vault that opens with the old or the new passphrase (or none, after
 * a finished removal), no secret lost; `finishMigration`, run at unlock,
 * completes one that was cut short. See `VAULT_ENTRY` for the markers.
 */
import type { Logger } from '../logger';
import type { SecretStore } from '../keychain/secrets';
import { open, seal } from './envelope';
import { VAULT_ENTRY } from './entries';
import type { HeldKey } from './held-key';
import type { KdfParams } from './kdf';
import { openAll, sealAll } from './reseal';
import { newDataKey, wrapDataKey } from './wrapped-key';

/** PassphraseVault's state that reads and writes go by, changed here as a migration goes. */
export interface VaultState {
  /** A passphrase is set: values are sealed, and nothing is read or written while locked. */
  set: boolean;
  /** Entries may be sealed or not, while a set or remove is under way (or was cut short). */
  migrating: boolean;
}

/** What a migration works on: PassphraseVault's keychain, key and state. */
export interface Migration {
  raw: SecretStore;
  key: HeldKey;
  state: VaultState;
  logger: Logger;
  kdf?: KdfParams;
  /** The entries to seal or open: every one but the vault's own. */
  entries(): Promise<string[]>;
  /** Between steps: crash tests kill the process here. */
  step(name: string): Promise<void>;
  /** The one gate for writing migration state: two processes re-sealing the same entries at once can lose them. */
  mayMigrate(): boolean;
}

/** The removal marker's sealed content. */
const REMOVING = 'removing';

/** Plain -> passphrase: the new wrapped key first (as "next"), then every entry sealed, then the key promoted. */
export async function sealVault(m: Migration, passphrase: string, since: number): Promise<void> {
  const key = newDataKey();
  try {
    await m.raw.delete(VAULT_ENTRY.removing);
    await m.raw.set(VAULT_ENTRY.keyNext, await wrapDataKey(key, passphrase, m.kdf));
    await m.step('next-key-stored');
    m.state.set = true;
    m.key.hold(key, since);
    m.state.migrating = true;
    await sealAll(m.raw, await m.entries(), key, (step) => m.step(step));
    await m.raw.set(VAULT_ENTRY.key, (await m.raw.get(VAULT_ENTRY.keyNext))!);
    await m.step('key-promoted');
    await m.raw.delete(VAULT_ENTRY.keyNext);
    m.state.migrating = false;
  } finally {
    key.fill(0);
  }
}

/** Passphrase -> plain: the marker first, then every entry opened, then the key and the marker removed; ends locked. */
export async function unsealVault(m: Migration, key: Buffer): Promise<void> {
  // Sealed under the data key: a marker planted by anything else cannot make an unlock unseal the vault.
  await m.raw.set(VAULT_ENTRY.removing, seal(key, VAULT_ENTRY.removing, REMOVING));
  await m.step('removing-marked');
  m.state.migrating = true;
  await openAll(m.raw, await m.entries(), key, (step) => m.step(step));
  await m.raw.delete(VAULT_ENTRY.key);
  await m.step('key-removed');
  await m.raw.delete(VAULT_ENTRY.removing);
  m.state.set = false;
  m.state.migrating = false;
  m.key.drop();
}

/**
 * After an unlock: a set or remove under way, or cut short by a crash. Only markers this vault wrote count: a removal
 * marker must open under the data key, and a set counts only while the new key was never promoted (then the
 * passphrase just opened that very key); anything else is a stray marker. The data folder's holder finishes the
 * work and drops stray markers; any other process only reads, both sealed and plain values, and writes nothing.
 */
export async function finishMigration(m: Migration, key: Buffer): Promise<void> {
  const removing = await m.raw.get(VAULT_ENTRY.removing);
  const next = await m.raw.get(VAULT_ENTRY.keyNext);
  const promoted = (await m.raw.get(VAULT_ENTRY.key)) !== null;
  const removal = removing !== null && open(key, VAULT_ENTRY.removing, removing) === REMOVING;
  const setting = next !== null && !promoted;
  if (!m.mayMigrate()) {
    m.state.migrating = removal || setting;
    return;
  }
  if (removal) {
    m.logger.info('vault', 'finishing an interrupted passphrase removal');
    return unsealVault(m, key);
  }
  if (removing !== null) {
    m.logger.warn('vault', 'stray removal marker dropped');
    await m.raw.delete(VAULT_ENTRY.removing);
  }
  if (next === null) return;
  if (setting) {
    m.logger.info('vault', 'finishing an interrupted passphrase set');
    m.state.migrating = true;
    await sealAll(m.raw, await m.entries(), key, (step) => m.step(step));
    await m.raw.set(VAULT_ENTRY.key, next);
    m.state.migrating = false;
  }
  await m.raw.delete(VAULT_ENTRY.keyNext);
}
