/**
 * The browser shell's automatic locks, which Electron gets from powerMonitor:
 *
 * - idle: the OS's idle time where a source answers (openIdleTimeSource: GNOME
 *   Mutter, the screensaver service, X11), else the time since the last key or
 *   pointer event in the app window, which the page reports through a binding
 *   (only from our top frame, checked like the bridge's). The source's
 *   description goes to app:info, so the status bar says which one counts;
 * - screen lock and sleep: the desktop's D-Bus signals (watchDesktopLock), on Linux.
 */
import { openIdleTimeSource, pollingIdleSeconds, type IdleSourceOptions } from '../core/desktop/idle-time';
import { watchDesktopLock, type DesktopLockOptions } from '../core/desktop/desktop-lock-watch';
import type { IdleSeconds, LockController, ScreenLocked } from '../core/lock/lock-controller';
import type { Logger } from '../core/logger';

/** Idle time for the idle lock, and what the status bar calls it. */
export interface IdleSource {
  idleSeconds: IdleSeconds;
  description: string;
  screenLocked?: ScreenLocked;
  pollMs?: number;
}

/** Seconds since the last input the app window reported. */
export class WindowActivity {
  readonly #now: () => number;
  #last: number;

  constructor(now: () => number) {
    this.#now = now;
    // Opening the window is the user's doing: idle time starts from there.
    this.#last = now();
  }

  touch(): void {
    this.#last = this.#now();
  }

  readonly idleSeconds: IdleSeconds = () => (this.#now() - this.#last) / 1000;
}

export interface ShellIdle {
  source: IdleSource;
  /** Set when the idle time comes from input in the window: the shell gives the page the binding that feeds it. */
  windowActivity: WindowActivity | null;
  close(): void;
}

export interface ShellIdleOptions {
  /** A fixed source (tests); otherwise the OS's, else input in the window. */
  idle?: IdleSource;
  idleSourceOptions?: IdleSourceOptions;
  /** How often the idle lock reads the OS's or the window's idle time; default the lock's own. */
  pollMs?: number;
  logger: Logger;
  now: () => number;
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/** Never throws: with no OS source, the window's input counts. close() may be called more than once. */
export async function openShellIdle(options: ShellIdleOptions): Promise<ShellIdle> {
  if (options.idle) return { source: options.idle, windowActivity: null, close: () => {} };
  const os = await openIdleTimeSource({ logger: options.logger, ...options.idleSourceOptions });
  options.logger.info('browser', 'idle time source', { kind: os.kind });
  const close = once(() => os.close());
  const poll = options.pollMs ? { pollMs: options.pollMs } : {};
  if (os.kind !== 'window') {
    return { source: { idleSeconds: pollingIdleSeconds(os), description: os.description, ...poll }, windowActivity: null, close };
  }
  const activity = new WindowActivity(options.now);
  return { source: { idleSeconds: activity.idleSeconds, description: os.description, ...poll }, windowActivity: activity, close };
}

export function watchIdle(lock: Pick<LockController, 'watchIdle'>, source: IdleSource): () => void {
  const { idleSeconds, screenLocked, pollMs } = source;
  return lock.watchIdle(idleSeconds, { ...(pollMs ? { pollMs } : {}), ...(screenLocked ? { screenLocked } : {}) });
}

export type DesktopBuses = Pick<DesktopLockOptions, 'sessionBus' | 'systemBus' | 'sessionId'>;

/**
 * Locks on screen lock and sleep from D-Bus (Linux; elsewhere nothing to watch
 * without Electron). Returns a stop function at once; the watch starts in the background.
 */
export function watchScreenLockAndSleep(
  platform: NodeJS.Platform,
  buses: DesktopBuses | null,
  lock: Pick<LockController, 'lock'>,
  logger: Logger,
): { stop(): void; started: Promise<void> } {
  if (platform !== 'linux' || buses === null) return { stop: () => {}, started: Promise.resolve() };
  let stopped = false;
  let stopWatch: (() => void) | null = null;
  const started = watchDesktopLock({ ...buses, logger, onLock: (reason) => void lock.lock(reason) }).then(
    (watch) => {
      if (stopped) watch.stop();
      else stopWatch = () => watch.stop();
    },
    (error: unknown) => logger.warn('browser', 'screen lock and sleep are not watched', { error }),
  );
  return {
    started,
    stop() {
      stopped = true;
      stopWatch?.();
    },
  };
}
