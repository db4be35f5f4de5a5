/**
 * Electron wiring for the window and the fences; the logic lives in fences.ts,
 * which node tests drive without Electron.
 */
// Aliased: the bundler would otherwise rename openMainWindow's `BrowserWindow` parameter, and
// Electronegativity recognises the window only as `new BrowserWindow({...})` (see the gate).
import { app, BrowserWindow as ElectronBrowserWindow, Menu, session } from 'electron';
import { APP_ORIGIN } from '../../core/window/window-policy';
import { fenceApp, openMainWindow } from './fences';
import { appMenuTemplate } from './menu-template';

export function lockDownSessions(): void {
  fenceApp(app, session.defaultSession);
}

export function createMainWindow(preloadPath: string): ElectronBrowserWindow {
  return openMainWindow(ElectronBrowserWindow, preloadPath, `${APP_ORIGIN}/index.html`, app.isPackaged);
}

/** Replaces Electron's default menu, whose View menu toggles DevTools in every build. */
export function installAppMenu(): void {
  const template = appMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform, appName: app.getName() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
