/**
 * Where the demo keeps its vault: a data folder and a keychain service of its
 * own, beside the real ones. It never reads WXM_VAULT_DATA_DIR or
 * WXM_VAULT_KEYCHAIN_SERVICE: those may point at someone's real vault, which
 * must never get sample accounts.
 */
import { dirname, join } from 'node:path';
import { defaultDataDir, type AppLocation, type LocationInputs } from '../core/data-folder/app-location';

export const DEMO_DIR_NAME = 'WXM Vault Demo';
export const DEMO_KEYCHAIN_SERVICE = 'wxm-vault-demo';
/** Fixed, because the demo's accounts store the sandbox's URL from one start to the next. */
export const DEFAULT_DEMO_PORT = 47810;

export class DemoSetupError extends Error {
  override name = 'DemoSetupError';
}

export function demoLocation(inputs: Omit<LocationInputs, 'env'> & { env: Record<string, string | undefined> }): AppLocation {
  const { WXM_VAULT_DATA_DIR: _dir, WXM_VAULT_KEYCHAIN_SERVICE: _service, ...env } = inputs.env;
  const dataDir = join(dirname(defaultDataDir({ ...inputs, env })), DEMO_DIR_NAME);
  return { dataDir, logsDir: join(dataDir, 'logs'), keychainService: DEMO_KEYCHAIN_SERVICE };
}

/** WXM_DEMO_PORT, else DEFAULT_DEMO_PORT. */
export function demoPort(env: Record<string, string | undefined>): number {
  const raw = env.WXM_DEMO_PORT?.trim();
  if (!raw) return DEFAULT_DEMO_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1024 || port > 65535) {
    throw new DemoSetupError(`WXM_DEMO_PORT must be a port number from 1024 to 65535; "${raw.slice(0, 20)}" is not. Fix it or unset it.`);
  }
  return port;
}
