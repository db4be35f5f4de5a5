/**
 * Electron main process entry. Only wiring lives here: the vault core (WXM
 * client, keychain, files) is Electron-free and tested under plain Node.
 */
import { app, clipboard, ClipboardItem, dialog, ipcMain, net, powerMonitor, session, type BrowserWindow } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { IPC_PREFIX } from '../common/ipc-contract';
import { resolveAppLocation } from '../core/data-folder/app-location';
import { acquireDataLock, type DataLock } from '../core/data-folder/data-lock';
import { createLogger, fileSink } from '../core/logger';
import { Redactor } from '../core/redactor';
import { KeychainSecretStore } from '../core/keychain/secrets';
import { createVault, type Vault } from '../core/vault';
import { APP_ORIGIN } from '../core/window/window-policy';
import { registerAppScheme, serveRendererBundle } from './protocol/app-protocol';
import { createElectronClipboard } from './clipboard/electron-clipboard';
import { registerChannels } from './ipc/register-channels';
import { wireDesktopLockWatch, wireLockTriggers } from './lock/lock-triggers';
import { electronTransport } from './net/net-transport';
import { wireProxyLogin } from './net/proxy-login';
import { wireUpdates } from './updates/updates';
import { createMainWindow, installAppMenu, lockDownSessions } from './window/window';

app.enableSandbox();
registerAppScheme();

// WXM_VAULT_DATA_DIR / WXM_VAULT_KEYCHAIN_SERVICE move the vault, as in the browser shell; set before
// anything reads userData, so Electron's own profile moves with it.
const location = resolveAppLocation({ platform: process.platform, env: process.env, home: homedir() });
if (process.env.WXM_VAULT_DATA_DIR?.trim()) {
  app.setPath('userData', location.dataDir);
  app.setAppLogsPath(location.logsDir);
}

// One instance only: two would both write accounts.json. exit(), not quit(): quit lets 'ready' still fire.
// The data-folder lock also keeps out the browser shell (and the CLI) on the same folder.
let dataLock: DataLock | null = null;
if (!app.requestSingleInstanceLock()) {
  app.exit(0);
} else {
  try {
    dataLock = acquireDataLock(app.getPath('userData'), { shell: 'electron' });
  } catch (error) {
    // Started from a desktop there is no terminal to read: say it in a box (before 'ready', Linux prints it to stderr).
    dialog.showErrorBox('WXM Vault', error instanceof Error ? error.message : String(error));
    app.exit(1);
  }
}

let mainWindow: BrowserWindow | null = null;
let vault: Vault | null = null;
let stopDesktopLockWatch: (() => void) | null = null;
let stopUpdates: (() => void) | null = null;

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
  wireProxyLogin(app, process.env, logger);
  installAppMenu();
  serveRendererBundle(join(__dirname, '..', 'renderer'));

  vault = createVault({
    appName: app.getName(),
    appVersion: app.getVersion(),
    platform: process.platform,
    dataDir,
    secrets: new KeychainSecretStore(location.keychainService),
    clipboard: createElectronClipboard(clipboard, ClipboardItem),
    logger,
    http: electronTransport(net, session.defaultSession),
    redactor,
    now: Date.now,
    emit: (event, payload) => mainWindow?.webContents.send(IPC_PREFIX + event, payload),
  });
  registerChannels(ipcMain, vault.dispatcher(APP_ORIGIN));
  // Sleep, screen lock and the idle timer (idleLockMinutes) forget tokens and clear our clipboard value.
  wireLockTriggers(powerMonitor, vault.lock);
  void wireDesktopLockWatch(process.platform, vault.lock, logger).then((watch) => {
    stopDesktopLockWatch = watch ? () => watch.stop() : null;
  });
  mainWindow = createMainWindow(join(__dirname, 'preload.cjs'));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // Packaged AppImage, nsis and macOS builds only, and only while the checkForUpdates setting is on.
  stopUpdates = wireUpdates({
    app,
    install: { platform: process.platform, env: process.env, resourcesPath: process.resourcesPath },
    dialog,
    window: () => mainWindow,
    settings: vault.settings,
    logger,
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
  stopUpdates?.();
  // A clipboard that never answers must not keep the app from quitting.
  const giveUp = new Promise<void>((resolve) => setTimeout(resolve, QUIT_CLEANUP_MS));
  void Promise.race([vault.shutdown(), giveUp]).finally(() => app.quit());
});

app.on('window-all-closed', () => app.quit());
app.on('quit', () => dataLock?.release());
