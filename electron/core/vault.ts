/**
 * Composes the vault core from its parts. Electron main and the test harness
 * both call this with their own deps; nothing here imports Electron.
 *
 * Seams between the parts (each owned by one module):
 * - accounts (electron/core/accounts): account list, keychain secrets, WXM logins,
 *   the in-memory token cache. Offers accessToken(id), apiKey(id), forgetTokens().
 * - clipboard (electron/core/clipboard): copies a value and clears it later,
 *   only if the clipboard still holds it. Offers clearIfOurs(reason).
 * - settings (electron/core/settings): clipboard timeout, expiry warning, idle lock.
 * - lock (electron/core/lock): on idle, sleep or screen lock, forgets tokens
 *   and clears our clipboard value.
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
