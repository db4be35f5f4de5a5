/**
 * When WXM Vault looks for an update, and whether it may at all: pure
 * decisions, no I/O, so node tests cover every rule. The update controller
 * (update-controller.ts) acts on them.
 */
import type { InstallFacts } from './install-kind';

/** Checked at start, then once a day. */
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** A check that failed (offline, GitHub down) is tried again this much later, not a day later. */
export const RETRY_INTERVAL_MS = 60 * 60 * 1000;
/**
 * How often the controller asks whether a check is due. The decision compares wall-clock
 * times, because a 24-hour timer does not run while a laptop sleeps and would drift by nights.
 */
export const POLL_INTERVAL_MS = 10 * 60 * 1000;

export type UpdateSupport =
  | { readonly updates: true }
  | { readonly updates: false; readonly reason: 'unpackaged' | 'package-manager' | 'no-feed' | 'other'; readonly explanation: string };

export interface SupportInput extends InstallFacts {
  /** Electron's `app.isPackaged`: false for `electron .`, the tests and development. */
  isPackaged: boolean;
}

/** Whether this copy of the app can update itself; when not, one sentence on why and what to do instead. */
export function updateSupport({ isPackaged, kind, hasFeed }: SupportInput): UpdateSupport {
  if (!isPackaged) {
    return { updates: false, reason: 'unpackaged', explanation: 'Not checking for updates: this is an unpackaged run (development or tests).' };
  }
  if (kind === 'package-manager') {
    return {
      updates: false,
      reason: 'package-manager',
      explanation: 'Not checking for updates: this copy was installed from a package (deb); updates come from your package manager.',
    };
  }
  if (kind === 'other') {
    return {
      updates: false,
      reason: 'other',
      explanation: 'Not checking for updates: this kind of install cannot update itself; download a new version from the releases page.',
    };
  }
  if (!hasFeed) {
    return {
      updates: false,
      reason: 'no-feed',
      explanation: 'Not checking for updates: this build has no update feed (app-update.yml); it was packaged without a publish config.',
    };
  }
  return { updates: true };
}

export interface LastCheck {
  at: number;
  ok: boolean;
}

/** Due at start (no check yet), a day after a check that worked, an hour after one that failed. */
export function isCheckDue(last: LastCheck | null, now: number): boolean {
  if (last === null) return true;
  // A clock set back must not postpone the next check by the amount it moved.
  if (now < last.at) return true;
  return now - last.at >= (last.ok ? CHECK_INTERVAL_MS : RETRY_INTERVAL_MS);
}
