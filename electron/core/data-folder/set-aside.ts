/**
 * Where a data file we cannot use goes: next to it, renamed, never deleted.
 * The user may want it back (a restore, a newer WXM Vault, a hand edit gone
 * wrong), so every store keeps damaged files under one naming scheme,
 * `<name>.<why>-<ISO time>[-n].<ext>` (`accounts.corrupt-2025-06-01T08-30-00-000Z.json`),
 * that sorts by time and never replaces an earlier copy.
 *
 * Synchronous because the settings are loaded synchronously at start; this
 * runs at most once per file per start, so it never blocks anything a user sees.
 */
import { existsSync, renameSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** What a kept copy is: the whole file could not be used, or only some entries of it. */
export type AsideKind = 'corrupt' | 'rejected';
const ASIDE_KINDS: readonly AsideKind[] = ['corrupt', 'rejected'];

/** A free name next to `path` for a copy kept at `now`; numbered (`-2`, `-3`, …) when that time is taken already. */
export function asideName(path: string, kind: AsideKind, now: number): string {
  const ext = extname(path);
  const stem = basename(path, ext);
  // Colons and dots in an ISO time are not allowed, or are confusing, in Windows file names.
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const named = (n: number) => join(dirname(path), `${stem}.${kind}-${stamp}${n > 1 ? `-${n}` : ''}${ext}`);
  let n = 1;
  while (existsSync(named(n))) n++;
  return named(n);
}

/** Whether `name` (a file name in `path`'s folder) is a copy of `path` kept aside, of either kind. */
export function isKeptAsideCopy(path: string, name: string): boolean {
  const stem = basename(path, extname(path));
  return ASIDE_KINDS.some((kind) => name.startsWith(`${stem}.${kind}-`));
}

/** Moves a damaged file aside and returns where it went; throws (leaving it in place) when it cannot be moved. */
export function setAside(path: string, now: number): string {
  const target = asideName(path, 'corrupt', now);
  renameSync(path, target);
  return target;
}
