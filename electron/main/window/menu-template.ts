/**
 * The application menu, as plain data: roles only, no click handlers, so it
 * opens nothing and sends nothing, and node tests can read it without Electron.
 * window.ts builds it with Electron's Menu. Packaged builds get no DevTools
 * toggle and no reload (a reload throws away an open form mid-entry).
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuContext {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  appName: string;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function appMenuTemplate({ isPackaged, platform, appName }: MenuContext): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator];
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: appName,
          submenu: [
            { role: 'about' },
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [
    ...appMenu,
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        separator,
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
    },
    {
      label: 'Window',
      role: 'window',
      submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
    },
    // On macOS the Help role adds the system's menu search; About already sits in the app menu there.
    { label: 'Help', role: 'help', submenu: mac ? [] : [{ role: 'about', label: `About ${appName}` }] },
  ];
}
