import { create } from 'zustand';

interface PreferencesState {
  /** Blinded review: patient identity (name, ID, birth date, accession) hidden everywhere. */
  blinded: boolean;
  helpOpen: boolean;
  toggleBlinded(): void;
  setHelpOpen(open: boolean): void;
}

export const usePreferencesStore = create<PreferencesState>()((set) => ({
  blinded: false,
  helpOpen: false,
  toggleBlinded: () => set((s) => ({ blinded: !s.blinded })),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));
