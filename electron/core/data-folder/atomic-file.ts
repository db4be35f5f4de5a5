/**
 * Writing our data files so a crash or a full disk never leaves a half-written
 * one: the new text goes to a private temp file in the same folder, is flushed
 * to disk, then renamed over the old file, and the folder is flushed so the
 * rename itself survives a power cut.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Temp files are `.<name>.<uuid>.tmp`; a store may sweep leftovers of a crash with this. */
export function tempFilePattern(name: string): RegExp {
  return new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f-]{36}\\.tmp$`);
}

/** Replaces `dir/name` with `text` atomically; on failure the old file is untouched and the temp file removed. */
export async function writeFileAtomic(dir: string, name: string, text: string): Promise<void> {
  const temp = join(dir, `.${name}.${randomUUID()}.tmp`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeNewFile(temp, text);
    await rename(temp, join(dir, name));
    await syncDir(dir);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}

/** Creates `path` (never replacing a file), private to the user, flushed to disk. */
export async function writeNewFile(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename durable; not every platform can open a directory, so failure is ignored. */
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
