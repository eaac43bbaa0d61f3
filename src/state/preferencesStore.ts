import { create } from 'zustand';

const READER_KEY = 'dti-viewer-reader';

function initialReader(): string {
  try {
    return globalThis.localStorage?.getItem(READER_KEY) ?? 'reader';
  } catch {
    return 'reader';
  }
}

/** Remembers the reader's name on this workstation (the audit trail and the export need it on every edit). */
function rememberReader(name: string): void {
  try {
    globalThis.localStorage?.setItem(READER_KEY, name);
  } catch {
    // Storage disabled: the name lasts for this session only.
  }
}

interface PreferencesState {
  /**
   * The reader's identity on this workstation, set once and kept across sessions: it signs every
   * record change (the audit trail) and, through the records, the export.
   */
  reader: string;
  /** Blinded review: patient identity (name, ID, birth date, accession) hidden everywhere. */
  blinded: boolean;
  helpOpen: boolean;
  setReader(name: string): void;
  toggleBlinded(): void;
  setHelpOpen(open: boolean): void;
}

export const usePreferencesStore = create<PreferencesState>()((set) => ({
  reader: initialReader(),
  blinded: false,
  helpOpen: false,
  setReader: (reader) => {
    rememberReader(reader);
    set({ reader });
  },
  toggleBlinded: () => set((s) => ({ blinded: !s.blinded })),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));
