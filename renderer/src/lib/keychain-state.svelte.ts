import type { KeychainStatus } from '../../../electron/common/ipc-contract';
import { bridge, errorMessage, unwrap } from './vault-api';

/** Whether secrets can be stored; checked once at start, re-checked on demand. */
export class KeychainState {
  status = $state<KeychainStatus | null>(null);
  error = $state<string | null>(null);
  checking = $state(false);

  async check(): Promise<void> {
    this.checking = true;
    this.error = null;
    try {
      this.status = await unwrap(bridge().keychainStatus());
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.checking = false;
    }
  }
}
