import { create } from 'zustand';
import type { DicomIndex, SeriesEntry, SkippedFile } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import type { OpenedFolder } from '../platform/Platform';
import { indexFilesInWorkers } from '../workers/indexPool';

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

/** Least time between two indexing progress updates (ms). */
const PROGRESS_INTERVAL_MS = 100;

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
  /** Indexes an opened folder, replacing the current study list. */
  open(folder: OpenedFolder): Promise<void>;
  cancel(): void;
  setError(message: string | null): void;
  setDownload(download: DownloadProgress | null): void;
}

export const useStudyStore = create<StudyState>()((set, get) => ({
  folderName: null,
  index: null,
  sources: new Map(),
  skipped: [],
  progress: null,
  download: null,
  error: null,
  abort: null,
  async open(folder) {
    get().abort?.abort();
    const abort = new AbortController();
    const unreadable = folder.unreadable.map((u) => ({ path: u.path, reason: u.reason }));
    set({
      folderName: folder.name,
      index: null,
      sources: new Map(folder.files.map((f) => [f.path, f])),
      skipped: unreadable,
      progress: { done: 0, total: folder.files.length },
      error: null,
      abort,
    });
    let shown = performance.now();
    try {
      const index = await indexFilesInWorkers(folder.files, {
        signal: abort.signal,
        onProgress: (done: number, total: number) => {
          // A few updates a second: each one re-renders and repaints the page, on the thread that feeds the index workers.
          const now = performance.now();
          if (get().abort !== abort || (now - shown < PROGRESS_INTERVAL_MS && done < total)) return;
          shown = now;
          set({ progress: { done, total } });
        },
      });
      if (get().abort !== abort) return;
      set({ index, skipped: [...unreadable, ...index.skipped], progress: null, abort: null });
    } catch (error) {
      if (get().abort !== abort) return;
      const cancelled = abort.signal.aborted;
      set({ progress: null, abort: null, error: cancelled ? 'Indexing cancelled' : error instanceof Error ? error.message : String(error) });
    }
  },
  cancel() {
    get().abort?.abort();
  },
  setError: (error) => set({ error }),
  setDownload: (download) => set({ download }),
}));

/** The series with this UID in the current index, if any. */
export function findSeries(index: DicomIndex | null, seriesUID: string | null): SeriesEntry | null {
  if (!index || !seriesUID) return null;
  for (const p of index.patients)
    for (const st of p.studies) for (const se of st.series) if (se.seriesInstanceUID === seriesUID) return se;
  return null;
}
