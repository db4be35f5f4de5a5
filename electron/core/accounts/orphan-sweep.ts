/**
 * Deletes keychain entries of accounts that are not in the list (left by a
 * crash or disk failure between storing a secret and saving the list).
 *
 * Runs once per start, and only after a clean load of a file that is there:
 * if the list is missing (moved away, restored later, a roaming profile not
 * yet synced), set aside, partly rejected or from a newer version, its
 * secrets are what makes restoring it worth anything. The same holds on every
 * later start for the accounts in a file kept aside (`accounts.corrupt-*`,
 * `accounts.rejected-*`): the list loads cleanly again without them, but the
 * user was told that file keeps them, so their secrets stay while it exists.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FIELD_RULES } from '../../common/field-rules';
import { isKeptAsideCopy } from '../data-folder/set-aside';
import { VaultError } from '../errors';
import type { AccountContext } from './account-context';

export class OrphanSweep {
  #run: Promise<number> | null = null;

  /** `isBeingAdded`: an add stores its secret before the account is listed; such an id is not an orphan. */
  constructor(
    private readonly ctx: AccountContext,
    private readonly isBeingAdded: (id: string) => boolean,
  ) {}

  /** Resolves to the number of entries removed; every call after the first shares the first one's result. */
  run(): Promise<number> {
    this.#run ??= this.#sweep();
    return this.#run;
  }

  async #sweep(): Promise<number> {
    const { store, deps } = this.ctx;
    await store.load();
    if (store.problem() || !store.fileFound()) {
      const reason = store.fileFound() ? 'account list not loaded cleanly' : 'no account list';
      deps.logger.info('accounts', 'orphan secret sweep skipped', { reason });
      return 0;
    }
    const keptAside = await idsInFilesKeptAside(store.path);
    if (!keptAside) {
      deps.logger.info('accounts', 'orphan secret sweep skipped', { reason: 'a file kept aside could not be read' });
      return 0;
    }
    let removed = 0;
    let failed = 0;
    try {
      for (const key of await deps.secrets.keys()) {
        const id = accountIdOf(key);
        // Checked per key, right before deleting: an add may have stored its secret since the sweep began.
        if (id === null || store.get(id) || keptAside.has(id) || this.isBeingAdded(id)) continue;
        try {
          if (await deps.secrets.delete(key)) removed++;
        } catch {
          failed++;
        }
      }
    } catch (error) {
      deps.logger.warn('accounts', 'orphan secret sweep failed', { code: error instanceof VaultError ? error.code : 'internal' });
      return removed;
    }
    if (removed || failed) deps.logger.info('accounts', 'orphan secrets removed', { count: removed, failed });
    return removed;
  }
}

/** The account id rule without its anchors: an id anywhere in a text, or as the middle of a keychain entry name. */
const ID_SOURCE = FIELD_RULES.accountId.pattern!.source.replace(/^\^|\$$/g, '');
const ID_IN_TEXT = new RegExp(ID_SOURCE, 'g');
const ENTRY_NAME = new RegExp(`^account:(${ID_SOURCE}):[a-z]+$`);

/**
 * Every account id written anywhere in the copies of the list kept aside, or null when one cannot be read.
 * Searched as text, not parsed: a corrupt copy is by definition not valid JSON, and keeping an extra secret costs nothing.
 */
async function idsInFilesKeptAside(listPath: string): Promise<Set<string> | null> {
  const dir = dirname(listPath);
  const ids = new Set<string>();
  try {
    const names = (await readdir(dir)).filter((name) => isKeptAsideCopy(listPath, name));
    for (const name of names) {
      for (const m of (await readFile(join(dir, name), 'utf8')).matchAll(ID_IN_TEXT)) ids.add(m[0]);
    }
  } catch {
    return null;
  }
  return ids;
}

/** The account id in a keychain entry name `account:<id>:<what>`, or null for any other entry (the keychain probe, say). */
function accountIdOf(key: string): string | null {
  const m = ENTRY_NAME.exec(key);
  return m ? m[1]! : null;
}
