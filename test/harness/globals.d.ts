import type { VaultBridge } from '../../electron/common/bridge';

declare global {
  interface Window {
    readonly wxmVault?: VaultBridge;
  }
}
