/**
 * Connects the lock to the system: sleep and screen lock lock at once; the idle
 * watch polls the system idle time. Takes a powerMonitor-like object (no
 * Electron import at run time) so node tests drive it with an EventEmitter.
 */
import { watchDesktopLock, type DesktopLockOptions, type DesktopLockWatch } from '../../core/desktop/desktop-lock-watch';
import type { Every, LockController } from '../../core/lock/lock-controller';
import type { Logger } from '../../core/logger';

export interface PowerMonitorLike {
  on(event: 'suspend' | 'lock-screen', listener: () => void): unknown;
  getSystemIdleTime(): number;
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown';
}

export function wireLockTriggers(
  powerMonitor: PowerMonitorLike,
  lock: Pick<LockController, 'lock' | 'watchIdle'>,
  idleOptions: { pollMs?: number; every?: Every } = {},
): () => void {
  powerMonitor.on('suspend', () => void lock.lock('suspend'));
  powerMonitor.on('lock-screen', () => void lock.lock('lock-screen'));
  // Electron sends 'lock-screen' on macOS and Windows only; on Linux the poll sees the locked state instead.
  return lock.watchIdle(() => powerMonitor.getSystemIdleTime(), {
    ...idleOptions,
    screenLocked: () => powerMonitor.getSystemIdleState(1) === 'locked',
  });
}

/**
 * Linux: the screen locker's and logind's D-Bus signals lock at once, where
 * Electron has no 'lock-screen' and the idle-state poll may not see a Wayland
 * lock. Resolves to null on other systems; stop() the watch on quit.
 */
export async function wireDesktopLockWatch(
  platform: NodeJS.Platform,
  lock: Pick<LockController, 'lock'>,
  logger: Logger,
  buses: Pick<DesktopLockOptions, 'sessionBus' | 'systemBus' | 'sessionId'> = {},
): Promise<DesktopLockWatch | null> {
  if (platform !== 'linux') return null;
  return watchDesktopLock({ ...buses, logger, onLock: (reason) => void lock.lock(reason) });
}
