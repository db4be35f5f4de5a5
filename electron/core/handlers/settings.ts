import type { Settings } from '../../common/ipc-contract';
import type { Handlers } from '../ipc-dispatcher';
import type { SettingsStore } from '../settings/settings-store';

/** `afterSave` acts on what a change means beyond the file (sharing turned off deletes the shared tokens) before the reply. */
export function settingsHandlers(
  settings: SettingsStore,
  afterSave: (saved: Settings) => Promise<void> | undefined = () => undefined,
): Pick<Handlers, 'settings:get' | 'settings:update'> {
  return {
    'settings:get': async () => settings.current,
    'settings:update': async (patch) => {
      const saved = await settings.update(patch);
      await afterSave(saved);
      return saved;
    },
  };
}
