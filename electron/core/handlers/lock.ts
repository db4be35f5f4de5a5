import type { Handlers } from '../ipc-dispatcher';
import type { LockController } from '../lock/lock-controller';

export function lockHandlers(lock: LockController): Pick<Handlers, 'vault:lock'> {
  return {
    'vault:lock': async () => {
      await lock.lock('user');
      return { locked: true };
    },
  };
}
