/**
 * The vault's random data key, wrapped (AES-256-GCM) under a key derived from
 * the passphrase. The record lives in the keychain beside the entries it
 * protects; it holds only the KDF parameters, a salt and ciphertext.
 */
import { randomBytes } from 'node:crypto';
import { open, seal } from './envelope';
import { checkKdfParams, DEFAULT_KDF, deriveKey, type KdfParams } from './kdf';

interface WrappedKeyRecord {
  v: 1;
  params: KdfParams;
  salt: string;
  wrapped: string;
}

/** Names the record in the AEAD, so no other sealed value can stand in for it. */
const AAD = 'wxm-vault:data-key:v1';

export function newDataKey(): Buffer {
  return randomBytes(32);
}

export async function wrapDataKey(dataKey: Buffer, passphrase: string, params: KdfParams = DEFAULT_KDF): Promise<string> {
  const salt = randomBytes(16);
  const kek = await deriveKey(passphrase, salt, params);
  try {
    const record: WrappedKeyRecord = { v: 1, params, salt: salt.toString('base64'), wrapped: seal(kek, AAD, dataKey.toString('base64')) };
    return JSON.stringify(record);
  } finally {
    kek.fill(0);
  }
}

/** The data key, or null for a wrong passphrase. Throws for a record that is not ours (damaged or tampered). */
export async function unwrapDataKey(recordText: string, passphrase: string): Promise<Buffer | null> {
  const record = parseRecord(recordText);
  const kek = await deriveKey(passphrase, Buffer.from(record.salt, 'base64'), record.params);
  try {
    const key = open(kek, AAD, record.wrapped);
    if (key === null) return null;
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length !== 32) throw new Error('the wrapped data key has the wrong length');
    return bytes;
  } finally {
    kek.fill(0);
  }
}

function parseRecord(text: string): WrappedKeyRecord {
  const json = JSON.parse(text) as Partial<WrappedKeyRecord> | null;
  if (!json || json.v !== 1 || typeof json.salt !== 'string' || typeof json.wrapped !== 'string' || !json.params) {
    throw new Error('the vault key record is damaged');
  }
  checkKdfParams(json.params);
  return json as WrappedKeyRecord;
}
