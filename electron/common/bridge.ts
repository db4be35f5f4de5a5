/**
 * Builds the object the renderer sees as `window.wxmVault`: one named function
 * per contract channel, one `on…` function per event, nothing else.
 *
 * It runs in the preload (Electron) and in the test harness page (Chromium):
 * only the `invoke` and `subscribe` transports differ. It never exposes the
 * transport itself, and listeners receive the payload only, never an IPC
 * event object (whose `sender` leads back to ipcRenderer).
 */
import type { ChannelName, EventName, EventPayloads, Reply, RequestOf, ResponseOf } from './ipc-contract';

export const BRIDGE_METHODS = {
  appInfo: 'app:info',
  keychainStatus: 'keychain:status',
  networkStatus: 'network:status',
  listAccounts: 'accounts:list',
  addAccount: 'accounts:add',
  updateAccount: 'accounts:update',
  removeAccount: 'accounts:remove',
  loginAccount: 'accounts:login',
  sendTwoFactorCode: 'accounts:sendCode',
  exportAccounts: 'accounts:export',
  exportAccountsToFile: 'accounts:exportToFile',
  importAccounts: 'accounts:import',
  fetchApiKey: 'apikey:fetch',
  generateApiKey: 'apikey:generate',
  useApiKey: 'apikey:use',
  copyToClipboard: 'clipboard:copy',
  clearClipboard: 'clipboard:clear',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  lockVault: 'vault:lock',
  vaultStatus: 'vault:status',
  unlockVault: 'vault:unlock',
  setVaultPassphrase: 'vault:passphrase',
  resetVault: 'vault:reset',
} as const satisfies Record<string, ChannelName>;

export const BRIDGE_EVENTS = {
  onClipboardCleared: 'clipboard:cleared',
  onVaultLocked: 'vault:locked',
  onAccountsChanged: 'accounts:changed',
} as const satisfies Record<string, EventName>;

type Methods = typeof BRIDGE_METHODS;
type Events = typeof BRIDGE_EVENTS;

export type VaultBridge = {
  readonly [M in keyof Methods]: (request: RequestOf<Methods[M]>) => Promise<Reply<ResponseOf<Methods[M]>>>;
} & {
  readonly [E in keyof Events]: (listener: (payload: EventPayloads[Events[E]]) => void) => () => void;
};

export type Invoke = (channel: ChannelName, payload: unknown) => Promise<unknown>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export function createBridge(invoke: Invoke, subscribe: Subscribe): VaultBridge {
  const bridge: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(BRIDGE_METHODS)) {
    bridge[method] = (request: unknown) => invoke(channel, request);
  }
  for (const [method, event] of Object.entries(BRIDGE_EVENTS)) {
    bridge[method] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${method} needs a function`);
      return subscribe(event, (payload) => listener(payload));
    };
  }
  return Object.freeze(bridge) as VaultBridge;
}
