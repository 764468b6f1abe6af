import type { MenuItemConstructorOptions } from 'electron';

// The application menu, as a template (a pure function, unit-tested without Electron). The console
// itself is a web page with its own navigation; the menu carries what a desktop user expects of
// any app: the platform's standard roles (so copy/paste and window keys work), zoom, the lab folder,
// the log file and About. No reload or DevTools in a packaged build: a reload would drop a running operation's
// progress view, and DevTools would reach past the renderer's sandbox guarantees.

export interface MenuActions {
  openLogFolder(): void;
  openLabFolder(): void;
}

export function appMenuTemplate(o: { platform: NodeJS.Platform; productName: string; dev: boolean; actions: MenuActions }): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
    ...(o.dev ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
  ];
  return [
    ...(mac
      ? ([
          {
            label: o.productName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          },
        ] as MenuItemConstructorOptions[])
      : []),
    {
      label: 'File',
      submenu: [{ label: 'Open the Lab Folder', click: () => o.actions.openLabFolder() }, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Show the Log File', click: () => o.actions.openLogFolder() }, ...(mac ? [] : ([{ role: 'about' }] as MenuItemConstructorOptions[]))],
    },
  ];
}
