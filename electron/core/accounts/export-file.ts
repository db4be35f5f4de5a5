/**
 * The account list written to a file by main (accounts:exportToFile), for the
 * browser shell, whose Chromium downloads are denied: the page never handles
 * the file, the list lands where the user can find it, and the reply names it.
 *
 * The file is written atomically (a private temp file renamed into place) and
 * readable by the user only (0600): it holds no secret, but it does list who
 * has accounts where.
 */
import { lstat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ExportFileResult } from '../../common/ipc-contract';
import { writeFileAtomic } from '../data-folder/atomic-file';
import { VaultError } from '../errors';
import type { Logger } from '../logger';

/** Where to write the export: a path, or null when the user cancelled (a save dialog). */
export type ChooseExportFile = (suggestedName: string) => Promise<string | null>;

export function exportFileName(now: number): string {
  return `wxm-vault-accounts-${new Date(now).toISOString().slice(0, 10)}.json`;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** A chooser with no dialog: `name` in `folder()`, numbered (`-2`, `-3`, …) rather than replacing a file already there. */
export function newFileIn(folder: () => string): ChooseExportFile {
  return async (name) => {
    const dir = folder();
    const ext = extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 1; n <= 999; n++) {
      const path = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
      if (!(await exists(path))) return path;
    }
    throw new VaultError('data-file', `${dir} already has 999 account exports: move some away, then export again.`);
  };
}

export interface ExportFileDeps {
  exportJson(): Promise<{ json: string; count: number }>;
  choose: ChooseExportFile;
  logger: Logger;
  now: () => number;
}

export async function exportToFile(deps: ExportFileDeps): Promise<ExportFileResult> {
  const path = await deps.choose(exportFileName(deps.now()));
  if (!path) return { path: null, count: 0 };
  const { json, count } = await deps.exportJson();
  try {
    await writeFileAtomic(dirname(path), basename(path), json);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code ?? 'error';
    throw new VaultError(
      'data-file',
      `WXM Vault could not write the export to ${path} (${code}). Check that you can write to ${dirname(path)} and that the disk has space, then export again.`,
      {
        cause: error,
      },
    );
  }
  deps.logger.info('accounts', 'account list written to a file', { count });
  return { path, count };
}
