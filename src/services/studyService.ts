import type { OpenedFolder } from '../platform/Platform';
import { useStudyStore } from '../state/studyStore';
import { indexFilesInWorkers } from '../workers/indexPool';

/**
 * Opens a folder as the study list: indexes its files on the index workers with progress (a few
 * updates a second), replacing the current list; a new open or Cancel stops the running one.
 */

/** Least time between two indexing progress updates (ms). */
const PROGRESS_INTERVAL_MS = 100;

const get = () => useStudyStore.getState();
const set = (change: Parameters<ReturnType<typeof get>['set']>[0]) => get().set(change);

/** Indexes an opened folder, replacing the current study list. */
export async function openStudyFolder(folder: OpenedFolder): Promise<void> {
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
}

/** Stops the running indexing (the status bar's Cancel). */
export function cancelIndexing(): void {
  get().abort?.abort();
}
