/**
 * Decides how much of accounts.json can be used. Pure (text in, verdict out)
 * so every damaged shape is easy to test; the store does the disk work.
 *
 * - Not JSON, or not the top-level shape we write: nothing in it can be
 *   trusted, so the whole file is set aside.
 * - Written by a newer WXM Vault: read-only. Its records are shown when they
 *   still parse as ours; it is never renamed or rewritten.
 * - One bad record (or a repeated id): only that record is set aside, so one
 *   odd entry cannot cost the user every other account.
 */
import { SchemaError } from '../../common/schema';
import { accountRecordSchema, type AccountRecord } from './account-record';

export const SCHEMA_VERSION = 1;
export const MAX_ACCOUNTS = 100_000;

export interface RejectedRecord {
  /** The entry exactly as it was parsed from the file, so nothing the user had is lost. */
  raw: unknown;
  /** Which field failed and what was expected; never the value (it could be anything, even a pasted secret). */
  reason: string;
}

export type FileReading =
  | { kind: 'damaged'; why: string; cause: unknown }
  | { kind: 'newer'; version: number; records: AccountRecord[] | null; cause: unknown }
  | { kind: 'ok'; records: AccountRecord[]; rejected: RejectedRecord[] };

export function readAccountFile(text: string): FileReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'damaged', why: 'is damaged (not valid JSON)', cause: error };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'damaged', why: 'is damaged (not an account list)', cause: null };
  }
  const top = json as Record<string, unknown>;
  const version = top['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { kind: 'damaged', why: 'is damaged (no valid format version)', cause: null };
  }
  if (version > SCHEMA_VERSION) return readNewer(version, top['accounts']);
  if (version !== SCHEMA_VERSION) return { kind: 'damaged', why: `is damaged (unknown format ${version})`, cause: null };
  const extra = Object.keys(top).find((k) => k !== 'schemaVersion' && k !== 'accounts');
  if (extra !== undefined) return { kind: 'damaged', why: 'is damaged (unexpected top-level content)', cause: null };
  const accounts = top['accounts'];
  if (!Array.isArray(accounts) || accounts.length > MAX_ACCOUNTS) {
    return { kind: 'damaged', why: 'is damaged (the accounts are not a list)', cause: null };
  }
  const records: AccountRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const ids = new Set<string>();
  accounts.forEach((raw: unknown, i) => {
    const path = `accounts[${i}]`;
    let record: AccountRecord;
    try {
      record = accountRecordSchema.parse(raw, path);
    } catch (error) {
      rejected.push({ raw, reason: error instanceof SchemaError ? error.message : `${path}: not an account` });
      return;
    }
    if (ids.has(record.id)) {
      rejected.push({ raw, reason: `${path}.id: the same account id appears earlier in the list` });
      return;
    }
    ids.add(record.id);
    records.push(record);
  });
  return { kind: 'ok', records, rejected };
}

/** All or nothing: showing part of a list we do not fully understand would look like lost accounts. */
function readNewer(version: number, accounts: unknown): FileReading {
  try {
    if (!Array.isArray(accounts) || accounts.length > MAX_ACCOUNTS) throw new SchemaError('accounts', 'a list');
    const records = accounts.map((raw: unknown, i) => accountRecordSchema.parse(raw, `accounts[${i}]`));
    if (new Set(records.map((r) => r.id)).size !== records.length) throw new SchemaError('accounts', 'unique ids');
    return { kind: 'newer', version, records, cause: null };
  } catch (error) {
    return { kind: 'newer', version, records: null, cause: error };
  }
}
