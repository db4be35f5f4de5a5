/**
 * Electron main process entry. Only wiring lives here: the vault core (WXM
 * client, keychain, files) is Electron-free and tested under plain Node.
 */
import { app, clipboard, ClipboardItem, powerMonitor, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { IPC_PREFIX } from '../common/ipc-contract';
import { createDispatcher } from '../core/ipc-dispatcher';
import { createLogger, fileSink } from '../core/logger';
import { Redactor } from '../core/redactor';
import { KeychainSecretStore } from '../core/secrets';
import { createVault, type Vault } from '../core/vault';
import { APP_ORIGIN } from '../core/window-policy';
import { registerAppScheme, serveRendererBundle } from './app-protocol';
import { createElectronClipboard } from './electron-clipboard';
import { registerIpc } from './ipc-main';
import { wireDesktopLockWatch, wireLockTriggers } from './lock-triggers';
import { createMainWindow, installAppMenu, lockDownSessions } from './window';

app.enableSandbox();
registerAppScheme();

// One instance only: two would both write accounts.json. exit(), not quit(): quit lets 'ready' still fire.
if (!app.requestSingleInstanceLock()) {
  app.exit(0);
}

let mainWindow: BrowserWindow | null = null;
let vault: Vault | null = null;
let stopDesktopLockWatch: (() => void) | null = null;

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.whenReady().then(() => {
  const dataDir = app.getPath('userData');
  const redactor = new Redactor();
  const logger = createLogger(redactor, [fileSink(join(app.getPath('logs'), 'main.log'))]);
  process.on('uncaughtException', (error) => logger.error('main', 'uncaught exception', { error }));
  process.on('unhandledRejection', (error) => logger.error('main', 'unhandled rejection', { error }));

  lockDownSessions();
  installAppMenu();
  serveRendererBundle(join(__dirname, '..', 'renderer'));

  vault = createVault({
    appName: app.getName(),
    appVersion: app.getVersion(),
    platform: process.platform,
    dataDir,
    secrets: new KeychainSecretStore(),
    clipboard: createElectronClipboard(clipboard, ClipboardItem),
    logger,
    redactor,
    now: Date.now,
    emit: (event, payload) => mainWindow?.webContents.send(IPC_PREFIX + event, payload),
  });
  registerIpc(createDispatcher(vault.handlers, { trustedOrigin: APP_ORIGIN, logger }));
  // Sleep, screen lock and the idle timer (idleLockMinutes) forget tokens and clear our clipboard value.
  wireLockTriggers(powerMonitor, vault.lock);
  void wireDesktopLockWatch(process.platform, vault.lock, logger).then((watch) => {
    stopDesktopLockWatch = watch ? () => watch.stop() : null;
  });
  mainWindow = createMainWindow(join(__dirname, 'preload.cjs'));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  logger.info('main', 'started', { version: app.getVersion() });
});

const QUIT_CLEANUP_MS = 3000;
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !vault) return;
  // Clear our clipboard value before we go; quit again once that is done.
  event.preventDefault();
  quitting = true;
  stopDesktopLockWatch?.();
  // A clipboard that never answers must not keep the app from quitting.
  const giveUp = new Promise<void>((resolve) => setTimeout(resolve, QUIT_CLEANUP_MS));
  void Promise.race([vault.shutdown(), giveUp]).finally(() => app.quit());
});

app.on('window-all-closed', () => app.quit());
