import type { Handlers } from '../ipc-dispatcher';
import type { VaultDeps } from '../vault-deps';

/** Electron's powerMonitor reads the OS's idle time on every platform. */
const ELECTRON_SHELL = { kind: 'electron', idleSource: 'idle time from the system' } as const;

export function appHandlers(deps: VaultDeps): Pick<Handlers, 'app:info' | 'keychain:status'> {
  return {
    'app:info': async () => {
      const shell = deps.shell ?? ELECTRON_SHELL;
      return { name: deps.appName, version: deps.appVersion, platform: deps.platform, shell: shell.kind, idleSource: shell.idleSource };
    },
    'keychain:status': async () => {
      const status = await deps.secrets.status();
      deps.logger.info('keychain', 'status checked', { available: status.available, backend: status.backend });
      return status;
    },
  };
}
