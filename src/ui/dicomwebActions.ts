import type { StudySummary } from '../core/dicomweb/dicomJson';
import { getPlatform } from '../platform';
import type { OpenedFolder } from '../platform/Platform';
import { retrieveStudy, searchStudies, type DicomwebConnection } from '../services/dicomwebClient';
import { useDicomwebStore } from '../state/dicomwebStore';
import { useStudyStore } from '../state/studyStore';
import { openFolder } from './actions';

/** Least time between two retrieval progress updates (ms): each one re-renders the dialog. */
const PROGRESS_INTERVAL_MS = 100;

export function connection(): DicomwebConnection {
  const { url, auth } = useDicomwebStore.getState();
  return { url, auth };
}

export async function platformFetch() {
  const fetchFn = (await getPlatform()).dicomwebFetch;
  if (!fetchFn) throw new Error('This app cannot reach DICOMweb servers yet: use the web build, or open a folder the server exported.');
  return fetchFn;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const CANCELLED = {
  searching: 'Search cancelled',
  retrieving: 'Retrieval cancelled: nothing was opened',
  storing: 'Storing cancelled: the objects listed as stored are on the server, the rest were not sent',
} as const;

/**
 * Runs `work` as the dialog's one request: a new one cancels the last; cancel or failure end it
 * with a message. True when it completed and is still the current request.
 */
export async function run(busy: 'searching' | 'retrieving' | 'storing', work: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
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
    useDicomwebStore.getState().finish(abort.signal.aborted ? CANCELLED[busy] : messageOf(error));
    return false;
  }
}

/** QIDO-RS search with the dialog's fields; the results replace the last ones. */
export async function searchServer(): Promise<void> {
  const searched = await run('searching', async (signal) => {
    if (!useDicomwebStore.getState().url.trim()) throw new Error('Enter the DICOMweb URL of the server first.');
    const fetchFn = await platformFetch();
    const results = await searchStudies(fetchFn, connection(), useDicomwebStore.getState().search, signal);
    useDicomwebStore.getState().setResults(results);
  });
  if (searched) await rememberSignIn();
}

/** Desktop: after a search worked with a typed sign-in and "Remember" is on, main saves it encrypted. */
async function rememberSignIn(): Promise<void> {
  const { url, auth, remember } = useDicomwebStore.getState();
  const keeper = (await getPlatform()).signIns;
  if (!keeper || !remember || (auth.kind !== 'basic' && auth.kind !== 'bearer')) return;
  const secret = auth.kind === 'basic' ? { kind: auth.kind, user: auth.user, password: auth.password } : { kind: auth.kind, token: auth.token.trim() };
  try {
    const result = await keeper.save(url.trim(), secret);
    if (!result.saved) {
      useDicomwebStore.getState().setNote(`Sign-in not saved: ${result.reason}.`);
      return;
    }
    // From now on the page holds no secret: main adds the saved one to each request.
    useDicomwebStore.getState().setAuth({ kind: 'saved', user: auth.kind === 'basic' ? auth.user : '' });
    useDicomwebStore.getState().setSavedSignIn(await keeper.saved(url.trim()));
    useDicomwebStore.getState().setNote('Sign-in saved on this computer, encrypted by the system keychain.');
  } catch (error) {
    useDicomwebStore.getState().setNote(`Sign-in not saved: ${messageOf(error)}`);
  }
}

/** Opens the server dialog; on the desktop, with the sign-in saved for its URL. */
export function openServerDialog(): void {
  useDicomwebStore.getState().setDialogOpen(true);
  void lookUpSavedSignIn();
}

/** Desktop: looks up the sign-in saved for the URL and uses it when nothing else was typed. */
export async function lookUpSavedSignIn(): Promise<void> {
  const { url, auth } = useDicomwebStore.getState();
  const keeper = (await getPlatform()).signIns;
  useDicomwebStore.getState().setCanRemember(keeper !== undefined);
  if (!keeper) return;
  const saved = /^https?:\/\//i.test(url.trim()) ? await keeper.saved(url.trim()).catch(() => null) : null;
  useDicomwebStore.getState().setSavedSignIn(saved);
  if (saved && (auth.kind === 'none' || auth.kind === 'saved')) useDicomwebStore.getState().setAuth({ kind: 'saved', user: saved.user });
  if (!saved && auth.kind === 'saved') useDicomwebStore.getState().setAuth({ kind: 'none' });
}

/** Desktop: deletes the saved sign-in of the URL's server. */
export async function forgetSavedSignIn(): Promise<void> {
  const keeper = (await getPlatform()).signIns;
  const { url } = useDicomwebStore.getState();
  if (!keeper) return;
  const forgotten = await keeper.forget(url.trim()).catch(() => false);
  useDicomwebStore.getState().setSavedSignIn(null);
  useDicomwebStore.getState().setAuth({ kind: 'none' });
  useDicomwebStore.getState().setNote(forgotten ? 'Saved sign-in deleted from this computer.' : 'No sign-in was saved for this server.');
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
