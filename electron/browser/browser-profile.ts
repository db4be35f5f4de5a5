/**
 * The browser profile the app window runs in: a folder inside the app data
 * folder, emptied on every start so nothing from an earlier run (cache, site
 * data, a changed setting) carries over, and seeded with preferences that turn
 * off what the command-line flags cannot: password saving, autofill,
 * translation, sign-in, spellcheck and every permission.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROFILE_FOLDER = 'browser-profile';

/** Content settings: 2 = block. Permissions we never need; the page asks for none. */
const BLOCKED_CONTENT_SETTINGS = [
  'notifications',
  'geolocation',
  'media_stream_camera',
  'media_stream_mic',
  'midi_sysex',
  'clipboard',
  'sensors',
  'popups',
  'automatic_downloads',
  'usb_guard',
  'serial_guard',
  'hid_guard',
  'bluetooth_guard',
  'file_system_write_guard',
  'local_fonts',
  'window_placement',
  'idle_detection',
  'payment_handler',
  'storage_access',
  'ar',
  'vr',
] as const;

export function profilePreferences(): Record<string, unknown> {
  return {
    profile: {
      default_content_setting_values: Object.fromEntries(BLOCKED_CONTENT_SETTINGS.map((name) => [name, 2])),
      password_manager_enabled: false,
    },
    credentials_enable_service: false,
    credentials_enable_autosignin: false,
    autofill: { profile_enabled: false, credit_card_enabled: false },
    translate: { enabled: false },
    signin: { allowed: false },
    // The spelling service would send typed text to Google; Electron's window has spellcheck off too.
    browser: { enable_spellchecking: false },
    spellcheck: { use_spelling_service: false },
    safebrowsing: { enabled: false },
    search: { suggest_enabled: false },
    alternate_error_pages: { enabled: false },
  };
}

/** Empties `<dataDir>/browser-profile` and seeds its preferences; returns the profile path. */
export function freshProfile(dataDir: string): string {
  const dir = join(dataDir, PROFILE_FOLDER);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'Default'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(profilePreferences()), { mode: 0o600 });
  return dir;
}
