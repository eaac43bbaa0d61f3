import type { FileSource } from '../core/io/FileSource';
import type { MeasurementStore } from '../core/store/MeasurementStore';
import type { SavedSignIn, SignInSecret } from '../shared/ipcContract';

/** A folder the user opened: its files, read-only. */
export interface OpenedFolder {
  /** Display name (the folder's base name, or 'Demo study'). */
  name: string;
  files: FileSource[];
  /** Files that could not even be listed (permission denied...), with the reason. */
  unreadable: { path: string; reason: string }[];
}

/**
 * An HTTP request as `fetch` does it, for DICOMweb: GET (QIDO-RS, WADO-RS) or POST with a body
 * (STOW-RS). The page's CSP allows same-origin connections only (connect-src 'self'), so the web
 * build reaches a server through a same-origin proxy path (/dicomweb-proxy/, served by the dev
 * server and the e2e harness); the desktop app sends it from the main process (`dicomweb:request`).
 */
export type FetchFn = (
  url: string,
  init: {
    method?: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: Uint8Array;
    signal?: AbortSignal;
    /** Desktop only: the main process adds the sign-in saved on this computer for the server. */
    useSavedSignIn?: boolean;
  },
) => Promise<Response>;

/** DICOMweb sign-ins saved on this computer, encrypted by the OS keychain (desktop only); the page never reads a secret back. */
export interface SignInKeeper {
  save(url: string, secret: SignInSecret): Promise<{ saved: true } | { saved: false; reason: string }>;
  /** The saved sign-in of `url`'s server, without its secret; null when none. */
  saved(url: string): Promise<SavedSignIn | null>;
  forget(url: string): Promise<boolean>;
}

export type SaveResult = { saved: true; path: string } | { saved: false; reason: string };

/** One file of a multi-file export: a plain file name (no directory part) and its bytes or UTF-8 text. */
export interface ExportedFile {
  name: string;
  data: Uint8Array | string;
}

/** Where a multi-file export went (the folder, or the browser's downloads) and the names written. */
export type SaveFilesResult = { saved: true; folder: string; names: string[] } | { saved: false; reason: string };

/**
 * What the renderer needs from its host. Two implementations: Electron (through the preload
 * API, `electronPlatform.ts`) and the plain browser (`browserPlatform.ts`). The UI only sees this.
 */
export interface Platform {
  readonly kind: 'electron' | 'browser';
  /** Ask the user for a folder; null when cancelled. */
  openFolder(): Promise<OpenedFolder | null>;
  /** The built-in synthetic demo study; `onProgress` hears the bytes fetched where it is downloaded (web build). */
  openDemo(onProgress?: (loadedBytes: number, totalBytes: number) => void): Promise<OpenedFolder>;
  /** Save an export (never into an opened source folder); the user picks the place. */
  saveFile(suggestedName: string, data: Uint8Array | string): Promise<SaveResult>;
  /**
   * Save every file of one export in one go (never into an opened source folder): Electron asks
   * for a folder once (and once whether to replace existing files); the browser downloads each.
   */
  saveFiles(files: readonly ExportedFile[]): Promise<SaveFilesResult>;
  /** Recently opened folders (display names), newest first. */
  recentFolders(): Promise<string[]>;
  /** Fetch for DICOMweb servers; absent where the host cannot reach one. */
  readonly dicomwebFetch?: FetchFn;
  /** Sign-ins kept encrypted between sessions; absent where the host cannot (the browser keeps them in memory only). */
  readonly signIns?: SignInKeeper;
  /** Where ROIs and measurements persist (SQLite in Electron, IndexedDB in the browser); absent when the host has none. */
  readonly store?: MeasurementStore;
}
