import type { ExportedFile, OpenedFolder, Platform, SaveFilesResult, SaveResult } from './Platform';
import { createBrowserStore } from './browserStore';
import { BlobFileSource } from '../workers/indexBlobSource';
import { demoFiles, readPack } from './demoPack';

export { BlobFileSource };

/** Strips the picked folder's own name from `webkitRelativePath` ("study/a/b.dcm" → "a/b.dcm"). */
function relativeToPicked(relativePath: string, fallback: string): string {
  const parts = (relativePath || fallback).split('/');
  return parts.length > 1 ? parts.slice(1).join('/') : parts[0];
}

/** An `<input type=file webkitdirectory>` selection as an opened folder; null for an empty pick. */
export function folderFromFileList(list: FileList | File[]): OpenedFolder | null {
  const files = Array.from(list);
  if (files.length === 0) return null;
  const first = files[0].webkitRelativePath;
  const name = first.includes('/') ? first.split('/')[0] : 'Selected files';
  return {
    name,
    files: files.map((f) => new BlobFileSource(relativeToPicked(f.webkitRelativePath, f.name), f)),
    unreadable: [],
  };
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** All entries of a directory: `readEntries` returns batches (≤ 100 in Chromium) until empty. */
async function directoryEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walkEntry(entry: FileSystemEntry, prefix: string, out: OpenedFolder): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  try {
    if (entry.isFile) {
      out.files.push(new BlobFileSource(path, await entryFile(entry as FileSystemFileEntry)));
    } else if (entry.isDirectory) {
      for (const child of await directoryEntries(entry as FileSystemDirectoryEntry)) await walkEntry(child, path, out);
    }
  } catch (error) {
    out.unreadable.push({ path, reason: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Dropped folders and files as one opened folder. Entries must be taken synchronously inside the
 * drop handler (the DataTransfer is emptied afterwards), hence `webkitGetAsEntry` before any await.
 * A single dropped folder is opened as that folder (paths relative to it), like the folder picker.
 */
export async function folderFromDataTransfer(dt: DataTransfer): Promise<OpenedFolder | null> {
  const entries = Array.from(dt.items)
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return null;
  const single = entries.length === 1 && entries[0].isDirectory ? entries[0] : null;
  const out: OpenedFolder = { name: single ? single.name : 'Dropped files', files: [], unreadable: [] };
  if (single) {
    for (const child of await directoryEntries(single as FileSystemDirectoryEntry)) await walkEntry(child, '', out);
  } else {
    for (const entry of entries) await walkEntry(entry, '', out);
  }
  return out;
}

/** Minimal File System Access typing (not yet in TypeScript's DOM lib). */
interface DirectoryHandle {
  kind: 'directory';
  name: string;
  values(): AsyncIterable<DirectoryHandle | FileHandle>;
}
interface FileHandle {
  kind: 'file';
  name: string;
  getFile(): Promise<File>;
}
type DirectoryPicker = (options?: { mode?: 'read' }) => Promise<DirectoryHandle>;

async function walkHandle(dir: DirectoryHandle, prefix: string, out: OpenedFolder): Promise<void> {
  for await (const handle of dir.values()) {
    const path = prefix ? `${prefix}/${handle.name}` : handle.name;
    try {
      if (handle.kind === 'file') out.files.push(new BlobFileSource(path, await handle.getFile()));
      else await walkHandle(handle, path, out);
    } catch (error) {
      out.unreadable.push({ path, reason: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** Falls back to a transient directory input where File System Access is missing (Firefox, Safari). */
function pickWithInput(): Promise<OpenedFolder | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.webkitdirectory = true;
    input.multiple = true;
    input.addEventListener('change', () => resolve(input.files ? folderFromFileList(input.files) : null));
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/** The demo manifest's files (path relative to `demo/`, size in bytes), in the order of its pack. */
function manifestEntries(manifest: unknown): { path: string; size: number }[] {
  const list = (manifest as { files?: unknown })?.files;
  const valid = Array.isArray(list) && list.every((f) => typeof f?.path === 'string' && Number.isInteger(f?.size) && f.size >= 0);
  if (!valid) throw new Error('demo/manifest.json does not list files with their sizes');
  return list as { path: string; size: number }[];
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** Hands `data` to the browser as a download named `name` (the browser picks the folder). */
function download(name: string, data: Uint8Array | string): void {
  const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)]);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Chromium reads the blob after click() returns; a URL revoked too early loses a large download.
  setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_LIFETIME_MS);
}

/** How long a download's blob URL stays valid: far longer than Chromium takes to start reading it. */
const BLOB_URL_LIFETIME_MS = 60_000;
/** Pause between the downloads of one multi-file export: Chromium drops anchors clicked in a burst. */
const DOWNLOAD_SPACING_MS = 200;

const RECENT_KEY = 'dti-viewer.recentFolders';
/** The demo's files end to end, written beside its manifest by the web build (vite.config.ts). */
const DEMO_PACK = 'study.bin';
/** The demo's index, written beside its pack by the web build (vite.config.ts, src/node/demoIndex.ts). */
const DEMO_INDEX = 'index.json';

function rememberRecent(name: string): void {
  const recent = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as string[];
  localStorage.setItem(RECENT_KEY, JSON.stringify([name, ...recent.filter((r) => r !== name)].slice(0, 10)));
}

/** The plain-browser host: folder picker / input, demo over fetch, exports as downloads. */
export const browserPlatform: Platform = {
  kind: 'browser',
  store: createBrowserStore(),
  dicomwebFetch: (url, { method, headers, body, signal }) => fetch(url, { method, headers, body: body ? new Blob([body as BlobPart]) : undefined, signal }),

  async openFolder() {
    const picker = (window as unknown as { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
    let folder: OpenedFolder | null;
    if (picker) {
      let dir: DirectoryHandle;
      try {
        dir = await picker({ mode: 'read' });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') return null;
        throw error;
      }
      folder = { name: dir.name, files: [], unreadable: [] };
      await walkHandle(dir, '', folder);
    } else {
      folder = await pickWithInput();
    }
    if (folder) rememberRecent(folder.name);
    return folder;
  },

  async openDemo(onProgress) {
    const entries = manifestEntries(await (await fetchOk('demo/manifest.json')).json());
    const total = entries.reduce((n, e) => n + e.size, 0);
    // The index made at build time, fetched while the pack downloads; an older build has none.
    const storedIndex = fetch(`demo/${DEMO_INDEX}`).then((r) => (r.ok ? r.text() : null), () => null);
    // One fetch of the files end to end (the build's demo/study.bin), sliced by the manifest's sizes.
    const pack = await readPack(await fetchOk(`demo/${DEMO_PACK}`), total, `demo/${DEMO_PACK}`, onProgress);
    return { name: 'Demo study', files: demoFiles(entries, pack, await storedIndex), unreadable: [] };
  },

  async saveFile(suggestedName: string, data: Uint8Array | string): Promise<SaveResult> {
    download(suggestedName, data);
    // A download cannot report where it went: the browser's download folder.
    return { saved: true, path: suggestedName };
  },

  async saveFiles(files: readonly ExportedFile[]): Promise<SaveFilesResult> {
    for (const [i, file] of files.entries()) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, DOWNLOAD_SPACING_MS));
      download(file.name, file.data);
    }
    return { saved: true, folder: 'the browser downloads', names: files.map((f) => f.name) };
  },

  async recentFolders() {
    return JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as string[];
  },
};
