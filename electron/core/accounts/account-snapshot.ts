/**
 * The account list as it is on disk, read without changing anything: for the
 * command line, which may run while the app holds the data folder and must
 * then neither move a damaged file aside nor tidy the app's temp files (what
 * AccountStore does on load). A file the store would set aside is reported
 * with what to do instead.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VaultError } from '../errors';
import { readAccountFile } from './account-file';
import type { AccountRecord } from './account-record';
import { FILE_NAME } from './account-store';

export interface AccountSnapshot {
  records: AccountRecord[];
  /** Something the user should know but that does not stop listing (unreadable entries skipped, a newer format). */
  warning: string | null;
}

export async function readAccountSnapshot(dataDir: string): Promise<AccountSnapshot> {
  const path = join(dataDir, FILE_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { records: [], warning: null };
    throw new VaultError('data-file', `The account list (${path}) could not be read. Check its permissions, then try again.`, { cause: error });
  }
  const reading = readAccountFile(text);
  const openApp = 'Open WXM Vault: it keeps what it cannot read aside and says what to do.';
  if (reading.kind === 'damaged') throw new VaultError('data-file', `The account list (${path}) ${reading.why}. ${openApp}`);
  if (reading.kind === 'newer') {
    const made = `The account list (${path}) was made by a newer WXM Vault (format ${reading.version}).`;
    if (!reading.records) throw new VaultError('data-file', `${made} Update WXM Vault and wxm-vault to use it.`);
    return { records: reading.records, warning: `${made} Update WXM Vault and wxm-vault to log in with it.` };
  }
  const n = reading.rejected.length;
  const warning = n
    ? `${n === 1 ? 'One account' : `${n} accounts`} in ${path} could not be read and ${n === 1 ? 'is' : 'are'} not shown. ${openApp}`
    : null;
  return { records: reading.records, warning };
}
