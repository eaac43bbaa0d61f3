import type { IndexOptions } from '../core/dicom/indexFiles';
import type { DicomIndex } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import type { PreIndexedFolder, PreIndexedMember } from '../core/io/PreIndexedFolder';
import type { DtiApi, FolderListing, IpcResult } from '../shared/ipcContract';
import { MAX_READ_BYTES } from '../shared/ipcContract';

/** A failed IPC call, keeping the contract's error code (e.g. 'OUTSIDE_FOLDER') for the UI. */
export class HostCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostCallError';
  }
}

/** Unwraps the IPC envelope: the value, or a rejection carrying the error code. */
export async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new HostCallError(result.error.code, result.error.message);
  return result.value;
}

/**
 * Whole files of read series held in the page at most (bytes): any DTI series a workstation fits,
 * bounded for a study of large series. The series read longest ago is dropped first.
 */
export const KEPT_SERIES_BYTES = 256 * 2 ** 20;

/** A series' files read in one call, or why not (then its files are read one by one). */
interface SeriesGroup {
  files: HostFileSource[];
  bytes: number;
  /** Set while or once the series is read in one call; null when that failed. */
  reading: Promise<boolean> | null;
}

/**
 * A folder opened by Electron's main process, seen from the page. Main indexes it on worker
 * threads in one call (`folder:index`, progress by event); once the index is known, the first read
 * of any file of a series brings the whole series' files in one call (`file:readMany`), kept here
 * for assembly and the image loader, so neither makes one IPC call per file. Files outside any
 * series, series larger than MAX_READ_BYTES, and a series whose bulk read failed (a file vanished)
 * are read file by file (`file:read`), each failure then naming its file.
 */
export class HostFolder implements PreIndexedFolder {
  readonly files: HostFileSource[];
  private readonly groups = new Map<HostFileSource, SeriesGroup>();
  /** Groups holding bytes, oldest read first. */
  private readonly keptGroups: SeriesGroup[] = [];

  constructor(
    private readonly api: DtiApi,
    readonly listing: FolderListing,
  ) {
    this.files = listing.files.map((f) => new HostFileSource(this, f.path, f.size));
  }

  get fileCount(): number {
    return this.files.length;
  }

  async index(opts: IndexOptions): Promise<DicomIndex> {
    const { folderId } = this.listing;
    opts.signal?.throwIfAborted();
    const unsubscribe = this.api.onIndexProgress((p) => {
      if (p.folderId === folderId) opts.onProgress?.(p.done, p.total);
    });
    try {
      const call = unwrap(this.api.indexFolder({ folderId }));
      // Main cannot be stopped mid-index; an abort stops waiting for it (its answer is then dropped).
      const signal = opts.signal;
      const index = signal
        ? await Promise.race([call, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))])
        : await call;
      this.learnSeries(index);
      opts.onProgress?.(this.files.length, this.files.length);
      return index;
    } finally {
      unsubscribe();
    }
  }

  /** Groups each series' files for reading in one call. */
  private learnSeries(index: DicomIndex): void {
    const byPath = new Map(this.files.map((f) => [f.path, f]));
    this.groups.clear();
    for (const p of index.patients)
      for (const st of p.studies)
        for (const se of st.series) {
          const files = [...new Set(se.frames.map((f) => f.file))].flatMap((path) => byPath.get(path) ?? []);
          const group: SeriesGroup = { files, bytes: files.reduce((a, f) => a + f.size, 0), reading: null };
          if (group.bytes > MAX_READ_BYTES || group.bytes > KEPT_SERIES_BYTES) continue;
          for (const f of files) this.groups.set(f, group);
        }
  }

  /** Reads the series of `file` in one call if it has one and it is not read yet; true when its bytes are now kept. */
  ensureSeriesRead(file: HostFileSource): Promise<boolean> {
    const group = this.groups.get(file);
    if (!group) return Promise.resolve(false);
    group.reading ??= this.readGroup(group);
    return group.reading;
  }

  private async readGroup(group: SeriesGroup): Promise<boolean> {
    let result;
    try {
      result = await unwrap(this.api.readFiles({ folderId: this.listing.folderId, paths: group.files.map((f) => f.path) }));
    } catch {
      for (const f of group.files) this.groups.delete(f);
      return false;
    }
    let offset = 0;
    group.files.forEach((f, i) => {
      f.keep(result.bytes.subarray(offset, offset + result.sizes[i]));
      offset += result.sizes[i];
    });
    this.keptGroups.push(group);
    let held = this.keptGroups.reduce((a, g) => a + g.bytes, 0);
    while (held > KEPT_SERIES_BYTES && this.keptGroups.length > 1) {
      const old = this.keptGroups.shift()!;
      for (const f of old.files) f.keep(null);
      old.reading = null;
      held -= old.bytes;
    }
    return true;
  }

  /** Bytes [start, end) of one file through `file:read`. */
  readOne(path: string, start: number, end: number): Promise<Uint8Array> {
    return unwrap(this.api.readFile({ folderId: this.listing.folderId, path, start, end }));
  }
}

/** A file of a HostFolder: served from its series' bytes once read together, else by `file:read`. */
export class HostFileSource implements FileSource, PreIndexedMember {
  private kept: Uint8Array | null = null;

  constructor(
    readonly indexedBy: HostFolder,
    readonly path: string,
    readonly size: number,
  ) {}

  /** Holds the file's whole content (null: drops it). */
  keep(bytes: Uint8Array | null): void {
    this.kept = bytes;
  }

  async read(start = 0, end = this.size): Promise<Uint8Array> {
    if (!this.kept) await this.indexedBy.ensureSeriesRead(this);
    const kept = this.kept;
    if (kept) return kept.subarray(Math.min(start, kept.length), Math.max(start, Math.min(end, kept.length)));
    return this.indexedBy.readOne(this.path, start, end);
  }
}
