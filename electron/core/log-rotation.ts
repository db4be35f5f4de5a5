/**
 * Keeps main.log from growing forever: before a line would take the file past
 * its cap, main.log becomes main.log.1, main.log.1 becomes main.log.2, and so
 * on; the oldest beyond `maxFiles` is dropped. Whole lines only: the line that
 * triggers a rotation is written, whole, to the fresh file.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';

export interface LogFileLimits {
  /** A file is rotated before a line would take it past this many bytes. */
  maxBytes: number;
  /** How many files are kept, counting the current one. */
  maxFiles: number;
}

/** About 5 MB of history: weeks of normal use, small enough to attach to a bug report. */
export const DEFAULT_LOG_LIMITS: LogFileLimits = { maxBytes: 1024 * 1024, maxFiles: 5 };

export function checkLogLimits(limits: LogFileLimits): void {
  if (!Number.isInteger(limits.maxBytes) || limits.maxBytes < 1) throw new RangeError('log maxBytes must be a positive integer');
  if (!Number.isInteger(limits.maxFiles) || limits.maxFiles < 1) throw new RangeError('log maxFiles must be a positive integer');
}

export function rotatedName(path: string, generation: number): string {
  return `${path}.${generation}`;
}

/** Rotates `path` if appending `incomingBytes` would take it past the cap. */
export function rotateIfFull(path: string, incomingBytes: number, limits: LogFileLimits): void {
  // Stat each time rather than count: the file may be left from an earlier run, or removed by the user.
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0 || size + incomingBytes <= limits.maxBytes) return;
  if (limits.maxFiles === 1) {
    rmSync(path, { force: true });
    return;
  }
  rmSync(rotatedName(path, limits.maxFiles - 1), { force: true });
  for (let generation = limits.maxFiles - 2; generation >= 1; generation--) {
    const from = rotatedName(path, generation);
    if (existsSync(from)) renameSync(from, rotatedName(path, generation + 1));
  }
  renameSync(path, rotatedName(path, 1));
}
