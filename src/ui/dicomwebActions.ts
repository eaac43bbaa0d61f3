import type { StudySummary } from '../core/dicomweb/dicomJson';
import { getPlatform } from '../platform';
import type { OpenedFolder } from '../platform/Platform';
import { retrieveStudy, searchStudies, type DicomwebConnection } from '../services/dicomwebClient';
import { useDicomwebStore } from '../state/dicomwebStore';
import { useStudyStore } from '../state/studyStore';
import { openFolder } from './actions';

/** Least time between two retrieval progress updates (ms): each one re-renders the dialog. */
const PROGRESS_INTERVAL_MS = 100;

function connection(): DicomwebConnection {
  const { url, auth } = useDicomwebStore.getState();
  return { url, auth };
}

async function platformFetch() {
  const fetchFn = (await getPlatform()).dicomwebFetch;
  if (!fetchFn) throw new Error('This app cannot reach DICOMweb servers yet: use the web build, or open a folder the server exported.');
  return fetchFn;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `work` as the dialog's one request: a new one cancels the last; cancel or failure end it
 * with a message. True when it completed and is still the current request.
 */
async function run(busy: 'searching' | 'retrieving', work: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
  const store = useDicomwebStore.getState();
  store.abort?.abort();
  const abort = new AbortController();
  store.start(busy, abort);
  try {
    await work(abort.signal);
    abort.signal.throwIfAborted();
    if (useDicomwebStore.getState().abort !== abort) return false;
    useDicomwebStore.getState().finish();
    return true;
  } catch (error) {
    if (useDicomwebStore.getState().abort !== abort) return false;
    useDicomwebStore.getState().finish(abort.signal.aborted ? (busy === 'searching' ? 'Search cancelled' : 'Retrieval cancelled: nothing was opened') : messageOf(error));
    return false;
  }
}

/** QIDO-RS search with the dialog's fields; the results replace the last ones. */
export async function searchServer(): Promise<void> {
  await run('searching', async (signal) => {
    if (!useDicomwebStore.getState().url.trim()) throw new Error('Enter the DICOMweb URL of the server first.');
    const fetchFn = await platformFetch();
    const results = await searchStudies(fetchFn, connection(), useDicomwebStore.getState().search, signal);
    useDicomwebStore.getState().setResults(results);
  });
}

/**
 * Retrieves the whole study, then opens it like a local folder. The current study stays until
 * every series has arrived intact: a failure or cancel leaves the app as it was. Indexing runs
 * after the dialog closes, with its own progress and cancel in the status bar.
 */
export async function openServerStudy(study: StudySummary): Promise<void> {
  const got: { folder?: OpenedFolder } = {};
  const retrieved = await run('retrieving', async (signal) => {
    const fetchFn = await platformFetch();
    let shown = 0;
    got.folder = await retrieveStudy(fetchFn, connection(), study, {
      signal,
      onProgress: (p) => {
        const now = performance.now();
        if (now - shown < PROGRESS_INTERVAL_MS && p.seriesDone < p.seriesTotal) return;
        shown = now;
        useDicomwebStore.getState().setProgress(p);
      },
    });
  });
  // Nothing when the retrieval failed or was cancelled (the dialog shows why).
  if (!retrieved || !got.folder) return;
  useDicomwebStore.getState().setDialogOpen(false);
  await openFolder(got.folder).catch((error: unknown) => useStudyStore.getState().setError(messageOf(error)));
}

/** Cancels the search or retrieval under way. */
export function cancelServerRequest(): void {
  useDicomwebStore.getState().abort?.abort();
}
