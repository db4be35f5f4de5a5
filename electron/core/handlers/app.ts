import type { Handlers } from '../ipc-dispatcher';
import type { VaultDeps } from '../vault-deps';

export function appHandlers(deps: VaultDeps): Pick<Handlers, 'app:info' | 'keychain:status'> {
  return {
    'app:info': async () => ({ name: deps.appName, version: deps.appVersion, platform: deps.platform }),
    'keychain:status': async () => {
      const status = await deps.secrets.status();
      deps.logger.info('keychain', 'status checked', { available: status.available, backend: status.backend });
      return status;
    },
  };
}
