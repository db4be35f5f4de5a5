/**
 * accounts.json: the account list, schema-versioned, written atomically
 * (temp file in the same folder, fsync, rename) one write at a time.
 *
 * What is on disk is never silently lost:
 * - a file we cannot read at all is moved aside to accounts.corrupt-<time>.json;
 * - a single record we cannot read is copied to accounts.rejected-<time>.json
 *   and dropped from the list, keeping every other account;
 * - a file from a newer WXM Vault is only read, never written or renamed.
 * Each case is reported, so the user can restore or re-add what was set aside.
 * If something cannot be kept aside, the store refuses every write.
 *
 * Every record is checked against the record schema before a write, so a bad
 * value is refused when it is entered instead of breaking the next start.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SchemaError } from '../../common/schema';
import { Sequencer } from '../../common/sequencer';
import { VaultError } from '../errors';
import type { Logger } from '../logger';
import { readAccountFile, SCHEMA_VERSION, type RejectedRecord } from './account-file';
import { accountRecordSchema, type AccountRecord } from './account-record';
import { tempFilePattern, writeFileAtomic, writeNewFile } from '../data-folder/atomic-file';
import { asideName, setAside } from '../data-folder/set-aside';

export { SCHEMA_VERSION } from './account-file';
export const FILE_NAME = 'accounts.json';
const TEMP_PATTERN = tempFilePattern(FILE_NAME);

export interface StoreOptions {
  now: () => number;
  logger: Logger;
}

export class AccountStore {
  readonly path: string;
  #records = new Map<string, AccountRecord>();
  #loading: Promise<void> | null = null;
  /** Whether accounts.json was there when loaded (false on a first start, or while it is moved away or not yet synced). */
  #found = false;
  readonly #writes = new Sequencer();
  /** Why the file on disk was set aside (reported once through `takeProblem`, kept for `problem`). */
  #problem: VaultError | null = null;
  #unreported = false;
  /** Reported by every `takeProblem`: the file is unusable until the user acts (could not be moved aside, or a newer format we cannot read). */
  #broken: VaultError | null = null;
  /** Every write is refused with this: writing would destroy something (a newer-format file, or records not yet kept aside). */
  #readOnly: VaultError | null = null;

  constructor(
    readonly dir: string,
    private readonly options: StoreOptions,
  ) {
    this.path = join(dir, FILE_NAME);
  }

  load(): Promise<void> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  all(): AccountRecord[] {
    return [...this.#records.values()];
  }

  get(id: string): AccountRecord | undefined {
    return this.#records.get(id);
  }

  /** Whether the last load found an account file (readable or not). */
  fileFound(): boolean {
    return this.#found;
  }

  /** Anything unusual about the file on disk; null after a clean load (file present and fully read, or absent). */
  problem(): VaultError | null {
    return this.#broken ?? this.#readOnly ?? this.#problem;
  }

  /** Why writes are refused, or null. Callers check it before side effects a refused write would strand (WXM logins, keychain changes). */
  writeBlocked(): VaultError | null {
    return this.#readOnly;
  }

  /** The set-aside report, once; the broken-file error, every time. */
  takeProblem(): VaultError | null {
    if (this.#broken) return this.#broken;
    if (!this.#unreported) return null;
    this.#unreported = false;
    return this.#problem;
  }

  /**
   * Applies `change` to a copy of the list, writes it, and only then makes it
   * the live list: a failed write leaves memory and disk as they were.
   */
  mutate<T>(change: (records: Map<string, AccountRecord>) => T): Promise<T> {
    return this.#writes.queue(async () => {
      await this.load();
      if (this.#readOnly) throw this.#readOnly;
      const next = new Map(this.#records);
      const result = change(next);
      this.#validate(next);
      await this.#write([...next.values()]);
      this.#records = next;
      return result;
    });
  }

  async #load(): Promise<void> {
    await this.#removeStaleTemps();
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      // No file (or no folder yet): nothing to preserve, start empty.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      this.#found = true;
      this.#setAside('could not be read', error);
      return;
    }
    this.#found = true;
    const reading = readAccountFile(text);
    if (reading.kind === 'damaged') {
      this.#setAside(reading.why, reading.cause);
      return;
    }
    if (reading.kind === 'newer') {
      this.#openNewer(reading.version, reading.records, reading.cause);
      return;
    }
    this.#records = new Map(reading.records.map((r) => [r.id, r]));
    if (reading.rejected.length) await this.#keepRejected(reading.rejected);
  }

  /** Never renamed or rewritten: the newer WXM Vault that wrote it must find it as it left it. */
  #openNewer(version: number, records: AccountRecord[] | null, cause: unknown): void {
    const made = `The account list (${this.path}) was made by a newer WXM Vault (format ${version}; this version reads format ${SCHEMA_VERSION}).`;
    if (records) {
      this.#records = new Map(records.map((r) => [r.id, r]));
      this.#readOnly = new VaultError(
        'data-file',
        `${made} This version can show it but not change it, or log in with it. Update WXM Vault to make changes; the file was left as it is.`,
      );
    } else {
      this.#broken = new VaultError('data-file', `${made} This version cannot read its accounts. Update WXM Vault; the file was left as it is.`, {
        cause,
      });
      this.#readOnly = this.#broken;
    }
    this.options.logger.warn('accounts', 'account file from a newer version', { path: this.path, version, readable: records !== null });
  }

  /**
   * Copies the unreadable records to accounts.rejected-<time>.json, then saves
   * the list without them (so the next start does not report them again). If
   * the copy fails, they exist only in accounts.json: keep it untouched.
   */
  async #keepRejected(rejected: RejectedRecord[]): Promise<void> {
    const n = rejected.length;
    const reasons =
      rejected
        .slice(0, 3)
        .map((r) => r.reason)
        .join('; ') + (n > 3 ? `; and ${n - 3} more` : '');
    const target = asideName(this.path, 'rejected', this.options.now());
    try {
      const text = `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, accounts: rejected.map((r) => r.raw) }, null, 2)}\n`;
      await writeNewFile(target, text);
    } catch (error) {
      this.#broken = new VaultError(
        'data-file',
        `The account list (${this.path}) has ${n === 1 ? 'an account' : `${n} accounts`} WXM Vault cannot read (${reasons}), ` +
          'and could not copy them aside. WXM Vault will not change the file. Free some disk space or fix the folder permissions, then restart WXM Vault.',
        { cause: error },
      );
      this.#readOnly = this.#broken;
      this.options.logger.error('accounts', 'rejected accounts could not be kept aside', { path: this.path, count: n, error });
      return;
    }
    try {
      await this.#write(this.all());
    } catch {
      // Already logged by #write. The bad records are safe in `target`; the next successful write drops them from the list.
    }
    const them = n === 1 ? 'it' : 'them';
    this.#problem = new VaultError(
      'data-file',
      `${n === 1 ? 'One account' : `${n} accounts`} in the account list could not be read (${reasons}) and ${n === 1 ? 'was' : 'were'} ` +
        `moved to ${target}. Your other ${this.#records.size} account${this.#records.size === 1 ? ' is' : 's are'} unchanged. ` +
        `Add ${them} again; that file keeps ${them} as ${n === 1 ? 'it was' : 'they were'}.`,
    );
    this.#unreported = true;
    this.options.logger.warn('accounts', 'unreadable accounts set aside', { keptAs: target, count: n, kept: this.#records.size, reasons });
  }

  /** Refuses the whole change (nothing written) if any record would not load again. */
  #validate(records: Map<string, AccountRecord>): void {
    for (const [id, record] of records) {
      try {
        accountRecordSchema.parse(record);
        if (record.id !== id) throw new SchemaError('id', 'the id the account is filed under');
      } catch (error) {
        const what = error instanceof SchemaError ? error.message : 'an invalid value';
        this.options.logger.warn('accounts', 'invalid account refused', { id, what });
        throw new VaultError(
          'bad-request',
          `WXM Vault did not save this change: the account would have an invalid value (${what}). Nothing was changed; correct it and try again.`,
        );
      }
    }
  }

  /** A crash between writing and renaming leaves a temp file; it never holds anything the real file lacks. */
  async #removeStaleTemps(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) if (TEMP_PATTERN.test(name)) await rm(join(this.dir, name), { force: true }).catch(() => {});
  }

  #setAside(why: string, cause: unknown): void {
    let target: string;
    try {
      target = setAside(this.path, this.options.now());
    } catch (error) {
      this.#broken = new VaultError(
        'data-file',
        `The account list (${this.path}) ${why} and could not be moved aside. WXM Vault will not change it. ` +
          'Fix its permissions or move it away yourself, then restart WXM Vault.',
        { cause: error },
      );
      this.#readOnly = this.#broken;
      this.options.logger.error('accounts', 'account file unusable', { path: this.path, why, error });
      return;
    }
    this.#problem = new VaultError(
      'data-file',
      `The account list ${why}. It was kept as ${target} and WXM Vault started with an empty list. ` +
        'Add your accounts again, or quit and restore that file as accounts.json.',
      { cause },
    );
    this.#unreported = true;
    this.options.logger.warn('accounts', 'account file set aside', { keptAs: target, why, detail: cause instanceof Error ? cause.message : null });
  }

  async #write(records: AccountRecord[]): Promise<void> {
    const text = `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, accounts: records }, null, 2)}\n`;
    try {
      await writeFileAtomic(this.dir, FILE_NAME, text);
    } catch (error) {
      this.options.logger.error('accounts', 'account file write failed', { path: this.path, error });
      throw new VaultError(
        'data-file',
        `WXM Vault could not save the account list to ${this.path}. Nothing was changed; check free disk space and folder permissions, then try again.`,
        { cause: error },
      );
    }
  }
}
