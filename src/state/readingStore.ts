import { create } from 'zustand';
import type { CaseRecord } from '../core/export/recordSessions';
import type { CaseState } from '../core/reading/caseState';
import { newSeed } from '../core/reading/seededOrder';
import type { StoredRead } from '../core/store/records';

/**
 * Trial reading state: the reading seed (order and case codes), what blinding hides beyond
 * identity, the adjudication tolerance, the randomisation arms (held for the export only, never
 * shown), the reads and measurements of the open studies as last read from the record, the case
 * being read, the worklist filter and which reading dialog is open.
 */

const SEED_KEY = 'dti-viewer-reading-seed';

function remembered(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Storage disabled: the seed lasts for this session; the export records it either way.
  }
}

/** The seed of this workstation's reading session: made once, kept, so every reader sees one order and one set of codes. */
function initialSeed(): string {
  const seed = remembered(SEED_KEY) ?? newSeed();
  remember(SEED_KEY, seed);
  return seed;
}

export type WorklistFilter = CaseState | 'all';
export type ReadingDialog = 'adjudication' | 'agreement' | null;

interface ReadingState {
  seed: string;
  /** Blinded reading also hides the timepoint (study dates are always hidden when blinded). */
  hideTimepoint: boolean;
  /** ABC/2 volumes of two readers further apart than this (mL) send a case to adjudication. */
  abc2ToleranceMl: number;
  /** Treatment arm by subject, from the randomisation CSV: joined at export only. */
  arms: ReadonlyMap<string, string>;
  armsFile: string | null;
  /** Every read of the open studies (all readers and consensus), as stored. */
  reads: StoredRead[];
  /** The open studies' measurements as stored (listed read-only in the form, ABC/2 compared). */
  record: CaseRecord | null;
  /** Whether the record keeps reads (false: the host's store has no read methods). */
  available: boolean;
  currentCase: string | null;
  filter: WorklistFilter;
  dialog: ReadingDialog;
  message: string | null;
  setSeed(seed: string): void;
  setHideTimepoint(on: boolean): void;
  setAbc2Tolerance(ml: number): void;
  setArms(arms: ReadonlyMap<string, string>, file: string): void;
  setLoaded(reads: StoredRead[], record: CaseRecord | null, available: boolean): void;
  setCurrentCase(studyUID: string | null): void;
  setFilter(filter: WorklistFilter): void;
  setDialog(dialog: ReadingDialog): void;
  setMessage(message: string | null): void;
}

export const useReadingStore = create<ReadingState>()((set) => ({
  seed: initialSeed(),
  hideTimepoint: true,
  abc2ToleranceMl: 5,
  arms: new Map(),
  armsFile: null,
  reads: [],
  record: null,
  available: true,
  currentCase: null,
  filter: 'all',
  dialog: null,
  message: null,
  setSeed: (seed) => {
    remember(SEED_KEY, seed);
    set({ seed });
  },
  setHideTimepoint: (hideTimepoint) => set({ hideTimepoint }),
  setAbc2Tolerance: (abc2ToleranceMl) => set({ abc2ToleranceMl }),
  setArms: (arms, armsFile) => set({ arms, armsFile }),
  setLoaded: (reads, record, available) => set({ reads, record, available }),
  setCurrentCase: (currentCase) => set({ currentCase }),
  setFilter: (filter) => set({ filter }),
  setDialog: (dialog) => set({ dialog }),
  setMessage: (message) => set({ message }),
}));
