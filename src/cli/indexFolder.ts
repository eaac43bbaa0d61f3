import { indexFiles } from '../core/dicom/indexFiles';
import type { DicomIndex, SkippedFile } from '../core/dicom/types';
import type { FileBytesCache } from './fileBytesCache';
import type { FileSource } from '../core/io/FileSource';
import { listFolder } from './nodeFileSource';

/**
 * Lists `folder` (listFolder, `cache` as there) and indexes its files. What could not even be
 * listed (an unreadable subfolder or file) joins the index's skipped files, in path order, so each
 * command reports it as it reports a file that is not an image.
 */
export async function indexFolder(folder: string, cache?: FileBytesCache): Promise<{ files: FileSource[]; index: DicomIndex }> {
  const unreadable: SkippedFile[] = [];
  const files = await listFolder(folder, cache, unreadable);
  const index = await indexFiles(files);
  const skipped = [...unreadable, ...index.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, index: { ...index, skipped } };
}
