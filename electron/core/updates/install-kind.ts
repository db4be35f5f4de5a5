/**
 * What kind of install this is, as far as updates go, read from what
 * electron-builder leaves beside the app: `package-type` (written for deb, rpm
 * and pacman builds) and `app-update.yml` (the update feed, written when the
 * build has a `publish` config). The AppImage runtime sets APPIMAGE.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * - `appimage`, `nsis`, `mac`: electron-updater can replace the app in place.
 * - `package-manager`: a deb (or rpm, pacman) is owned by the system's package manager; we leave it alone.
 * - `other`: an unpacked folder, a portable build, a platform we do not package for.
 */
export type InstallKind = 'appimage' | 'nsis' | 'mac' | 'package-manager' | 'other';

export interface InstallFacts {
  kind: InstallKind;
  /** Whether the build carries the update feed electron-updater reads (`app-update.yml`). */
  hasFeed: boolean;
}

export interface InstallProbe {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Electron's `process.resourcesPath`: the folder beside app.asar. */
  resourcesPath: string;
}

export const UPDATE_FEED_FILE = 'app-update.yml';
export const PACKAGE_TYPE_FILE = 'package-type';

export function installFacts({ platform, env, resourcesPath }: InstallProbe): InstallFacts {
  return { kind: installKind(platform, env, resourcesPath), hasFeed: existsSync(join(resourcesPath, UPDATE_FEED_FILE)) };
}

function installKind(platform: NodeJS.Platform, env: InstallProbe['env'], resourcesPath: string): InstallKind {
  if (platform === 'win32') return 'nsis';
  if (platform === 'darwin') return 'mac';
  if (platform !== 'linux') return 'other';
  // electron-updater would pick its DebUpdater (pkexec dpkg -i) for these; we never do.
  if (readPackageType(resourcesPath) !== null) return 'package-manager';
  return env.APPIMAGE?.trim() ? 'appimage' : 'other';
}

function readPackageType(resourcesPath: string): string | null {
  try {
    const type = readFileSync(join(resourcesPath, PACKAGE_TYPE_FILE), 'utf8').trim();
    return type === '' ? null : type;
  } catch {
    return null;
  }
}
