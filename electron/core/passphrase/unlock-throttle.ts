/**
 * The growing delay after wrong passphrases: none for the first three, then
 * 2, 4, 8 … seconds, at most 5 minutes. Kept in the keychain (not a plain
 * file, not memory), so quitting and restarting does not reset it.
 */
export interface ThrottleState {
  failures: number;
  lastAt: number;
}

const FREE_TRIES = 3;
const MAX_DELAY_MS = 5 * 60_000;

export function delayAfter(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return Math.min(MAX_DELAY_MS, 2 ** (failures - FREE_TRIES + 1) * 1000);
}

/** Milliseconds to wait before the next try may run the KDF at all (0: now). */
export function waitBeforeNextTry(state: ThrottleState | null, now: number): number {
  if (!state) return 0;
  return Math.max(0, state.lastAt + delayAfter(state.failures) - now);
}

/**
 * The stored record as a state. A damaged one reads as the cap, starting now; the caller writes that back
 * (`formatThrottle` differs from the text), so the wait starts once and ends, instead of restarting at every read.
 */
export function parseThrottle(text: string | null, now: number): ThrottleState | null {
  if (!text) return null;
  try {
    const json = JSON.parse(text) as Partial<ThrottleState>;
    // A time ahead of now (a tampered record, a clock set back) would stretch the wait past its 5-minute cap.
    if (Number.isInteger(json.failures) && Number.isFinite(json.lastAt)) return { failures: json.failures!, lastAt: Math.min(json.lastAt!, now) };
  } catch {
    // A damaged record counts as many failures as the cap: tampering must not reset the delay.
  }
  return { failures: 12, lastAt: now };
}

export function formatThrottle(state: ThrottleState): string {
  return JSON.stringify({ failures: state.failures, lastAt: state.lastAt });
}
