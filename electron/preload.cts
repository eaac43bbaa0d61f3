/**
 * Preload (bundled to dist-electron/preload.cjs, runs sandboxed: it may require only 'electron').
 * Exposes `window.dtiApi`: one named method per contract channel and one named subscription,
 * never a generic send/invoke, so the page can only ask for what the contract allows.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DtiApi, IndexProgressEvent, MenuCommand } from '../src/shared/ipcContract.js';
import { IpcChannel, IpcEvent } from '../src/shared/ipcChannels.js';

const api: DtiApi = {
  openFolder: () => ipcRenderer.invoke(IpcChannel.openFolder),
  openDemo: () => ipcRenderer.invoke(IpcChannel.openDemo),
  readFile: (args) => ipcRenderer.invoke(IpcChannel.readFile, args),
  indexFolder: (args) => ipcRenderer.invoke(IpcChannel.indexFolder, args),
  readFiles: (args) => ipcRenderer.invoke(IpcChannel.readFiles, args),
  saveExport: (args) => ipcRenderer.invoke(IpcChannel.saveExport, args),
  saveToFolder: (args) => ipcRenderer.invoke(IpcChannel.saveToFolder, args),
  listRecent: () => ipcRenderer.invoke(IpcChannel.listRecent),
  openRecent: (args) => ipcRenderer.invoke(IpcChannel.openRecent, args),
  takeLaunchFolder: () => ipcRenderer.invoke(IpcChannel.takeLaunchFolder),
  appInfo: () => ipcRenderer.invoke(IpcChannel.appInfo),
  saveRoi: (args) => ipcRenderer.invoke(IpcChannel.saveRoi, args),
  deleteRoi: (args) => ipcRenderer.invoke(IpcChannel.deleteRoi, args),
  listRois: (args) => ipcRenderer.invoke(IpcChannel.listRois, args),
  saveMeasurement: (args) => ipcRenderer.invoke(IpcChannel.saveMeasurement, args),
  deleteMeasurement: (args) => ipcRenderer.invoke(IpcChannel.deleteMeasurement, args),
  listMeasurements: (args) => ipcRenderer.invoke(IpcChannel.listMeasurements, args),
  measurementHistory: (args) => ipcRenderer.invoke(IpcChannel.measurementHistory, args),
  saveSegmentation: (args) => ipcRenderer.invoke(IpcChannel.saveSegmentation, args),
  deleteSegmentation: (args) => ipcRenderer.invoke(IpcChannel.deleteSegmentation, args),
  listSegmentations: (args) => ipcRenderer.invoke(IpcChannel.listSegmentations, args),
  saveRead: (args) => ipcRenderer.invoke(IpcChannel.saveRead, args),
  listReads: (args) => ipcRenderer.invoke(IpcChannel.listReads, args),
  storeStatus: () => ipcRenderer.invoke(IpcChannel.storeStatus),
  verifyStore: () => ipcRenderer.invoke(IpcChannel.verifyStore),
  dicomwebRequest: (args) => ipcRenderer.invoke(IpcChannel.dicomwebRequest, args),
  dicomwebCancel: (args) => ipcRenderer.invoke(IpcChannel.dicomwebCancel, args),
  saveSignIn: (args) => ipcRenderer.invoke(IpcChannel.saveSignIn, args),
  savedSignIn: (args) => ipcRenderer.invoke(IpcChannel.savedSignIn, args),
  forgetSignIn: (args) => ipcRenderer.invoke(IpcChannel.forgetSignIn, args),
  onMenuCommand(listener) {
    // Only the command crosses into the page, never the IpcRendererEvent (it exposes `sender`).
    const forward = (_event: IpcRendererEvent, command: MenuCommand) => listener(command);
    ipcRenderer.on(IpcEvent.menuCommand, forward);
    return () => {
      ipcRenderer.removeListener(IpcEvent.menuCommand, forward);
    };
  },
  onIndexProgress(listener) {
    const forward = (_event: IpcRendererEvent, progress: IndexProgressEvent) => listener(progress);
    ipcRenderer.on(IpcEvent.indexProgress, forward);
    return () => {
      ipcRenderer.removeListener(IpcEvent.indexProgress, forward);
    };
  },
};

contextBridge.exposeInMainWorld('dtiApi', api);
