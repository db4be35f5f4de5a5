/**
 * Locks the vault: drops every cached token from memory and clears the
 * clipboard if it still holds a value we put there, then tells the renderer.
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
  forgetTokens(): void;
}
export interface OwnClipboard {
  clearIfOurs(reason: 'lock'): Promise<boolean>;
}
export interface IdleLockSetting {
  readonly current: { idleLockMinutes: number };
}
/** Seconds since the user last touched keyboard or mouse, system-wide. */
export type IdleSeconds = () => number;
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

  constructor(deps: LockDeps) {
    this.#deps = deps;
  }

  /** Forgets tokens at once (synchronously), then clears our clipboard value; never throws. */
  async lock(reason: LockReason): Promise<void> {
    const { accounts, clipboard, logger, emit } = this.#deps;
    try {
      accounts.forgetTokens();
    } catch (error) {
      logger.error('lock', 'forgetting tokens failed', { reason, error });
    }
    let cleared = false;
    try {
      cleared = await clipboard.clearIfOurs('lock');
    } catch (error) {
      logger.warn('lock', 'clearing the clipboard failed', { reason, error });
    }
    logger.info('lock', 'locked', { reason, clipboardCleared: cleared });
    emit('vault:locked', { reason });
  }

  /**
   * Polls `idleSeconds` every `pollMs` and locks once the user has been idle for
   * `idleLockMinutes` (read on every poll, so a settings change applies at once).
   * Locks once per idle stretch. Returns a function that stops watching.
   */
  watchIdle(idleSeconds: IdleSeconds, options: { pollMs?: number; every?: Every } = {}): () => void {
    this.#stopIdleWatch?.();
    const { pollMs = DEFAULT_IDLE_POLL_MS, every = realEvery } = options;
    const stop = every(pollMs, () => this.#checkIdle(idleSeconds));
    this.#stopIdleWatch = () => {
      stop();
      this.#stopIdleWatch = null;
    };
    return this.#stopIdleWatch;
  }

  dispose(): void {
    this.#stopIdleWatch?.();
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
