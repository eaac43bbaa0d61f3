import type { MeasurementStore } from '../core/store/MeasurementStore';
import type { DtiApi, FolderListing, MenuCommand, RecentFolderEntry } from '../shared/ipcContract';
import { HostFolder, unwrap } from './hostFolder';
import { ipcDicomwebFetch } from './ipcDicomwebFetch';
import type { OpenedFolder, Platform, SaveFilesResult, SaveResult } from './Platform';

export { HostCallError } from './hostFolder';

declare global {
  interface Window {
    /** Present only inside the Electron shell (exposed by electron/preload.cts). */
    dtiApi?: DtiApi;
  }
}

/**
 * The renderer-side view of a folder opened by main: its files read through main, indexed by main
 * on worker threads in one call, each series' files read in one call (hostFolder.ts).
 */
export function toOpenedFolder(api: DtiApi, listing: FolderListing): OpenedFolder {
  return {
    name: listing.name,
    files: new HostFolder(api, listing).files,
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
    saveRead: (read, reader) => unwrap(api.saveRead({ read, reader })),
    listReads: (scope) => unwrap(api.listReads({ scope })),
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
