/**
 * accounts.json: the account list, schema-versioned, written atomically
 * (temp file in the same folder, fsync, rename) one write at a time.
 *
 * A file we cannot read is never overwritten and never deleted: it is moved
 * aside to accounts.corrupt-<time>.json and reported, so the user can restore
 * it. If it cannot even be moved, the store refuses every write.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { array, integer, object } from '../../common/schema';
import { VaultError } from '../errors';
import type { Logger } from '../logger';
import { accountRecordSchema, type AccountRecord } from './account-record';

export const SCHEMA_VERSION = 1;
export const FILE_NAME = 'accounts.json';
const TEMP_PATTERN = /^\.accounts\.json\.[0-9a-f-]{36}\.tmp$/;

const fileSchema = object({ schemaVersion: integer(SCHEMA_VERSION, SCHEMA_VERSION), accounts: array(accountRecordSchema, 100_000) });

export interface StoreOptions {
  now: () => number;
  logger: Logger;
}

export class AccountStore {
  readonly path: string;
  #records = new Map<string, AccountRecord>();
  #loading: Promise<void> | null = null;
  #writes: Promise<unknown> = Promise.resolve();
  /** Why the file on disk was set aside (reported once through `takeProblem`, kept for `problem`). */
  #problem: VaultError | null = null;
  #unreported = false;
  /** Set when the file is unreadable and could not be moved aside: writing would destroy it. */
  #broken: VaultError | null = null;

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

  problem(): VaultError | null {
    return this.#broken ?? this.#problem;
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
    const run = async () => {
      await this.load();
      if (this.#broken) throw this.#broken;
      const next = new Map(this.#records);
      const result = change(next);
      await this.#write([...next.values()]);
      this.#records = next;
      return result;
    };
    const p = this.#writes.then(run, run);
    this.#writes = p.catch(() => {});
    return p;
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
      await this.#setAside('could not be read', error);
      return;
    }
    let parsed: { accounts: AccountRecord[] };
    try {
      const json: unknown = JSON.parse(text);
      const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
      if (typeof version === 'number' && version > SCHEMA_VERSION) {
        await this.#setAside(`was written by a newer WXM Vault (format ${version})`, null);
        return;
      }
      parsed = fileSchema.parse(json);
    } catch (error) {
      await this.#setAside('is damaged', error);
      return;
    }
    const ids = new Set<string>();
    for (const r of parsed.accounts) {
      if (ids.has(r.id)) {
        await this.#setAside('is damaged (an account appears twice)', null);
        return;
      }
      ids.add(r.id);
    }
    this.#records = new Map(parsed.accounts.map((r) => [r.id, r]));
  }

  /** A crash between writing and renaming leaves a temp file; it never holds anything the real file lacks. */
  async #removeStaleTemps(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) if (TEMP_PATTERN.test(name)) await rm(join(this.dir, name), { force: true }).catch(() => {});
  }

  async #setAside(why: string, cause: unknown): Promise<void> {
    const stamp = new Date(this.options.now()).toISOString().replace(/[:.]/g, '-');
    let target = join(this.dir, `accounts.corrupt-${stamp}.json`);
    for (let n = 2; await exists(target); n++) target = join(this.dir, `accounts.corrupt-${stamp}-${n}.json`);
    try {
      await rename(this.path, target);
    } catch (error) {
      this.#broken = new VaultError(
        'data-file',
        `The account list (${this.path}) ${why} and could not be moved aside. WXM Vault will not change it. ` +
          'Fix its permissions or move it away yourself, then restart WXM Vault.',
        { cause: error },
      );
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
    const temp = join(this.dir, `.${FILE_NAME}.${randomUUID()}.tmp`);
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
      await syncDir(this.dir);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      this.options.logger.error('accounts', 'account file write failed', { path: this.path, error });
      throw new VaultError(
        'data-file',
        `WXM Vault could not save the account list to ${this.path}. Nothing was changed; check free disk space and folder permissions, then try again.`,
        { cause: error },
      );
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Makes the rename itself durable; not every platform can open a directory, so failure is ignored. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  }
}
