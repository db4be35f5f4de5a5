/**
 * Which shell `npm start` runs, and the one line that says why: Electron when
 * its binary is installed, else the system's Chromium, Chrome or Edge;
 * WXM_VAULT_SHELL=electron|browser forces one. Pure apart from the two finders
 * it is given, so every branch is testable without either installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FoundBrowser } from './find-browser';

export type ShellChoice = { shell: 'electron'; binary: string; line: string } | { shell: 'browser'; browser: FoundBrowser; line: string };

export class ShellChoiceError extends Error {
  override name = 'ShellChoiceError';
}

/**
 * The Electron binary npm installed, or null. `require('electron')` throws
 * ("Electron failed to install correctly") when the download never happened,
 * so read its path.txt and check the file instead.
 */
export function installedElectronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export interface ChoiceInputs {
  env: Record<string, string | undefined>;
  electronBinary: () => string | null;
  /** Throws (BrowserNotFoundError) with a sentence when there is none. */
  findBrowser: () => FoundBrowser;
}

function browserLine(browser: FoundBrowser, why: string): string {
  return `WXM Vault: opening in ${browser.path} (found via ${browser.source}), because ${why}.`;
}

export function chooseShell({ env, electronBinary, findBrowser }: ChoiceInputs): ShellChoice {
  const forced = env.WXM_VAULT_SHELL?.trim().toLowerCase();
  if (forced && forced !== 'electron' && forced !== 'browser') {
    throw new ShellChoiceError(
      `WXM_VAULT_SHELL must be "electron" or "browser", not "${forced.slice(0, 30)}": fix it, or unset it to choose automatically.`,
    );
  }
  if (forced === 'browser') {
    const browser = findBrowser();
    return { shell: 'browser', browser, line: browserLine(browser, 'WXM_VAULT_SHELL=browser') };
  }
  const binary = electronBinary();
  if (binary) {
    const why = forced === 'electron' ? 'WXM_VAULT_SHELL=electron' : 'its binary is installed';
    return { shell: 'electron', binary, line: `WXM Vault: opening in Electron (${binary}), because ${why}.` };
  }
  if (forced === 'electron') {
    throw new ShellChoiceError(
      'WXM_VAULT_SHELL=electron, but the Electron binary is not installed: run `node node_modules/electron/install.js` where the network allows, or unset WXM_VAULT_SHELL to use Chromium.',
    );
  }
  const browser = findBrowser();
  return { shell: 'browser', browser, line: browserLine(browser, 'the Electron binary is not installed') };
}
