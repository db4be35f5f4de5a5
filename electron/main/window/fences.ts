/**
 * The fences around the window, every web contents and every session.
 *
 * Written against the few methods they use (no Electron import at run time), so
 * node tests drive them with plain EventEmitter-based fakes; window.ts hands in
 * the real Electron objects. Keep the wiring in window.ts and main.ts thin.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { isAllowedDownload, isAllowedNavigation } from '../../core/window/window-policy';

export interface Preventable {
  preventDefault(): void;
}
/** Electron passes an Event that carries `url` (newer) and the url as a second argument (deprecated). */
export type NavigationEvent = Preventable & { url?: string };

export interface FenceableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEvent, url?: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
}

export interface FenceableSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  on(event: 'will-download', listener: (event: Preventable, item: DownloadItemLike) => void): unknown;
}

/** The part of Electron's DownloadItem the fence uses. */
export interface DownloadItemLike {
  getURL(): string;
  setSaveDialogOptions(options: { title: string; defaultPath: string; filters: Array<{ name: string; extensions: string[] }> }): void;
}

export interface FenceableApp<C extends FenceableContents, S extends FenceableSession> {
  on(event: 'web-contents-created', listener: (event: unknown, contents: C) => void): unknown;
  on(event: 'session-created', listener: (session: S) => void): unknown;
}

/** No new windows, no navigation (not even within our origin: it is a single page), no redirects, no webviews. */
export function fenceWebContents(contents: FenceableContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(event.url ?? url ?? '')) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url ?? '')) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * We need no web permission (copying happens in main) and no device access.
 * Downloads are refused except the account-list export our own page makes,
 * which goes through the system save dialog so the user picks where it lands.
 */
export function fenceSession(session: FenceableSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event, item) => {
    if (!item || !isAllowedDownload(item.getURL())) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({
      title: 'Export WXM Vault accounts (no secrets)',
      defaultPath: 'wxm-vault-accounts.json',
      filters: [{ name: 'JSON', extensions: ['json'] }],
    });
  });
}

/** Fences the default session now, and every session and web contents created later. */
export function fenceApp<C extends FenceableContents, S extends FenceableSession>(app: FenceableApp<C, S>, defaultSession: S): void {
  fenceSession(defaultSession);
  app.on('session-created', (session) => fenceSession(session));
  app.on('web-contents-created', (_event, contents) => fenceWebContents(contents));
}

export interface OpenableWindow {
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

/**
 * Creates the one window. `BrowserWindow` is a parameter (main passes Electron's,
 * tests pass a recorder) so the options can be asserted without Electron. The
 * webPreferences are written out literally in the constructor call, every one
 * explicit even where Electron's default matches: defaults change between
 * versions, and Electronegativity only credits options it can see here.
 * `isPackaged` is Electron's app.isPackaged: released builds have no DevTools.
 */
export function openMainWindow<W extends OpenableWindow>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  preloadPath: string,
  url: string,
  isPackaged: boolean,
): W {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'WXM Vault',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in a new window; we allow no new windows.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      // DevTools in a shipped build would show a user (or someone at their desk) every reply and the page's state.
      devTools: !isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}
