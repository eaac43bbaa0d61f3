import type { FileSource } from '../core/io/FileSource';
import type { MeasurementStore } from '../core/store/MeasurementStore';

/** A folder the user opened: its files, read-only. */
export interface OpenedFolder {
  /** Display name (the folder's base name, or 'Demo study'). */
  name: string;
  files: FileSource[];
  /** Files that could not even be listed (permission denied...), with the reason. */
  unreadable: { path: string; reason: string }[];
}

export type SaveResult = { saved: true; path: string } | { saved: false; reason: string };

/**
 * What the renderer needs from its host. Two implementations: Electron (through the preload
 * API, `electronPlatform.ts`) and the plain browser (`browserPlatform.ts`). The UI only sees this.
 */
export interface Platform {
  readonly kind: 'electron' | 'browser';
  /** Ask the user for a folder; null when cancelled. */
  openFolder(): Promise<OpenedFolder | null>;
  /** The built-in synthetic demo study. */
  openDemo(): Promise<OpenedFolder>;
  /** Save an export (never into an opened source folder); the user picks the place. */
  saveFile(suggestedName: string, data: Uint8Array | string): Promise<SaveResult>;
  /** Recently opened folders (display names), newest first. */
  recentFolders(): Promise<string[]>;
  /** Where ROIs and measurements persist (SQLite in Electron, IndexedDB in the browser); absent when the host has none. */
  readonly store?: MeasurementStore;
}
