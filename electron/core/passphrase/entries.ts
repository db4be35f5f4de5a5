/** Keychain entries the passphrase layer keeps for itself, beside the accounts' entries. */
export const VAULT_ENTRY = {
  /** The data key wrapped under the passphrase; present while a passphrase is set. */
  key: 'vault:key',
  /** The new wrapped key while a passphrase is being set (entries are being sealed): the new passphrase opens the vault. */
  keyNext: 'vault:key-next',
  /** Present while a passphrase is being removed (entries are being opened): the old passphrase still opens the vault. */
  removing: 'vault:removing',
  /** Failed unlocks and when the last one was, so the growing delay survives a restart. Not a secret. */
  throttle: 'vault:unlock-throttle',
} as const;

const OWN = new Set<string>(Object.values(VAULT_ENTRY));

export function isVaultEntry(key: string): boolean {
  return OWN.has(key);
}
