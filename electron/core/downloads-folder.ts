/**
 * The user's Downloads folder, where the browser shell writes an account
 * export (it has no save dialog, and Chromium's own downloads are denied).
 * Pure but for reading the XDG user-dirs file; the caller passes platform, env and home.
 *
 * Linux and other XDG desktops: $XDG_DOWNLOAD_DIR, else XDG_DOWNLOAD_DIR in
 * `$XDG_CONFIG_HOME/user-dirs.dirs` (what `xdg-user-dir DOWNLOAD` reads, and
 * where a German desktop says "$HOME/Downloads" or "$HOME/Herunterladen"), else ~/Downloads.
 * macOS and Windows: ~/Downloads.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export interface DownloadsInputs {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

/** The value of XDG_DOWNLOAD_DIR in a user-dirs.dirs text: "$HOME/…" or an absolute path (the only two forms the format allows). */
export function parseUserDirs(text: string, home: string): string | null {
  const match = /^\s*XDG_DOWNLOAD_DIR\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/m.exec(text);
  if (!match) return null;
  const value = match[1]!.replace(/\\(.)/g, '$1');
  if (value === '$HOME' || value.startsWith('$HOME/')) return join(home, value.slice('$HOME'.length));
  return isAbsolute(value) ? value : null;
}

function fromUserDirsFile({ env, home }: DownloadsInputs): string | null {
  const configHome = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  try {
    return parseUserDirs(readFileSync(join(configHome, 'user-dirs.dirs'), 'utf8'), home);
  } catch {
    // No such file: the desktop never set its user folders up.
    return null;
  }
}

export function downloadsFolder(inputs: DownloadsInputs): string {
  if (inputs.platform !== 'darwin' && inputs.platform !== 'win32') {
    const fromEnv = inputs.env.XDG_DOWNLOAD_DIR;
    if (fromEnv && isAbsolute(fromEnv)) return fromEnv;
    const fromFile = fromUserDirsFile(inputs);
    if (fromFile) return fromFile;
  }
  return join(inputs.home, 'Downloads');
}
