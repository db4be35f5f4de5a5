/**
 * `npm start` (via scripts/start.mjs, built to dist/browser/start.mjs): checks
 * for a display, picks the shell, says which in one line, and runs it until its
 * window closes. Every way it can fail ends in one sentence that says what to
 * do, and exit code 1; never a stack trace.
 */
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { resolveAppLocation, LocationError } from '../core/data-folder/app-location';
import { createOsClipboard } from '../core/clipboard/os-clipboard';
import { DataFolderLockedError, dataLockHolder, LOCK_FILE } from '../core/data-folder/data-lock';
import { chooseShell, installedElectronBinary, ShellChoiceError } from './choose-shell';
import { BrowserCommandLineError } from './browser-command';
import { ROOT_SANDBOX_NOTICE } from './chromium-flags';
import { BrowserNotFoundError, findBrowser } from './find-browser';
import { launchBrowserShell } from './launch';

export const NO_DISPLAY_SENTENCE =
  'WXM Vault needs a graphical display, and neither DISPLAY nor WAYLAND_DISPLAY is set: start it from your desktop session, or on a headless machine run `xvfb-run -a npm start`.';

/** macOS and Windows always have one; elsewhere a window needs X11 or Wayland. */
export function hasDisplay(platform: NodeJS.Platform, env: Record<string, string | undefined>): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return !!(env.DISPLAY || env.WAYLAND_DISPLAY);
}

class StartError extends Error {}

const KNOWN = [LocationError, ShellChoiceError, BrowserNotFoundError, BrowserCommandLineError, DataFolderLockedError, StartError];

/** The terminal, handed in by scripts/start.mjs: nothing in electron/ writes to stdout or stderr itself. */
export interface Terminal {
  say(line: string): void;
  warn(line: string): void;
}

function runElectron(binary: string, fail: (message: string) => number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(binary, ['.'], { stdio: 'inherit', env: process.env });
    child.on('error', () =>
      resolve(
        fail(
          `Electron (${binary}) could not be started: reinstall it with \`node node_modules/electron/install.js\`, or set WXM_VAULT_SHELL=browser.`,
        ),
      ),
    );
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function runBrowser(browserPath: string, appVersion: string, say: (line: string) => void, fail: (message: string) => number): Promise<number> {
  const location = resolveAppLocation({ platform: process.platform, env: process.env, home: homedir() });
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let shell;
  try {
    shell = await launchBrowserShell({
      browserPath,
      dataDir: location.dataDir,
      logsDir: location.logsDir,
      keychainService: location.keychainService,
      clipboard: createOsClipboard(),
      runningAsRoot,
      appVersion,
    });
  } catch (error) {
    if (KNOWN.some((type) => error instanceof type)) throw error;
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200);
    throw new StartError(
      `The browser (${browserPath}) did not open the window (${first}): check that it starts on its own, or name another with WXM_VAULT_BROWSER.`,
    );
  }
  // After the launch, so a refused start (data folder in use) prints its one sentence alone.
  if (runningAsRoot) say(ROOT_SANDBOX_NOTICE);
  const stop = () => void shell.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  const end = await shell.ended;
  if (end === 'browser-exited') return fail('The browser closed unexpectedly; WXM Vault cleared its clipboard value and stopped. Start it again.');
  return 0;
}

export async function main(appVersion: string, terminal: Terminal): Promise<number> {
  const fail = (message: string) => {
    terminal.warn(message);
    return 1;
  };
  try {
    if (!hasDisplay(process.platform, process.env)) return fail(NO_DISPLAY_SENTENCE);
    // Checked before anything starts, so a bad override is reported instead of half-applied.
    const location = resolveAppLocation({ platform: process.platform, env: process.env, home: homedir() });
    // Before the line saying which shell opens, so a start refused because the folder is in use says that alone.
    // The shell's own lock still decides (another start may take the folder between here and there).
    const holder = dataLockHolder(location.dataDir);
    if (holder) throw new DataFolderLockedError(join(location.dataDir, LOCK_FILE), holder.pid, holder.shell || null);
    const choice = chooseShell({
      env: process.env,
      electronBinary: installedElectronBinary,
      findBrowser: () => findBrowser({ platform: process.platform, env: process.env, home: homedir() }),
    });
    terminal.say(choice.line);
    return choice.shell === 'electron'
      ? await runElectron(choice.binary, fail)
      : await runBrowser(choice.browser.path, appVersion, (line) => terminal.say(line), fail);
  } catch (error) {
    if (KNOWN.some((type) => error instanceof type)) return fail((error as Error).message);
    return fail(
      `WXM Vault could not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}). Run \`npm run build\` and try again.`,
    );
  }
}
