import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFolderEntry } from '../../src/shared/ipcContract.js';

export interface MenuActions {
  /** Sends a command to the renderer (over the `menu:command` event). */
  send(command: MenuCommand): void;
  /** Opens a recent folder in main and hands the listing to the renderer. */
  openRecent(entry: RecentFolderEntry): void;
  /** Opens an allow-listed https page in the system browser. */
  openExternal(url: string): void;
  quit(): void;
}

/** The DICOM standard, part 3 (information object definitions): what the header fields mean. */
export const DICOM_STANDARD_URL = 'https://dicom.nema.org/medical/dicom/current/output/html/part03.html';

/**
 * The application menu: File (Open folder…, Open demo study, Recent, Quit), View, Help.
 * Menu items only send commands; the renderer does the work through the same IPC as its own UI.
 * Developer tools appear only in unpackaged (development) runs.
 */
export function buildMenuTemplate(
  recent: readonly RecentFolderEntry[],
  actions: MenuActions,
  options: { isMac: boolean; isDev: boolean },
): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((entry) => ({ label: entry.name, toolTip: entry.path, click: () => actions.openRecent(entry) }))
    : [{ label: 'No recent folders', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.send({ kind: 'open-folder' }) },
      { label: 'Open Demo Study', click: () => actions.send({ kind: 'open-demo' }) },
      { label: 'Open Recent', submenu: recentItems },
      { type: 'separator' },
      { label: options.isMac ? 'Quit DTI Trial Viewer' : 'Exit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.isDev ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    submenu: [
      { label: 'About DTI Trial Viewer', click: () => actions.send({ kind: 'show-about' }) },
      { label: 'DICOM Standard (Part 3)', click: () => actions.openExternal(DICOM_STANDARD_URL) },
    ],
  };
  const appMenu: MenuItemConstructorOptions[] = options.isMac ? [{ role: 'appMenu' }] : [];
  return [...appMenu, file, { role: 'editMenu' }, view, help];
}
