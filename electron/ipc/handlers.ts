import { IpcEvent, type AppInfo, type DicomwebChannelName, type FolderListing, type StoreChannelName } from '../../src/shared/ipcContract.js';
import { loadDemoFolder } from '../fs/demoFolder.js';
import { openFolderAt } from '../fs/openFolderAt.js';
import type { OpenedFolderRecord, OpenedFolders } from '../fs/openedFolders.js';
import { indexOpenedFolder } from '../fs/indexOpenedFolder.js';
import { readFileRange } from '../fs/readFileRange.js';
import { readFilesTogether } from '../fs/readFilesTogether.js';
import { saveExport } from '../export/saveExport.js';
import { saveToFolder } from '../export/saveToFolder.js';
import type { LaunchRequest } from '../launch/launchArgs.js';
import type { RecentFolders } from '../recent/recentFolders.js';
import { IpcFailure } from './ipcFailure.js';
import type { IpcHandlers } from './ipcRegistry.js';

/** What the handlers need from Electron (dialogs, app facts), injected so they run under plain Node. */
export interface HandlerDeps {
  folders: OpenedFolders;
  recent: RecentFolders;
  /** dist/demo: the bundled demo study with its manifest.json. */
  demoRoot: string;
  /** Native folder picker; null when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** Native save dialog seeded with `suggestedName`; null when cancelled. */
  chooseSaveTarget(suggestedName: string): Promise<string | null>;
  /** Asks whether to replace an existing export file; absent: existing files are never replaced. */
  confirmOverwrite?(path: string): Promise<boolean>;
  /** Native directory picker for "Export all"; null when cancelled. Absent: the host cannot export to a folder. */
  chooseExportFolder?(): Promise<string | null>;
  /** One question listing every file an export to a folder would replace; absent: nothing is replaced. */
  confirmReplace?(existingNames: string[]): Promise<boolean>;
  appInfo(): AppInfo;
  /** What the command line asked to open; consumed by the first `launch:takeFolder`. */
  launch: LaunchRequest;
}

export const DEMO_NAME = 'Demo study';

function openedFolder(deps: HandlerDeps, folderId: string): OpenedFolderRecord {
  const folder = deps.folders.get(folderId);
  if (!folder) throw new IpcFailure('NOT_FOUND', `unknown folder id (open the folder first)`);
  return folder;
}

/** Opens a folder by absolute path and records it in the recent list (menu, command line, dialog). */
export async function openAndRemember(deps: HandlerDeps, path: string): Promise<FolderListing> {
  const listing = await openFolderAt(path, deps.folders);
  const record = deps.folders.get(listing.folderId);
  if (record) await deps.recent.add(record.root, record.name);
  return listing;
}

/** Registers the bundled demo study as an opened folder (so file:read serves it, and exports avoid it). */
export async function openDemo(deps: HandlerDeps): Promise<FolderListing> {
  const demo = await loadDemoFolder(deps.demoRoot).catch((error: unknown) => {
    throw new IpcFailure('NOT_FOUND', `demo study missing (run npm run demo and npm run build): ${(error as Error).message}`);
  });
  const record = deps.folders.add(demo.root, DEMO_NAME, demo.files);
  return { folderId: record.folderId, name: DEMO_NAME, files: demo.files, unreadable: [] };
}

/**
 * The implementation of every channel of the IPC contract but the measurement store's
 * (`electron/store/storeHandlers.ts`) and DICOMweb's (`electron/dicomweb/dicomwebHandlers.ts`).
 */
export function createHandlers(deps: HandlerDeps): Omit<IpcHandlers, StoreChannelName | DicomwebChannelName> {
  let pendingLaunch: LaunchRequest | null = deps.launch;
  return {
    'folder:open': async () => {
      const path = await deps.chooseFolder();
      return path === null ? null : openAndRemember(deps, path);
    },
    'folder:openDemo': async () => openDemo(deps),
    'file:read': async ({ folderId, path, start, end }) => readFileRange(openedFolder(deps, folderId).root, path, start, end),
    'folder:index': async ({ folderId }, event) =>
      indexOpenedFolder(openedFolder(deps, folderId), (progress) => event.sender.send?.(IpcEvent.indexProgress, progress)),
    'file:readMany': async ({ folderId, paths }) => readFilesTogether(openedFolder(deps, folderId), paths),
    'export:save': async ({ suggestedName, data }) => {
      const target = await deps.chooseSaveTarget(suggestedName);
      if (target === null) return { saved: false, reason: 'cancelled' };
      return saveExport(target, data, deps.folders.roots(), deps.confirmOverwrite?.bind(deps));
    },
    'export:saveToFolder': async ({ files }) => {
      if (!deps.chooseExportFolder) return { saved: false, reason: 'this host has no folder dialog' };
      const folder = await deps.chooseExportFolder();
      if (folder === null) return { saved: false, reason: 'cancelled' };
      return saveToFolder(folder, files, deps.folders.roots(), deps.confirmReplace?.bind(deps));
    },
    'recent:list': async () => deps.recent.list(),
    'recent:open': async ({ id }) => {
      const entry = deps.recent.find(id);
      if (!entry) throw new IpcFailure('NOT_FOUND', 'no such recent folder');
      return openAndRemember(deps, entry.path);
    },
    'launch:takeFolder': async () => {
      const launch = pendingLaunch;
      pendingLaunch = null;
      if (launch === null) return null;
      return launch.kind === 'demo' ? openDemo(deps) : openAndRemember(deps, launch.path);
    },
    'app:info': async () => deps.appInfo(),
  };
}
