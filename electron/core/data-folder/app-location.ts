/**
 * Where the vault lives: the data folder, the log folder and the keychain
 * service name. The defaults are exactly Electron's (app.getPath('userData')
 * and 'logs' for an app named "WXM Vault"), so both shells open the same
 * vault; WXM_VAULT_DATA_DIR and WXM_VAULT_KEYCHAIN_SERVICE move it (tests,
 * the demo, portable use). Pure: the caller passes platform, env and home.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_SERVICE } from '../keychain/secrets';

/** Electron's app.getName(): package.json productName. */
export const APP_DIR_NAME = 'WXM Vault';

export interface AppLocation {
  dataDir: string;
  logsDir: string;
  keychainService: string;
}

export interface LocationInputs {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  cwd?: string;
}

/** Electron's appData folder per OS, joined with the app's name (userData). */
export function defaultDataDir({ platform, env, home }: LocationInputs): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), APP_DIR_NAME);
}

export class LocationError extends Error {
  override name = 'LocationError';
}

export function resolveAppLocation(inputs: LocationInputs): AppLocation {
  const { platform, env, home } = inputs;
  const override = env.WXM_VAULT_DATA_DIR?.trim();
  const dataDir = override ? resolve(inputs.cwd ?? process.cwd(), override) : defaultDataDir(inputs);
  // Electron keeps macOS logs in ~/Library/Logs/<name>, elsewhere under userData; a moved vault keeps its logs with it.
  const logsDir = platform === 'darwin' && !override ? join(home, 'Library', 'Logs', APP_DIR_NAME) : join(dataDir, 'logs');
  const service = env.WXM_VAULT_KEYCHAIN_SERVICE?.trim();
  if (service !== undefined && service !== '' && !/^[A-Za-z0-9._-]{1,100}$/.test(service)) {
    throw new LocationError(
      `WXM_VAULT_KEYCHAIN_SERVICE must be 1 to 100 letters, digits, dots, dashes or underscores; "${service.slice(0, 40)}" is not. Fix it or unset it.`,
    );
  }
  return { dataDir, logsDir, keychainService: service || DEFAULT_SERVICE };
}
