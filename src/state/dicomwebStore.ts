import { create } from 'zustand';
import type { StudySummary } from '../core/dicomweb/dicomJson';
import type { DicomwebAuth, StudySearch } from '../core/dicomweb/requests';
import type { RetrieveProgress } from '../services/dicomwebClient';

/**
 * The "Open from server" dialog: connection, search fields, results and the request under way.
 * Credentials live here, in memory only: never persisted, logged or exported (a reload forgets them).
 */
interface DicomwebState {
  dialogOpen: boolean;
  /** DICOMweb root (e.g. http://pacs:8042/dicom-web; the web build: /dicomweb-proxy/dicom-web). */
  url: string;
  auth: DicomwebAuth;
  search: StudySearch;
  /** null before the first search. */
  results: StudySummary[] | null;
  busy: 'searching' | 'retrieving' | null;
  progress: RetrieveProgress | null;
  /** The last failure, as the user reads it. */
  error: string | null;
  abort: AbortController | null;
  setDialogOpen(open: boolean): void;
  setUrl(url: string): void;
  setAuth(auth: DicomwebAuth): void;
  setSearch(search: Partial<StudySearch>): void;
  /** Marks a request as started (clearing the last error), with its controller. */
  start(busy: 'searching' | 'retrieving', abort: AbortController): void;
  setProgress(progress: RetrieveProgress | null): void;
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
  error: null,
  abort: null,
  setDialogOpen: (dialogOpen) => set({ dialogOpen }),
  setUrl: (url) => set({ url }),
  setAuth: (auth) => set({ auth }),
  setSearch: (search) => set((s) => ({ search: { ...s.search, ...search } })),
  start: (busy, abort) => set({ busy, abort, error: null, progress: null }),
  setProgress: (progress) => set({ progress }),
  setResults: (results) => set({ results }),
  finish: (error = null) => set({ busy: null, abort: null, progress: null, error }),
}));
