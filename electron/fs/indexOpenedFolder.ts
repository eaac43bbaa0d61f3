import type { DicomIndex } from '../../src/core/dicom/types.js';
import { indexListedFiles } from '../../src/node/folderIndexer.js';
import type { IndexProgressEvent } from '../../src/shared/ipcContract.js';
import type { OpenedFolderRecord } from './openedFolders.js';

/** Least time between two progress events to the window (ms): each one re-renders its progress bar. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The DICOM index of an opened folder's listed files, made on worker threads off the main
 * process's event loop (src/node/folderIndexer.ts: the same indexing as the web workers and the
 * CLI). Progress goes to `notify` a few times a second and once at the end. Files that cannot be
 * read are skipped entries of the index, never a failure of the call.
 */
export async function indexOpenedFolder(folder: OpenedFolderRecord, notify: (progress: IndexProgressEvent) => void): Promise<DicomIndex> {
  let shown = 0;
  const { index } = await indexListedFiles(folder.root, folder.files, {
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - shown < PROGRESS_INTERVAL_MS && done < total) return;
      shown = now;
      notify({ folderId: folder.folderId, done, total });
    },
  });
  return index;
}
