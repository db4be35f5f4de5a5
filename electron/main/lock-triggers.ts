/**
 * Connects the lock to the system: sleep and screen lock lock at once; the idle
 * watch polls the system idle time. Takes a powerMonitor-like object (no
 * Electron import at run time) so node tests drive it with an EventEmitter.
 */
import type { Every, LockController } from '../core/lock/lock-controller';

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
