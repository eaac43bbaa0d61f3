/**
 * IPC channel names, part of the contract in `ipcContract.ts` (which re-exports them). Kept in
 * a file without zod so the sandboxed preload bundles only these strings, not the schemas.
 */

/** Invokable channels (renderer → main, with a result). */
export const IpcChannel = {
  openFolder: 'folder:open',
  openDemo: 'folder:openDemo',
  readFile: 'file:read',
  /** The DICOM index of an opened folder, made in main on worker threads (one call per folder, not per file). */
  indexFolder: 'folder:index',
  /** Whole files of an opened folder in one call (a series' pixels), concatenated. */
  readFiles: 'file:readMany',
  saveExport: 'export:save',
  /** Every file of one export into one folder the user picks once. */
  saveToFolder: 'export:saveToFolder',
  listRecent: 'recent:list',
  openRecent: 'recent:open',
  takeLaunchFolder: 'launch:takeFolder',
  appInfo: 'app:info',
  // Measurement store (ROIs, lengths, ABC/2..., with audit trail), in the main process's SQLite database.
  saveRoi: 'store:saveRoi',
  deleteRoi: 'store:deleteRoi',
  listRois: 'store:listRois',
  saveMeasurement: 'store:saveMeasurement',
  deleteMeasurement: 'store:deleteMeasurement',
  listMeasurements: 'store:listMeasurements',
  measurementHistory: 'store:history',
  // Labelmap segmentations (brush / threshold lesion), same store and audit trail.
  saveSegmentation: 'store:saveSegmentation',
  deleteSegmentation: 'store:deleteSegmentation',
  listSegmentations: 'store:listSegmentations',
  // Trial reads (each reader's structured read of a case, and its consensus), same store and audit trail.
  saveRead: 'store:saveRead',
  listReads: 'store:listReads',
  // Integrity: what the store found at open (chain check, recovery), and a fresh chain check.
  storeStatus: 'store:status',
  verifyStore: 'store:verify',
  // DICOMweb from the main process (the page's CSP allows its own origin only; a PACS sends no CORS headers).
  dicomwebRequest: 'dicomweb:request',
  dicomwebCancel: 'dicomweb:cancel',
  // Sign-ins remembered per server, encrypted with the OS keychain (safeStorage); secrets never return to the page.
  saveSignIn: 'dicomweb:saveSignIn',
  savedSignIn: 'dicomweb:savedSignIn',
  forgetSignIn: 'dicomweb:forgetSignIn',
} as const;
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];
/** The DICOMweb channels (served by `electron/dicomweb/dicomwebHandlers.ts`). */
export type DicomwebChannelName = Extract<IpcChannelName, `dicomweb:${string}`>;
/** The measurement-store channels (served by `electron/store/storeHandlers.ts`). */
export type StoreChannelName = Extract<IpcChannelName, `store:${string}`>;

/** Events main → renderer (no result). */
export const IpcEvent = {
  menuCommand: 'menu:command',
  /** Progress of a `folder:index` call, to the window that made it. */
  indexProgress: 'folder:indexProgress',
} as const;
