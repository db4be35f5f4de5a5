/**
 * Derives the key that wraps the vault's data key from the user's passphrase.
 *
 * Why scrypt (Node's built-in) and not Argon2id: scrypt is memory-hard too, and
 * it ships inside Node and Electron, so WXM Vault loads no extra native module
 * (each one is code main must trust, and one more per-OS binary to package).
 * Parameters: N = 2^17, r = 8, p = 1 — 128 MiB and about 0.7 s of CPU time per
 * derivation on our 2-core machine (`kdfDeriveMs` and `unlockMs` in `npm run bench`;
 * the README gives the wall times measured under load); OWASP's scrypt minimum.
 * They are stored beside the wrapped key, so a later version can raise them
 * on the next passphrase change without breaking older vaults.
 */
import { scrypt, type ScryptOptions } from 'node:crypto';

export interface KdfParams {
  kdf: 'scrypt';
  /** CPU/memory cost (a power of two). */
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_KDF: KdfParams = { kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1 };

/**
 * Refuses parameters weaker than we accept or heavier than a desktop should spend: a tampered record must not make
 * an unlock take 2 GiB or a minute (at most N = 2^18, r = 8, p = 1: 256 MiB).
 */
export function checkKdfParams(params: KdfParams): KdfParams {
  const { N, r, p } = params;
  const pow2 = Number.isInteger(Math.log2(N));
  if (params.kdf !== 'scrypt' || !pow2 || N < 2 ** 15 || N > 2 ** 18 || r !== 8 || p !== 1) {
    throw new Error('unsupported key-derivation parameters');
  }
  return params;
}

export function deriveKey(passphrase: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  const { N, r, p } = checkKdfParams(params);
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
