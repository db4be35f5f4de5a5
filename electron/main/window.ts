/**
 * Creates the one window and fences every web contents: no navigation, no
 * new windows, no webviews, no permissions.
 */
import { app, BrowserWindow, session, type WebContents } from 'electron';
import { APP_ORIGIN, isAllowedNavigation, secureWebPreferences } from '../core/window-policy';

export function lockDownSessions(): void {
  // Deny every permission request and check; we need none (copying happens in main).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => fenceWebContents(contents));
}

function fenceWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'WXM Vault',
    webPreferences: secureWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
