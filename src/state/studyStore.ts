import { create } from 'zustand';
import type { DicomIndex, SkippedFile } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';

/** Indexing progress: files read so far of the total listed. */
export interface IndexProgress {
  done: number;
  total: number;
}

/** Bytes of a study fetched so far (the web build's demo), before it is indexed. */
export interface DownloadProgress {
  loaded: number;
  total: number;
}

interface StudyState {
  folderName: string | null;
  index: DicomIndex | null;
  /** Every opened file by its FileSource.path, for the image loader. */
  sources: Map<string, FileSource>;
  /** Files not indexed: unreadable at listing plus those the indexer skipped, each with its reason. */
  skipped: SkippedFile[];
  progress: IndexProgress | null;
  download: DownloadProgress | null;
  error: string | null;
  abort: AbortController | null;
  setError(message: string | null): void;
  setDownload(download: DownloadProgress | null): void;
  set(change: Partial<Omit<StudyState, 'setError' | 'setDownload' | 'set'>>): void;
}

/** The opened study list: its index, files, skipped files and indexing progress (services/studyService fills it). */
export const useStudyStore = create<StudyState>()((set) => ({
  folderName: null,
  index: null,
  sources: new Map(),
  skipped: [],
  progress: null,
  download: null,
  error: null,
  abort: null,
  setError: (error) => set({ error }),
  setDownload: (download) => set({ download }),
  set: (change) => set(change),
}));
