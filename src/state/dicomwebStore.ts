import { create } from 'zustand';
import type { StudySummary } from '../core/dicomweb/dicomJson';
import type { DicomwebAuth, StudySearch } from '../core/dicomweb/requests';
import type { RetrieveProgress } from '../services/dicomwebClient';
import type { StowProgress } from '../services/dicomwebStow';
import type { SavedSignIn } from '../shared/ipcContract';

/**
 * The "Open from server" dialog: connection, search fields, results and the request under way
 * (search, retrieval or storing results). Typed credentials live here, in memory only: never
 * persisted, logged or exported (a reload forgets them); the desktop app may save them encrypted
 * in its main process, and then holds only their description here.
 */
interface DicomwebState {
  dialogOpen: boolean;
  /** DICOMweb root (e.g. http://pacs:8042/dicom-web; the web build: /dicomweb-proxy/dicom-web). */
  url: string;
  auth: DicomwebAuth;
  search: StudySearch;
  /** null before the first search. */
  results: StudySummary[] | null;
  busy: 'searching' | 'retrieving' | 'storing' | null;
  progress: RetrieveProgress | null;
  /** STOW-RS progress, with the label of the object being sent. */
  storeProgress: (StowProgress & { label: string }) | null;
  /** What the last store or sign-in change did, as the user reads it (not an error). */
  note: string | null;
  /** Desktop: the sign-in saved on this computer for the URL (never its secret); null when none. */
  savedSignIn: SavedSignIn | null;
  /** Desktop: save the typed sign-in (encrypted) after it worked. */
  remember: boolean;
  /** The host can save sign-ins (the desktop app with an OS keychain). */
  canRemember: boolean;
  /** The last failure, as the user reads it. */
  error: string | null;
  abort: AbortController | null;
  setDialogOpen(open: boolean): void;
  setUrl(url: string): void;
  setAuth(auth: DicomwebAuth): void;
  setSearch(search: Partial<StudySearch>): void;
  /** Marks a request as started (clearing the last error and note), with its controller. */
  start(busy: 'searching' | 'retrieving' | 'storing', abort: AbortController): void;
  setProgress(progress: RetrieveProgress | null): void;
  setStoreProgress(progress: (StowProgress & { label: string }) | null): void;
  setNote(note: string | null): void;
  setSavedSignIn(saved: SavedSignIn | null): void;
  setRemember(remember: boolean): void;
  setCanRemember(canRemember: boolean): void;
  setResults(results: StudySummary[]): void;
  /** Ends the request under way, with an error or without. */
  finish(error?: string | null): void;
}

export const useDicomwebStore = create<DicomwebState>()((set) => ({
  dialogOpen: false,
  url: '',
  auth: { kind: 'none' },
  search: {},
  results: null,
  busy: null,
  progress: null,
  storeProgress: null,
  note: null,
  savedSignIn: null,
  remember: false,
  canRemember: false,
  error: null,
  abort: null,
  setDialogOpen: (dialogOpen) => set({ dialogOpen }),
  setUrl: (url) => set({ url }),
  setAuth: (auth) => set({ auth }),
  setSearch: (search) => set((s) => ({ search: { ...s.search, ...search } })),
  start: (busy, abort) => set({ busy, abort, error: null, note: null, progress: null, storeProgress: null }),
  setProgress: (progress) => set({ progress }),
  setStoreProgress: (storeProgress) => set({ storeProgress }),
  setNote: (note) => set({ note }),
  setSavedSignIn: (savedSignIn) => set({ savedSignIn }),
  setRemember: (remember) => set({ remember }),
  setCanRemember: (canRemember) => set({ canRemember }),
  setResults: (results) => set({ results }),
  finish: (error = null) => set({ busy: null, abort: null, progress: null, storeProgress: null, error }),
}));
