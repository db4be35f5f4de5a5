/**
 * org.freedesktop.ScreenSaver.GetSessionIdleTime has no agreed unit: the old
 * freedesktop draft and gnome-screensaver say seconds, KDE's screen locker
 * returns KIdleTime's milliseconds. We tell them apart by how fast the counter
 * grows between two readings while the user is away: about 1 a second, or about
 * 1000. Until then we read milliseconds: wrongly applied to a seconds counter,
 * that only delays the idle lock until the next reading, whereas reading KDE's
 * milliseconds as seconds would lock the vault after a second of idling.
 */
export class ScreenSaverIdleUnit {
  #divisor: 1 | 1000 | null = null;
  #last: { raw: number; at: number } | null = null;
  #secondsInARow = 0;

  /** `raw` as returned by the service, read at `at` (ms since the epoch). */
  toSeconds(raw: number, at: number): number {
    if (this.#divisor === null) this.#learn(raw, at);
    return raw / (this.#divisor ?? 1000);
  }

  get unit(): 'seconds' | 'milliseconds' | 'unknown' {
    return this.#divisor === 1 ? 'seconds' : this.#divisor === 1000 ? 'milliseconds' : 'unknown';
  }

  #learn(raw: number, at: number): void {
    const last = this.#last;
    this.#last = { raw, at };
    if (!last) return;
    const elapsed = (at - last.at) / 1000;
    const growth = raw - last.raw;
    // A counter that did not grow (the user came back) says nothing; nor does a too short gap.
    if (elapsed < 2 || growth <= 0) {
      this.#secondsInARow = 0;
      return;
    }
    // Only a milliseconds counter grows ~1000 a second, so one such gap settles it.
    if (Math.abs(growth - elapsed * 1000) <= elapsed * 100 + 1500) {
      this.#divisor = 1000;
      return;
    }
    // A milliseconds counter reset by input in between can grow by about the gap's seconds once, by chance;
    // twice in a row it does not.
    if (Math.abs(growth - elapsed) <= 1.5) {
      this.#secondsInARow += 1;
      if (this.#secondsInARow >= 2) this.#divisor = 1;
      return;
    }
    this.#secondsInARow = 0;
  }
}
