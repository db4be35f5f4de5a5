/**
 * Puts a secret on the system clipboard and takes it off again.
 *
 * - `copy(text, seconds)` writes the text and, unless `seconds` is 0, arms a
 *   timer; a new copy cancels the previous timer.
 * - When the timer fires, or on `clearIfOurs(reason)` (quit, lock, the user's
 *   "Clear now"), the clipboard is cleared only if it still holds exactly what
 *   we copied: if the user copied something else meanwhile, it is left alone.
 * - The guard never keeps the secret itself: it remembers a SHA-256 digest and
 *   the length of what it copied, which is enough to recognise it again.
 *
 * Every clipboard operation runs one at a time, so a timer firing while a new
 * copy is being written cannot clear the new value.
 *
 * Every copy carries the platform's markers that keep it out of clipboard
 * history, cloud clipboard and clipboard managers, unless the user's
 * `clipboardHistory` setting allows history: the guard adds them, not its
 * callers, so no copy path can forget them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EventPayloads } from '../../common/ipc-contract';
import { Sequencer } from '../../common/sequencer';
import type { ClipboardPort } from './clipboard-port';
import { clipboardMarkers } from './clipboard-markers';
import type { Logger } from '../logger';
import { VaultError } from '../errors';

export type ClearReason = EventPayloads['clipboard:cleared']['reason'];

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending clear must not keep a Node process (tests, the harness) alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ClipboardGuardOptions {
  clipboard: ClipboardPort;
  /** `process.platform` of the machine whose clipboard this is: it picks the markers. */
  platform: string;
  /** Read on every copy, so a changed setting applies to the next one. */
  settings: { readonly current: { clipboardHistory: boolean } };
  logger: Logger;
  now: () => number;
  onCleared: (reason: ClearReason) => void;
  scheduler?: Scheduler;
}

export interface CopyTiming {
  copiedAt: number;
  /** Null when auto-clear is off. */
  clearsAt: number | null;
}

interface Held {
  digest: Buffer;
  length: number;
  timer: unknown;
  clearsAt: number | null;
}

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class ClipboardGuard {
  readonly #clipboard: ClipboardPort;
  readonly #platform: string;
  readonly #settings: ClipboardGuardOptions['settings'];
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #onCleared: (reason: ClearReason) => void;
  readonly #scheduler: Scheduler;
  #held: Held | null = null;
  readonly #queue = new Sequencer();
  /** Bumped by every lock/quit clear: a copy whose value was fetched before it must not land after it. */
  #epoch = 0;

  constructor(options: ClipboardGuardOptions) {
    this.#clipboard = options.clipboard;
    this.#platform = options.platform;
    this.#settings = options.settings;
    this.#logger = options.logger;
    this.#now = options.now;
    this.#onCleared = options.onCleared;
    this.#scheduler = options.scheduler ?? realScheduler;
  }

  /** Whether we have a value on the clipboard that we will clear later (or on quit). */
  get holding(): boolean {
    return this.#held !== null;
  }

  /** When the pending clear will run; null when none is armed. */
  get clearsAt(): number | null {
    return this.#held?.clearsAt ?? null;
  }

  /** Take this before fetching the value to copy, and pass it to `copy`. */
  get epoch(): number {
    return this.#epoch;
  }

  copy(text: string, clearAfterSeconds: number, epoch: number = this.#epoch): Promise<CopyTiming> {
    return this.#serial(async () => {
      if (epoch !== this.#epoch) {
        throw new VaultError('interrupted', 'WXM Vault locked while this copy was under way, so nothing was copied. Copy again.');
      }
      const allowHistory = this.#settings.current.clipboardHistory === true;
      await this.#clipboard.writeText(text, clipboardMarkers(this.#platform, allowHistory));
      // Only now: had the write failed, the previous value would still be ours to clear.
      this.#forget();
      const copiedAt = this.#now();
      const seconds = Number.isFinite(clearAfterSeconds) ? Math.max(0, Math.floor(clearAfterSeconds)) : 0;
      const clearsAt = seconds > 0 ? copiedAt + seconds * 1000 : null;
      const held: Held = { digest: digestOf(text), length: text.length, timer: null, clearsAt };
      if (seconds > 0) {
        held.timer = this.#scheduler.setTimeout(() => {
          if (this.#held !== held) return;
          void this.#serial(() => this.#clearHeld(held, 'timeout')).catch((error) =>
            this.#logger.warn('clipboard', 'timed clear failed', { error: errorText(error) }),
          );
        }, seconds * 1000);
      }
      this.#held = held;
      this.#logger.info('clipboard', 'copied', { clearAfterSeconds: seconds, concealed: !allowHistory });
      return { copiedAt, clearsAt };
    });
  }

  /**
   * Clears the clipboard if it still holds our value. Returns true when it
   * cleared something. Either way the guard forgets the value.
   */
  clearIfOurs(reason: ClearReason): Promise<boolean> {
    // At call time, not in the queue: copies already queued behind this must see it.
    if (reason === 'lock' || reason === 'quit') this.#epoch++;
    return this.#serial(async () => {
      const held = this.#held;
      if (!held) return false;
      return this.#clearHeld(held, reason);
    });
  }

  /** Cancels the timer and forgets the value without touching the clipboard. */
  dispose(): void {
    this.#forget();
  }

  async #clearHeld(held: Held, reason: ClearReason): Promise<boolean> {
    if (this.#held !== held) return false;
    this.#forget();
    let current: string;
    try {
      current = await this.#clipboard.readText();
    } catch (error) {
      this.#logger.warn('clipboard', 'could not read the clipboard to clear it', { reason, error: errorText(error) });
      return false;
    }
    const ours = current.length === held.length && timingSafeEqual(digestOf(current), held.digest);
    current = '';
    if (!ours) {
      this.#logger.info('clipboard', 'left alone: it no longer holds our value', { reason });
      return false;
    }
    await this.#clipboard.clear();
    this.#logger.info('clipboard', 'cleared', { reason });
    this.#onCleared(reason);
    return true;
  }

  #forget(): void {
    const held = this.#held;
    if (!held) return;
    if (held.timer !== null) this.#scheduler.clearTimeout(held.timer);
    this.#held = null;
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    return this.#queue.queue(work);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
