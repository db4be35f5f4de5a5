/**
 * Locks the vault: drops every cached token from memory (and the ones shared
 * with the command line from the keychain) and clears the clipboard if it
 * still holds a value we put there, then tells the renderer.
 * Stored passwords and API keys stay in the keychain, so the next copy or
 * login simply logs in again.
 *
 * Triggers: the user (`vault:lock`), system sleep and screen lock (main wires
 * Electron's powerMonitor), and an idle timer that polls a pluggable idle-time
 * source (main: powerMonitor.getSystemIdleTime(); tests: a fake) against the
 * `idleLockMinutes` setting (0 = off). No Electron import here.
 */
import type { EventPayloads } from '../../common/ipc-contract';
import type { Logger } from '../logger';

export type LockReason = EventPayloads['vault:locked']['reason'];

/** The seams the lock needs from accounts, clipboard and settings. */
export interface TokenHolder {
  /** Drops the tokens in memory before returning; a promise covers what takes longer (deleting the shared ones). */
  forgetTokens(): void | Promise<void>;
}
export interface OwnClipboard {
  clearIfOurs(reason: 'lock'): Promise<boolean>;
}
export interface IdleLockSetting {
  readonly current: { idleLockMinutes: number };
}
/** Seconds since the user last touched keyboard or mouse, system-wide. */
export type IdleSeconds = () => number;
/** Whether the screen is locked right now (polled: not every platform sends a lock-screen event). */
export type ScreenLocked = () => boolean;
/** Runs `tick` every `ms` until the returned function is called. */
export type Every = (ms: number, tick: () => void) => () => void;

export interface LockDeps {
  accounts: TokenHolder;
  clipboard: OwnClipboard;
  settings: IdleLockSetting;
  logger: Logger;
  emit: (event: 'vault:locked', payload: EventPayloads['vault:locked']) => void;
}

export const DEFAULT_IDLE_POLL_MS = 15_000;

const realEvery: Every = (ms, tick) => {
  const handle = setInterval(tick, ms);
  handle.unref?.();
  return () => clearInterval(handle);
};

export class LockController {
  readonly #deps: LockDeps;
  #stopIdleWatch: (() => void) | null = null;
  /** True once the idle lock fired for the current idle stretch; re-armed when the user is back. */
  #idleFired = false;
  /** True once we locked for the current screen lock (by event or by poll); re-armed when it unlocks. */
  #screenLockFired = false;

  constructor(deps: LockDeps) {
    this.#deps = deps;
  }

  /**
   * Forgets tokens (those in memory at once, synchronously) and clears our clipboard value, then waits for the shared
   * tokens to be deleted too; never throws.
   */
  async lock(reason: LockReason): Promise<void> {
    const { accounts, clipboard, logger, emit } = this.#deps;
    if (reason === 'lock-screen') this.#screenLockFired = true;
    let forgetting: void | Promise<void> = undefined;
    try {
      forgetting = accounts.forgetTokens();
    } catch (error) {
      logger.error('lock', 'forgetting tokens failed', { reason, error });
    }
    let cleared = false;
    try {
      cleared = await clipboard.clearIfOurs('lock');
    } catch (error) {
      logger.warn('lock', 'clearing the clipboard failed', { reason, error });
    }
    await Promise.resolve(forgetting).catch((error: unknown) => logger.error('lock', 'forgetting tokens failed', { reason, error }));
    logger.info('lock', 'locked', { reason, clipboardCleared: cleared });
    emit('vault:locked', { reason });
  }

  /**
   * Polls `idleSeconds` every `pollMs` and locks once the user has been idle for
   * `idleLockMinutes` (read on every poll, so a settings change applies at once).
   * Locks once per idle stretch. Returns a function that stops watching.
   */
  watchIdle(idleSeconds: IdleSeconds, options: { pollMs?: number; every?: Every; screenLocked?: ScreenLocked } = {}): () => void {
    this.#stopIdleWatch?.();
    const { pollMs = DEFAULT_IDLE_POLL_MS, every = realEvery, screenLocked } = options;
    const stop = every(pollMs, () => {
      if (screenLocked) this.#checkScreenLock(screenLocked);
      this.#checkIdle(idleSeconds);
    });
    this.#stopIdleWatch = () => {
      stop();
      this.#stopIdleWatch = null;
    };
    return this.#stopIdleWatch;
  }

  dispose(): void {
    this.#stopIdleWatch?.();
  }

  /** Locks once per screen lock, whatever the idle setting: a locked screen means the user walked away. */
  #checkScreenLock(screenLocked: ScreenLocked): void {
    let locked: boolean;
    try {
      locked = screenLocked();
    } catch (error) {
      this.#deps.logger.warn('lock', 'could not read the screen lock state', { error });
      return;
    }
    if (!locked) {
      this.#screenLockFired = false;
      return;
    }
    if (this.#screenLockFired) return;
    void this.lock('lock-screen');
  }

  #checkIdle(idleSeconds: IdleSeconds): void {
    const minutes = this.#deps.settings.current.idleLockMinutes;
    let idle: number;
    try {
      idle = idleSeconds();
    } catch (error) {
      this.#deps.logger.warn('lock', 'could not read the idle time', { error });
      return;
    }
    if (!(minutes > 0) || !Number.isFinite(idle)) {
      this.#idleFired = false;
      return;
    }
    if (idle < minutes * 60) {
      this.#idleFired = false;
      return;
    }
    if (this.#idleFired) return;
    this.#idleFired = true;
    void this.lock('idle');
  }
}
