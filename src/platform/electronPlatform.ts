import type { FileSource } from '../core/io/FileSource';
import type { MeasurementStore } from '../core/store/MeasurementStore';
import type { DtiApi, FolderListing, IpcResult, MenuCommand, RecentFolderEntry } from '../shared/ipcContract';
import { ipcDicomwebFetch } from './ipcDicomwebFetch';
import type { OpenedFolder, Platform, SaveFilesResult, SaveResult } from './Platform';

declare global {
  interface Window {
    /** Present only inside the Electron shell (exposed by electron/preload.cts). */
    dtiApi?: DtiApi;
  }
}

/** A failed IPC call, keeping the contract's error code (e.g. 'OUTSIDE_FOLDER') for the UI. */
export class HostCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostCallError';
  }
}

/** Unwraps the IPC envelope: the value, or a rejection carrying the error code. */
async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new HostCallError(result.error.code, result.error.message);
  return result.value;
}

/** A file of an opened folder, read by byte range through `file:read` (main checks the path stays inside the folder). */
function ipcFileSource(api: DtiApi, folderId: string, path: string, size: number): FileSource {
  return {
    path,
    size,
    read: async (start = 0, end = size) => unwrap(api.readFile({ folderId, path, start, end })),
  };
}

/** The renderer-side view of a folder opened by main. */
export function toOpenedFolder(api: DtiApi, listing: FolderListing): OpenedFolder {
  return {
    name: listing.name,
    files: listing.files.map((f) => ipcFileSource(api, listing.folderId, f.path, f.size)),
    unreadable: listing.unreadable,
  };
}

/** The measurement store of the main process (SQLite), through the store:* channels; main owns and closes the database. */
export function ipcMeasurementStore(api: DtiApi): MeasurementStore {
  return {
    saveRoi: (key, roi, reader, measured) => unwrap(api.saveRoi({ key, roi, reader, measured: measured ?? null })),
    deleteRoi: (id, reader) => unwrap(api.deleteRoi({ id, reader })),
    listRois: (scope) => unwrap(api.listRois({ scope })),
    saveMeasurement: (measurement, reader) => unwrap(api.saveMeasurement({ measurement, reader })),
    deleteMeasurement: (id, reader) => unwrap(api.deleteMeasurement({ id, reader })),
    listMeasurements: (scope) => unwrap(api.listMeasurements({ scope })),
    history: (id) => unwrap(api.measurementHistory({ id })),
    saveSegmentation: (segmentation, reader) => unwrap(api.saveSegmentation({ segmentation, reader })),
    deleteSegmentation: (id, reader) => unwrap(api.deleteSegmentation({ id, reader })),
    listSegmentations: (scope) => unwrap(api.listSegmentations({ scope })),
    status: () => unwrap(api.storeStatus()),
    verify: () => unwrap(api.verifyStore()),
    close: async () => undefined,
  };
}

/** Platform over Electron, plus the Electron-only extras (launch folder, menu commands, recent entries). */
export interface ElectronPlatform extends Platform {
  readonly kind: 'electron';
  readonly store: MeasurementStore;
  /** The folder (or demo) the command line asked for, once; null afterwards. */
  takeLaunchFolder(): Promise<OpenedFolder | null>;
  /** Recent folders with ids, for reopening through `openRecent`. */
  recentEntries(): Promise<RecentFolderEntry[]>;
  openRecent(id: string): Promise<OpenedFolder>;
  /** Menu commands; a 'folder-opened' command's listing is turned into an OpenedFolder. Returns unsubscribe. */
  onMenuCommand(listener: (command: Exclude<MenuCommand, { kind: 'folder-opened' }> | { kind: 'folder-opened'; folder: OpenedFolder }) => void): () => void;
}

/** The Electron implementation of `Platform`, over `window.dtiApi` (or an injected api, for tests). */
export function createElectronPlatform(api: DtiApi): ElectronPlatform {
  return {
    kind: 'electron',
    store: ipcMeasurementStore(api),
    dicomwebFetch: ipcDicomwebFetch(api),
    signIns: {
      save: (url, secret) => unwrap(api.saveSignIn({ url, secret })),
      saved: (url) => unwrap(api.savedSignIn({ url })),
      forget: (url) => unwrap(api.forgetSignIn({ url })),
    },
    async openFolder() {
      const listing = await unwrap(api.openFolder());
      return listing === null ? null : toOpenedFolder(api, listing);
    },
    async openDemo() {
      return toOpenedFolder(api, await unwrap(api.openDemo()));
    },
    async saveFile(suggestedName, data): Promise<SaveResult> {
      return unwrap(api.saveExport({ suggestedName, data }));
    },
    async saveFiles(files): Promise<SaveFilesResult> {
      return unwrap(api.saveToFolder({ files: files.map(({ name, data }) => ({ name, data })) }));
    },
    async recentFolders() {
      return (await unwrap(api.listRecent())).map((e) => e.name);
    },
    async takeLaunchFolder() {
      const listing = await unwrap(api.takeLaunchFolder());
      return listing === null ? null : toOpenedFolder(api, listing);
    },
    recentEntries: () => unwrap(api.listRecent()),
    async openRecent(id) {
      return toOpenedFolder(api, await unwrap(api.openRecent({ id })));
    },
    onMenuCommand(listener) {
      return api.onMenuCommand((command) =>
        listener(command.kind === 'folder-opened' ? { kind: 'folder-opened', folder: toOpenedFolder(api, command.folder) } : command),
      );
    },
  };
}

/** The Electron platform when running inside the shell, else null (plain web build). */
export function electronPlatformFromWindow(): ElectronPlatform | null {
  return typeof window !== 'undefined' && window.dtiApi ? createElectronPlatform(window.dtiApi) : null;
}
