/**
 * The vault-passphrase rules the lock screen and Security settings show. Main
 * enforces every one of them; the values come from electron/common/field-rules,
 * the one module the renderer shares with main at run time.
 */

import { MIN_PASSPHRASE_LENGTH, RESET_CONFIRMATION } from '../../../electron/common/field-rules';

export { MIN_PASSPHRASE_LENGTH, RESET_CONFIRMATION };

export type Strength = 'too-short' | 'weak' | 'fair' | 'strong';

export interface StrengthHint {
  strength: Strength;
  text: string;
}

/**
 * A rough, honest hint while typing a new passphrase: length counts most, so
 * several unrelated words beat a short jumble of symbols. It never blocks
 * anything main accepts; it only nudges.
 */
export function strengthHint(passphrase: string): StrengthHint {
  // UTF-16 length, as main counts it: the hint must not call short what main accepts.
  const length = passphrase.length;
  if (length < MIN_PASSPHRASE_LENGTH) {
    return { strength: 'too-short', text: `At least ${MIN_PASSPHRASE_LENGTH} characters (${length} so far).` };
  }
  const distinct = new Set(passphrase.toLowerCase()).size;
  if (distinct < 5) return { strength: 'weak', text: 'Weak: too many repeated characters. A few unrelated words work well.' };
  const words = passphrase.trim().split(/\s+/).length;
  if (length >= 20 || (words >= 4 && length >= 16)) return { strength: 'strong', text: 'Strong.' };
  if (length >= 12) return { strength: 'fair', text: 'Fair. Longer is stronger: add another word.' };
  return { strength: 'weak', text: 'Weak: long enough to save, but easy to guess. Add a word or two.' };
}

/**
 * How long main asked us to wait after too many wrong passphrases, from its
 * `rate-limited` message ("… Wait 8 s, then try again."): the lock screen
 * counts it down on the Unlock button. Null when the message names no wait.
 */
export function waitSeconds(message: string): number | null {
  const match = /\bWait (\d{1,5}) s\b/.exec(message);
  return match ? Number(match[1]) : null;
}
