/**
 * A packaged (released) build has no DevTools: the window's webPreferences
 * refuse them, and our own application menu offers no toggle (Electron's
 * default menu does, in every build). Driven through fences.ts and the pure
 * menu template without Electron; the wiring in main is checked in its source
 * and in the built bundle. Needs the build (dist/): npm test builds first.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { APP_ORIGIN } from '../../electron/core/window/window-policy';
import { openMainWindow, type OpenableWindow } from '../../electron/main/window/fences';
import { appMenuTemplate } from '../../electron/main/window/menu-template';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');

class OptionsRecorder implements OpenableWindow {
  static last: BrowserWindowConstructorOptions | null = null;
  constructor(options: BrowserWindowConstructorOptions) {
    OptionsRecorder.last = options;
  }
  once(): this {
    return this;
  }
  show(): void {}
  async loadURL(): Promise<void> {}
}

function webPreferencesWhen(isPackaged: boolean) {
  openMainWindow(OptionsRecorder, '/opt/wxm/preload.cjs', `${APP_ORIGIN}/index.html`, isPackaged);
  return OptionsRecorder.last!.webPreferences!;
}

function allItems(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);
}

const roles = (items: MenuItemConstructorOptions[]) => allItems(items).flatMap((i) => (i.role ? [i.role] : []));
const PLATFORMS: NodeJS.Platform[] = ['linux', 'darwin', 'win32'];
const menuFor = (isPackaged: boolean, platform: NodeJS.Platform) => appMenuTemplate({ isPackaged, platform, appName: 'WXM Vault' });

describe('packaged builds have no DevTools', () => {
  it('the window refuses DevTools when packaged, and keeps them for `electron .` during development', () => {
    assert.equal(webPreferencesWhen(true).devTools, false);
    assert.equal(webPreferencesWhen(false).devTools, true);
  });

  it('main hands Electron’s own app.isPackaged to the window and the menu, and installs the menu', () => {
    const window = read('electron/main/window/window.ts');
    assert.match(window, /openMainWindow\([^)]*app\.isPackaged\)/);
    assert.match(window, /appMenuTemplate\(\{ isPackaged: app\.isPackaged, platform: process\.platform, appName: app\.getName\(\) \}\)/);
    assert.match(window, /Menu\.setApplicationMenu\(Menu\.buildFromTemplate\(template\)\)/);
    assert.match(read('electron/main/main.ts'), /^\s+installAppMenu\(\);$/m);
  });

  it('the built main bundle sets devTools in the window’s literal webPreferences', () => {
    const main = read('dist/electron/main.cjs');
    const at = main.indexOf('new BrowserWindow({');
    assert.match(main.slice(at, at + 1200), /devTools: !\w+/);
  });
});

describe('application menu', () => {
  for (const platform of PLATFORMS) {
    it(`packaged on ${platform}: no DevTools toggle and no reload anywhere in the menu`, () => {
      const packaged = roles(menuFor(true, platform));
      for (const role of ['toggleDevTools', 'reload', 'forceReload']) assert.ok(!packaged.includes(role as never), role);
      // The same template does offer them in development, so the flag is what removes them.
      const dev = roles(menuFor(false, platform));
      for (const role of ['toggleDevTools', 'reload', 'forceReload']) assert.ok(dev.includes(role as never), role);
    });

    it(`on ${platform}: the standard Edit, View, Window and Help menus by role`, () => {
      const menu = menuFor(true, platform);
      const top = (label: string) => menu.find((m) => m.label === label);
      assert.deepEqual(roles([top('Edit')!]), ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
      assert.deepEqual(roles([top('View')!]), ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
      assert.equal(top('Window')!.role, 'window');
      assert.ok(roles([top('Window')!]).includes('minimize'));
      assert.equal(top('Help')!.role, 'help');
      assert.ok(roles(menu).includes('quit'), 'the app can be quit from the menu');
    });
  }

  it('is plain data: no click handlers (nothing opened or sent from the menu), only roles', () => {
    for (const platform of PLATFORMS) {
      for (const isPackaged of [true, false]) {
        const menu = menuFor(isPackaged, platform);
        assert.deepEqual(JSON.parse(JSON.stringify(menu)), menu, 'a function or other non-data value in the template');
        for (const item of allItems(menu)) assert.ok(item.role || item.submenu || item.type === 'separator', JSON.stringify(item));
      }
    }
  });

  it('has the macOS app menu, named after the app, only on macOS', () => {
    assert.equal(menuFor(true, 'darwin')[0]!.label, 'WXM Vault');
    assert.deepEqual(roles([menuFor(true, 'darwin')[0]!]), ['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    for (const platform of ['linux', 'win32'] as const) assert.equal(menuFor(true, platform)[0]!.label, 'File');
  });
});

describe('one IPC prefix', () => {
  it('main and the preload spell channel names through IPC_PREFIX, never a literal `wxm:`', () => {
    for (const file of ['electron/main/main.ts', 'electron/main/ipc/register-channels.ts', 'electron/preload/preload.ts']) {
      assert.doesNotMatch(read(file), /['"`]wxm:/, file);
    }
  });
});
