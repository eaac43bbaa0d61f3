import type { IndexOptions } from '../dicom/indexFiles';
import type { DicomIndex } from '../dicom/types';
import type { FileSource } from './FileSource';

/**
 * A folder its host indexes as a whole instead of file by file in the page: Electron's main
 * process on worker threads, or the demo shipped with its index. `index` gives exactly what
 * `indexFiles` gives over the folder's files in their listed order (the same per-file indexing and
 * merge, or a stored copy of it checked against a fresh one).
 */
export interface PreIndexedFolder {
  /** Files listed in the folder; its FileSources are these, in this order. */
  readonly fileCount: number;
  /** Progress and abort as for indexFiles. */
  index(opts: IndexOptions): Promise<DicomIndex>;
}

/** A FileSource that belongs to a PreIndexedFolder. */
export interface PreIndexedMember {
  readonly indexedBy: PreIndexedFolder;
}

/**
 * The folder that indexes `files` as a whole, when they are exactly its files (all of them, all
 * from it): only then is its index the index of `files`. Null otherwise (index file by file).
 */
export function preIndexedFolderOf(files: readonly FileSource[]): PreIndexedFolder | null {
  const folder = (files[0] as Partial<PreIndexedMember> | undefined)?.indexedBy;
  if (!folder || folder.fileCount !== files.length) return null;
  return files.every((f) => (f as Partial<PreIndexedMember>).indexedBy === folder) ? folder : null;
}
