import type { Handlers } from '../ipc-dispatcher';
import type { SettingsStore } from '../settings/settings-store';

export function settingsHandlers(settings: SettingsStore): Pick<Handlers, 'settings:get' | 'settings:update'> {
  return {
    'settings:get': async () => settings.current,
    'settings:update': async (patch) => settings.update(patch),
  };
}
