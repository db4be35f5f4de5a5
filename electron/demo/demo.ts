/**
 * `npm run demo` (via scripts/demo.mjs, built to dist/demo/demo.mjs): WXM Vault
 * in the browser shell against a local WXM sandbox with sample accounts, so a
 * new user tries every feature without a WXM account. Where no Secret Service
 * runs, it starts itself again inside a throwaway keyring, with a throwaway
 * data folder to match (secrets the keyring forgets would leave accounts
 * without their passwords). Every failure ends in one sentence and exit code 1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserNotFoundError, findBrowser } from '../browser/find-browser';
import { hasDisplay, type Terminal } from '../browser/start';
import type { AppLocation } from '../core/data-folder/app-location';
import { createOsClipboard } from '../core/clipboard/os-clipboard';
import { DataFolderLockedError } from '../core/data-folder/data-lock';
import { defaultSessionBusAddress } from '../core/desktop/dbus-bus';
import { DemoSetupError, demoLocation, demoPort } from './demo-location';
import { startDemo } from './demo-session';
import { secretServiceRunning } from './secret-service';

export const NO_DISPLAY_DEMO_SENTENCE =
  'The WXM Vault demo needs a graphical display, and neither DISPLAY nor WAYLAND_DISPLAY is set: run it from your desktop session, or on a headless machine run `xvfb-run -a npm run demo`.';

/** Set on the demo's second start, inside the throwaway keyring, so it does not start a third. */
export const THROWAWAY_KEYRING_ENV = 'WXM_DEMO_THROWAWAY_KEYRING';

export interface DemoLauncher {
  /** scripts/with-keyring.sh: a private D-Bus session with an unlocked, throwaway gnome-keyring. */
  withKeyring: string;
  /** The command that starts this demo again (node and scripts/demo.mjs). */
  relaunch: string[];
}

const KNOWN = [DemoSetupError, BrowserNotFoundError, DataFolderLockedError];

function inThrowawayKeyring(launcher: DemoLauncher, terminal: Terminal): Promise<number> {
  terminal.say(
    'No Secret Service (GNOME Keyring, KWallet) runs here, so the demo starts a throwaway keyring; it and the demo vault are deleted when the demo ends.',
  );
  return new Promise((resolve) => {
    const child = spawn('sh', [launcher.withKeyring, ...launcher.relaunch], {
      stdio: 'inherit',
      env: { ...process.env, [THROWAWAY_KEYRING_ENV]: '1' },
    });
    // Ctrl+C reaches the child too (same process group): wait for it to clear the clipboard and stop.
    const ignore = () => {};
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', ignore);
    process.once('SIGTERM', forward('SIGTERM'));
    process.once('SIGHUP', forward('SIGHUP'));
    child.on('error', () => {
      terminal.warn(
        `The throwaway keyring (${launcher.withKeyring}) could not be started: install the dbus and gnome-keyring packages, or start a Secret Service, and try again.`,
      );
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function runDemo(appVersion: string, terminal: Terminal, location: AppLocation, throwaway: boolean): Promise<number> {
  const found = findBrowser({ platform: process.platform, env: process.env, home: homedir() });
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  terminal.say(`WXM Vault demo: opening in ${found.path} (found via ${found.source}).`);
  const session = await startDemo({
    browserPath: found.path,
    location,
    port: demoPort(process.env),
    clipboard: createOsClipboard(),
    appVersion,
    runningAsRoot,
    throwaway,
    say: (line) => terminal.say(line),
  });
  const stop = () => void session.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  const end = await session.ended;
  if (end === 'browser-exited')
    return (terminal.warn('The browser closed unexpectedly; the demo cleared its clipboard value and stopped. Start it again.'), 1);
  return 0;
}

export async function main(appVersion: string, terminal: Terminal, launcher: DemoLauncher): Promise<number> {
  let throwawayDir: string | null = null;
  try {
    if (!hasDisplay(process.platform, process.env)) return (terminal.warn(NO_DISPLAY_DEMO_SENTENCE), 1);
    demoPort(process.env);
    const throwaway = process.env[THROWAWAY_KEYRING_ENV] === '1';
    if (!throwaway && !(await secretServiceRunning(process.platform, defaultSessionBusAddress())))
      return await inThrowawayKeyring(launcher, terminal);
    let location = demoLocation({ platform: process.platform, env: process.env, home: homedir() });
    if (throwaway) {
      throwawayDir = mkdtempSync(join(tmpdir(), 'wxm-vault-demo-'));
      location = { ...location, dataDir: throwawayDir, logsDir: join(throwawayDir, 'logs') };
    }
    return await runDemo(appVersion, terminal, location, throwaway);
  } catch (error) {
    if (KNOWN.some((type) => error instanceof type)) return (terminal.warn((error as Error).message), 1);
    terminal.warn(
      `The WXM Vault demo could not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}). Run \`npm run build\` and try again.`,
    );
    return 1;
  } finally {
    if (throwawayDir) rmSync(throwawayDir, { recursive: true, force: true });
  }
}
