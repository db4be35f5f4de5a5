/**
 * The user's settings (never a secret), kept in `<dataDir>/settings.json`.
 *
 * - Loaded once, synchronously, when the vault starts; read by other parts via
 *   `current` (the idle lock reads it on every poll, so a change applies at once).
 * - Written atomically: a temp file in the same folder, then rename, so a crash
 *   mid-write leaves the old file or the new one, never half of one.
 * - A file that does not parse is renamed aside (`settings.corrupt-<time>.json`)
 *   and defaults are used, with a warning in the log; a single out-of-range
 *   field falls back to its default and keeps the others.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, inRange, SETTINGS_RANGES, type NumberSetting } from '../../common/field-rules';
import type { Settings } from '../../common/ipc-contract';
import { Sequencer } from '../../common/sequencer';
import type { Logger } from '../logger';
import { writeFileAtomic } from '../data-folder/atomic-file';
import { setAside } from '../data-folder/set-aside';

export const SETTINGS_FILE = 'settings.json';

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

function isNumberKey(key: keyof Settings): key is NumberSetting {
  return Object.hasOwn(SETTINGS_RANGES, key);
}

function isValid<K extends keyof Settings>(key: K, value: unknown): value is Settings[K] {
  if (!isNumberKey(key)) return typeof value === typeof DEFAULT_SETTINGS[key];
  return inRange(SETTINGS_RANGES[key], value);
}

function assign<K extends keyof Settings>(settings: Settings, key: K, value: Settings[K]): void {
  settings[key] = value;
}

export interface SettingsStoreOptions {
  dataDir: string;
  logger: Logger;
  now: () => number;
}

export class SettingsStore {
  readonly path: string;
  readonly #dataDir: string;
  readonly #logger: Logger;
  readonly #now: () => number;
  #current: Settings;
  readonly #writes = new Sequencer();

  constructor(options: SettingsStoreOptions) {
    this.#dataDir = options.dataDir;
    this.#logger = options.logger;
    this.#now = options.now;
    this.path = join(options.dataDir, SETTINGS_FILE);
    this.#current = this.#load();
  }

  get current(): Settings {
    return { ...this.#current };
  }

  /** Applies the given fields (already schema-checked by the dispatcher), saves, and returns the whole set. */
  update(patch: Partial<Settings>): Promise<Settings> {
    return this.#writes.queue(async () => {
      const next: Settings = { ...this.#current };
      for (const key of KEYS) {
        const value = patch[key];
        if (value === undefined) continue;
        if (!isValid(key, value)) throw new RangeError(`setting ${key} out of range or of the wrong type`);
        assign(next, key, value);
      }
      await this.#save(next);
      this.#current = next;
      this.#logger.info('settings', 'saved', { ...next });
      return { ...next };
    });
  }

  #load(): Settings {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#logger.warn('settings', 'could not read the settings file; using defaults', { error });
      }
      return { ...DEFAULT_SETTINGS };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      try {
        const aside = setAside(this.path, this.#now());
        this.#logger.warn('settings', 'settings file was unreadable; kept it aside and used defaults', { keptAs: aside });
      } catch (error) {
        this.#logger.warn('settings', 'settings file was unreadable and could not be moved aside; using defaults', { error });
      }
      return { ...DEFAULT_SETTINGS };
    }
    const record = parsed as Record<string, unknown>;
    const settings: Settings = { ...DEFAULT_SETTINGS };
    for (const key of KEYS) {
      if (!(key in record)) continue;
      const value = record[key];
      if (isValid(key, value)) assign(settings, key, value);
      else this.#logger.warn('settings', 'ignored an out-of-range or mistyped setting; using its default', { key, default: DEFAULT_SETTINGS[key] });
    }
    return settings;
  }

  #save(settings: Settings): Promise<void> {
    return writeFileAtomic(this.#dataDir, SETTINGS_FILE, `${JSON.stringify(settings, null, 2)}\n`);
  }
}
