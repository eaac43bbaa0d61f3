import type { DicomIndex, SkippedFile } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import { indexListedFiles } from '../node/folderIndexer';
import type { FileBytesCache } from './fileBytesCache';
import { listFolder } from './nodeFileSource';

/**
 * Lists `folder` (listFolder, `cache` as there) and indexes its files with the folder indexer
 * (folderIndexer.ts: the same per-file indexing and merge as `indexFiles`), on the main thread
 * unless DTI_INDEX_THREADS asks for threads: the bench found no gain from index threads in a CLI
 * process whose DTI threads start and warm up meanwhile on the same cores (docs/benchmarks.md).
 * The whole small MR files read for their headers stay in `cache`, so assembly reads none again.
 * `onListed` hears the listing before anything is read (the fit sizes its threads by it).
 * What could not even be listed (an unreadable subfolder or file) joins the index's skipped files,
 * in path order, so each command reports it as it reports a file that is not an image.
 */
export async function indexFolder(
  folder: string,
  cache?: FileBytesCache,
  onListed?: (files: readonly FileSource[]) => void,
): Promise<{ files: FileSource[]; index: DicomIndex }> {
  const unreadable: SkippedFile[] = [];
  const files = await listFolder(folder, cache, unreadable);
  onListed?.(files);
  const { index, kept } = await indexListedFiles(folder, files, { keepBytes: cache?.free ?? 0, threads: indexThreadsFromEnv() ?? 1 });
  for (const [path, bytes] of kept) cache?.keep(path, bytes);
  const skipped = [...unreadable, ...index.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, index: { ...index, skipped } };
}

/**
 * DTI_INDEX_THREADS=<n>: index threads for this process (1: on the main thread), so the bench can
 * compare; unset or not a positive integer: undefined (the main thread).
 */
function indexThreadsFromEnv(): number | undefined {
  const n = Number(process.env.DTI_INDEX_THREADS);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
