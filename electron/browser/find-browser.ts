/**
 * Finds a Chromium-family browser (Chromium, Chrome, Edge) to host the app
 * window: WXM_VAULT_BROWSER if set (a path, or a command on PATH), else the
 * usual commands on PATH, else the usual install paths. Pure apart from the
 * `isExecutable` it is given, so tests run it against any file layout.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter as pathDelimiter, isAbsolute, join, win32 } from 'node:path';

export interface BrowserSearch {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  isExecutable?: (path: string) => boolean;
}

export interface FoundBrowser {
  path: string;
  /** How it was found, for the start line. */
  source: 'WXM_VAULT_BROWSER' | 'PATH' | 'install path';
}

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

const LINUX_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable', 'microsoft-edge'];
const LINUX_PATHS = ['/snap/bin/chromium', '/opt/google/chrome/chrome', '/opt/microsoft/msedge/msedge', '/opt/chromium/chrome'];
const MAC_APPS = [
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Chromium.app/Contents/MacOS/Chromium',
  'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
];
const WINDOWS_APPS = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'Chromium\\Application\\chrome.exe'];

/** A regular file this process may run. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string, search: BrowserSearch, isExecutable: (p: string) => boolean): string | null {
  const windows = search.platform === 'win32';
  const delimiter = windows ? ';' : search.platform === process.platform ? pathDelimiter : ':';
  const dirs = (search.env.PATH ?? search.env.Path ?? '').split(delimiter).filter(Boolean);
  const names = windows && !/\.exe$/i.test(command) ? [command, `${command}.exe`] : [command];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = windows ? win32.join(dir, name) : join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function installPaths(search: BrowserSearch): string[] {
  const { platform, env, home } = search;
  if (platform === 'darwin') return ['/Applications', join(home, 'Applications')].flatMap((dir) => MAC_APPS.map((app) => join(dir, app)));
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((root) => WINDOWS_APPS.map((app) => win32.join(root, app)));
  }
  return LINUX_PATHS;
}

function commands(platform: NodeJS.Platform): string[] {
  if (platform === 'win32') return ['chrome', 'msedge'];
  if (platform === 'darwin') return [];
  return LINUX_COMMANDS;
}

export function findBrowser(search: BrowserSearch): FoundBrowser {
  const isExecutable = search.isExecutable ?? isExecutableFile;
  const named = search.env.WXM_VAULT_BROWSER?.trim();
  if (named) {
    const path = isAbsolute(named) || win32.isAbsolute(named) ? (isExecutable(named) ? named : null) : onPath(named, search, isExecutable);
    if (!path) {
      throw new BrowserNotFoundError(
        `WXM_VAULT_BROWSER names "${named}", which is not an executable file or a command on PATH: point it at Chromium, Chrome or Edge, or unset it.`,
      );
    }
    return { path, source: 'WXM_VAULT_BROWSER' };
  }
  for (const command of commands(search.platform)) {
    const path = onPath(command, search, isExecutable);
    if (path) return { path, source: 'PATH' };
  }
  for (const path of installPaths(search)) {
    if (isExecutable(path)) return { path, source: 'install path' };
  }
  throw new BrowserNotFoundError(
    'WXM Vault needs the Electron binary or a Chromium, Chrome or Edge browser, and found neither: install one ' +
      "(Debian/Ubuntu: sudo apt install chromium), or set WXM_VAULT_BROWSER to a browser's path.",
  );
}
