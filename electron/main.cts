/**
 * Electron main process entry (bundled to dist-electron/main.cjs). Wiring only: every decision
 * lives in a plain module next to this file, tested under vitest without Electron.
 */
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { IpcEvent, type AppInfo, type MenuCommand, type RecentFolderEntry } from '../src/shared/ipcContract.js';
import { createDicomwebHandlers } from './dicomweb/dicomwebHandlers.js';
import { createDicomwebRequester } from './dicomweb/dicomwebRequests.js';
import { SignInStore } from './dicomweb/signInStore.js';
import { createSaveDialogFlow } from './export/saveDialog.js';
import { OpenedFolders } from './fs/openedFolders.js';
import { createHandlers, openAndRemember, type HandlerDeps } from './ipc/handlers.js';
import { createIpcRegistry } from './ipc/ipcRegistry.js';
import { prestartIndexThreads } from '../src/node/folderIndexer.js';
import { appArgsFrom, parseLaunchArgs } from './launch/launchArgs.js';
import { buildMenuTemplate } from './menu/appMenu.js';
import { createAppProtocolHandler } from './protocol/appProtocolHandler.js';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES } from './protocol/appScheme.js';
import { RecentFolders } from './recent/recentFolders.js';
import { gatedOpenExternal } from './security/externalOpener.js';
import { hardenWebContents } from './security/navigationGuards.js';
import { isTrustedSender } from './security/senderGate.js';
import { hardenSession } from './security/sessionPolicy.js';
import { mainWindowOptions } from './security/windowOptions.js';
import { BACKUPS_KEPT, closeWithBackup } from './store/backups.js';
import { openSqliteStore } from './store/sqliteStore.js';
import { createStoreHandlers } from './store/storeHandlers.js';

// Must run before 'ready': privileges cannot be granted to a scheme afterwards.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

const bundleRoot = join(app.getAppPath(), 'dist');
const preloadPath = join(__dirname, 'preload.cjs');
const trustedWebContents = new Set<number>();
let mainWindow: BrowserWindow | null = null;

const openExternalIfAllowed = gatedOpenExternal((url) => shell.openExternal(url));
const saveDialogFlow = createSaveDialogFlow(
  { showSaveDialog: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)) },
  app.getPath('documents'),
);

function sendToRenderer(command: MenuCommand): void {
  mainWindow?.webContents.send(IpcEvent.menuCommand, command);
}

const folders = new OpenedFolders();
const recent = new RecentFolders(join(app.getPath('userData'), 'recent-folders.json'), () => rebuildMenu());

const deps: HandlerDeps = {
  folders,
  recent,
  demoRoot: join(bundleRoot, 'demo'),
  async chooseFolder() {
    const options: Electron.OpenDialogOptions = { title: 'Open DICOM folder', properties: ['openDirectory'] };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
  },
  // The save panel confirms replacing; only the path it returned may be replaced (saveDialog.ts).
  chooseSaveTarget: saveDialogFlow.chooseSaveTarget,
  confirmOverwrite: saveDialogFlow.confirmOverwrite,
  async chooseExportFolder() {
    const options: Electron.OpenDialogOptions = {
      title: 'Export all to folder',
      buttonLabel: 'Export here',
      defaultPath: app.getPath('documents'),
      properties: ['openDirectory', 'createDirectory'],
    };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
  },
  async confirmReplace(existingNames) {
    const options: Electron.MessageBoxOptions = {
      type: 'warning',
      title: 'Replace existing files?',
      message: `${existingNames.length} of the export files already exist in this folder. Replace them?`,
      detail: existingNames.join('\n'),
      buttons: ['Replace', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
    return response === 0;
  },
  appInfo(): AppInfo {
    return {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      arch: process.arch,
      versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
    };
  },
  launch: parseLaunchArgs(appArgsFrom(process.argv, app.isPackaged)),
};

function openRecentFromMenu(entry: RecentFolderEntry): void {
  openAndRemember(deps, entry.path).then(
    (folder) => sendToRenderer({ kind: 'folder-opened', folder }),
    (error: unknown) => dialog.showErrorBox('Cannot open folder', error instanceof Error ? error.message : String(error)),
  );
}

function rebuildMenu(): void {
  const template = buildMenuTemplate(
    recent.list(),
    { send: sendToRenderer, openRecent: openRecentFromMenu, openExternal: openExternalIfAllowed, quit: () => app.quit() },
    { isMac: process.platform === 'darwin', isDev: !app.isPackaged },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createMainWindow(): void {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  const id = window.webContents.id;
  trustedWebContents.add(id);
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    trustedWebContents.delete(id);
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(APP_ENTRY_URL);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternalIfAllowed));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppProtocolHandler(bundleRoot));
    await recent.load();
    // Linux without a keyring: safeStorage falls back to a fixed key ('basic_text'); that is not encryption, so nothing is saved.
    const signIns = new SignInStore(join(app.getPath('userData'), 'dicomweb-sign-ins.json'), {
      isAvailable: () => safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (encrypted) => safeStorage.decryptString(encrypted),
    });
    await signIns.load();
    // Node's fetch, not the page's: main is not bound by the renderer's CSP, and a PACS sends no CORS headers.
    const dicomweb = createDicomwebHandlers(createDicomwebRequester({ fetch: (url, init) => fetch(url, init as RequestInit), signIns }), signIns);
    const storeOpening = openSqliteStore(join(app.getPath('userData'), 'measurements.sqlite'), {
      loadDriver: () => require('better-sqlite3') as typeof import('better-sqlite3'),
      keepBackups: BACKUPS_KEPT,
    });
    storeOpening.then(
      (store) => {
        for (const notice of store.openStatus?.notices ?? []) console.error('[store]', notice);
        // Every commit is already durable (WAL, synchronous=FULL); quitting waits for the online
        // backup of the session, then closes (checkpointing the WAL) and quits for real.
        let closing: Promise<unknown> | null = null;
        app.on('will-quit', (event) => {
          if (closing) return;
          event.preventDefault();
          closing = closeWithBackup(store, BACKUPS_KEPT)
            .catch((error: unknown) => console.error('[store] backup at quit failed:', error))
            .finally(() => app.quit());
        });
      },
      (error: unknown) => console.error('[store] measurement database unavailable:', error),
    );
    createIpcRegistry({
      handlers: { ...createHandlers(deps), ...createStoreHandlers(storeOpening), ...dicomweb },
      isTrustedSender: (event) => isTrustedSender(event, trustedWebContents),
      onUnexpectedError: (channel, error) => console.error(`[ipc] ${channel} failed:`, error),
    }).registerAll(ipcMain);
    rebuildMenu();
    createMainWindow();
    // Index threads load their modules while the window starts, so the first folder finds them running.
    prestartIndexThreads().catch((error: unknown) => console.error('[index] threads could not start:', error));
  });
}
