import { DEFAULT_SETTINGS } from '../../../electron/common/field-rules';
import type { Settings } from '../../../electron/common/ipc-contract';
import { bridge, errorMessage, unwrap } from './vault-api';

export class SettingsState {
  /** The defaults until main answers; main owns the real values. */
  value = $state.raw<Settings>(DEFAULT_SETTINGS);
  loaded = $state(false);
  error = $state<string | null>(null);

  async load(): Promise<void> {
    try {
      this.value = await unwrap(bridge().getSettings());
      this.loaded = true;
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Saves and returns the stored settings; throws a VaultApiError on refusal. */
  async save(patch: Partial<Settings>): Promise<Settings> {
    this.value = await unwrap(bridge().updateSettings(patch));
    return this.value;
  }
}
