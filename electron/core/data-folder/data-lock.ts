/**
 * One writer per data folder: whichever shell (Electron, the browser shell,
 * the CLI while it may write) starts first holds `wxm-vault.lock` there until it exits; any
 * other start on the same folder is refused with a sentence. Electron's own
 * single-instance lock only knows Electron, so both shells take this one.
 *
 * The file holds the owner's pid: a lock left by a crashed process (its pid no
 * longer alive) is taken over. Node has no portable flock, so this is
 * create-exclusive plus a liveness check.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'wxm-vault.lock';

/** A lock file still being written (no pid yet) is younger than this; older and unreadable means abandoned. */
const HALF_WRITTEN_MS = 10_000;

export interface DataLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

export interface LockOwner {
  /** Which program holds it ("browser", "electron", "cli"), for the refusal sentence. */
  shell: string;
  pid?: number;
}

export class DataFolderLockedError extends Error {
  override name = 'DataFolderLockedError';
  constructor(
    readonly lockPath: string,
    readonly holderPid: number | null,
    /** Which program holds it ("electron", "browser", "cli"), when the lock file says. */
    readonly holderShell: string | null = null,
  ) {
    const which = holderPid ? ` (process ${holderPid})` : '';
    super(
      // The command line holds it only for the second a login takes.
      holderShell === 'cli'
        ? `The wxm-vault command line${which} is using this data folder for a moment: start WXM Vault again in a few seconds. ` +
            `If no wxm-vault is running, delete ${lockPath} and start again.`
        : `WXM Vault is already running with this data folder${which}: switch to its window, ` +
            `or close it and start again. If no WXM Vault is running, delete ${lockPath} and start again.`,
    );
  }
}

interface LockContent {
  pid: number;
  shell: string;
  token: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return { pid: parsed.pid, shell: String(parsed.shell ?? ''), token: String(parsed.token ?? '') };
    }
  } catch {
    // Unreadable or half-written: judged by its age below.
  }
  return null;
}

export function acquireDataLock(dataDir: string, owner: LockOwner, alive: (pid: number) => boolean = isAlive): DataLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE);
  const content: LockContent = { pid: owner.pid ?? process.pid, shell: owner.shell, token: randomUUID() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = readLock(path);
      if (held ? alive(held.pid) : Date.now() - mtimeOf(path) < HALF_WRITTEN_MS) {
        throw new DataFolderLockedError(path, held?.pid ?? null, held?.shell || null);
      }
      // Left behind by a process that is gone: take it over.
      unlinkSync(path);
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(content));
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      path,
      release: () => {
        if (released) return;
        released = true;
        // Only our own file: after a takeover race the file may be someone else's now.
        if (readLock(path)?.token === content.token) unlinkSync(path);
      },
    };
  }
  const held = readLock(path);
  throw new DataFolderLockedError(path, held?.pid ?? null, held?.shell || null);
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Who holds the data folder right now (a live owner only), without taking or touching the lock. */
export function dataLockHolder(dataDir: string, alive: (pid: number) => boolean = isAlive): Required<LockOwner> | null {
  const held = readLock(join(dataDir, LOCK_FILE));
  return held && alive(held.pid) ? { shell: held.shell, pid: held.pid } : null;
}
