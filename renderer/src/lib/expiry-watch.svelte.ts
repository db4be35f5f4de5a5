import type { AccountView } from '../../../electron/common/ipc-contract';
import { announce, nextBoundary, NOTHING_SEEN, transitions, type Seen } from './expiry';

/**
 * One timer for the whole list: `now` moves only when some token changes state
 * (valid → expiring soon → expired), so row badges and `is:` filters that read
 * it do no work in between, and each change is announced once, politely.
 * Countdown text on screen reads the per-second clock instead.
 */
export class ExpiryWatch {
  /** The time status is computed at; updated at each boundary and each new list. */
  now = $state(Date.now());
  /** The last transition, for a polite live region. */
  announcement = $state('');

  #accounts: readonly AccountView[] = [];
  #warnMinutes = 0;
  #seen: ReadonlyMap<string, Seen> = NOTHING_SEEN;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** A new list or warning window: look again now (without announcing) and plan the next boundary. */
  watch(accounts: readonly AccountView[], warnMinutes: number): void {
    const quiet = warnMinutes !== this.#warnMinutes;
    this.#accounts = accounts;
    this.#warnMinutes = warnMinutes;
    this.#look(!quiet);
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #look(tell: boolean): void {
    const now = Date.now();
    this.now = now;
    const { seen, news } = transitions(this.#seen, this.#accounts, now, this.#warnMinutes);
    this.#seen = seen;
    if (tell && news.length > 0) this.announcement = announce(news);
    this.stop();
    const next = nextBoundary(this.#accounts, now, this.#warnMinutes);
    // A few ms late rather than early, so the boundary has passed when we look; never more often than 4×/s.
    if (next !== null) this.#timer = setTimeout(() => this.#look(true), Math.min(2 ** 31 - 1, Math.max(250, next - now + 5)));
  }
}
