import { closeSync, constants, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { SkippedFile } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import { describeError } from '../node/describeError';
import { fileKind } from '../node/fileKind';
import { isPathInside } from '../node/pathInside';

/**
 * Never blocks in open: a regular file listed earlier may since have been replaced by a FIFO, whose
 * open would wait for a writer. Regular files ignore the flag; Windows has none.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
import type { FileBytesCache } from './fileBytesCache';

/**
 * A FileSource over one file on disk; reads byte ranges with a positioned read, never the whole file
 * unless asked. Synchronous open/read/close inside the promise: for the CLI's many small files the
 * thread-pool round trips of fs/promises cost ~5× the read itself (ingest bench), and nothing else
 * waits on this event loop. Failures still arrive as rejections.
 * With a `cache`, a read of the whole file is kept there and later reads are views into it (no
 * copy): callers must then treat returned bytes as read-only and never transfer their buffer.
 */
export function nodeFileSource(absolutePath: string, relativePath: string, size: number, cache?: FileBytesCache): FileSource {
  return {
    path: relativePath,
    size,
    async read(start = 0, end = size): Promise<Uint8Array> {
      const cached = cache?.get(relativePath);
      if (cached) return cached.subarray(Math.min(start, size), Math.max(start, Math.min(end, size)));
      const length = Math.max(0, Math.min(end, size) - start);
      const fd = openSync(absolutePath, OPEN_FLAGS);
      try {
        // Not zero-filled (every byte is overwritten below) and never pooled: no other file shares the ArrayBuffer.
        const slow = Buffer.allocUnsafeSlow(length);
        const buffer = new Uint8Array(slow.buffer, slow.byteOffset, length);
        let offset = 0;
        while (offset < length) {
          const bytesRead = readSync(fd, buffer, offset, length - offset, start + offset);
          if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${start + offset}`);
          offset += bytesRead;
        }
        if (cache && start === 0 && length === size) cache.keep(relativePath, buffer);
        return buffer;
      } finally {
        closeSync(fd);
      }
    },
    async readInto(target: Uint8Array, start: number): Promise<number> {
      const cached = cache?.get(relativePath);
      if (cached) {
        const part = cached.subarray(Math.min(start, size), Math.min(start + target.length, size));
        target.set(part);
        return part.length;
      }
      return readFully(absolutePath, target, start);
    },
  };
}

/** Fills `target` from byte `start` of the file, or up to its end; the bytes read. */
function readFully(absolutePath: string, target: Uint8Array, start: number): number {
  const fd = openSync(absolutePath, OPEN_FLAGS);
  try {
    let offset = 0;
    while (offset < target.length) {
      const bytesRead = readSync(fd, target, offset, target.length - offset, start + offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset;
  } finally {
    closeSync(fd);
  }
}

/**
 * A FileSource for indexing only: each read lands in `scratch` (grown as needed) and returns a view
 * of it, valid until the next read through any source sharing that scratch. Indexing reads a file's
 * header, parses it and takes its values before the next file is read (one file at a time per
 * scratch), so a folder's headers are read without allocating fresh memory per file, whose first
 * touch costs more than the read itself (docs/benchmarks.md). `wholeRead` tells whether the last
 * read covered the whole file.
 */
export function scratchFileSource(absolutePath: string, relativePath: string, size: number, scratch: { bytes: Uint8Array; wholeRead: boolean }): FileSource {
  return {
    path: relativePath,
    size,
    async read(start = 0, end = size): Promise<Uint8Array> {
      const length = Math.max(0, Math.min(end, size) - start);
      if (scratch.bytes.length < length) scratch.bytes = new Uint8Array(Math.max(length, scratch.bytes.length * 2));
      const view = scratch.bytes.subarray(0, length);
      const got = readFully(absolutePath, view, start);
      if (got < length) throw new Error(`unexpected end of file at byte ${start + got}`);
      scratch.wholeRead = start === 0 && length === size;
      return view;
    },
  };
}

/**
 * Every regular file under `folder` (recursively, sorted), as FileSources with '/'-separated
 * relative paths. Walks with readdirSync per directory and builds relative paths by string
 * concatenation: Node's recursive readdir and path.relative cost per file about as much as
 * reading a small DICOM file (docs/benchmarks.md). `cache`: see nodeFileSource.
 * Whatever is left out is pushed on `unreadable` with the reason, relative path first, so the rest
 * is still indexed and each command reports it like a skipped file: a subfolder or file that cannot
 * be read (permissions, removed meanwhile), a FIFO, socket or device (never opened: a FIFO would
 * block), a symbolic link that is broken, leads to a folder or outside `folder` (as the app does;
 * a link to a file inside is listed under its own name). The folder itself unreadable is an error
 * naming it and why.
 */
export async function listFolder(folder: string, cache?: FileBytesCache, unreadable: SkippedFile[] = []): Promise<FileSource[]> {
  const files: FileSource[] = [];
  let realRoot: string | null = null;
  const addSymlink = (absolute: string, rel: string): void => {
    let target: string;
    try {
      realRoot ??= realpathSync(folder);
      target = realpathSync(absolute);
    } catch (error) {
      unreadable.push({ path: rel, reason: `broken symbolic link: ${describeError(error)}` });
      return;
    }
    if (!isPathInside(realRoot, target)) {
      unreadable.push({ path: rel, reason: 'symbolic link pointing outside the folder (not followed)' });
      return;
    }
    const info = statSync(target, { throwIfNoEntry: false });
    if (info?.isFile()) files.push(nodeFileSource(absolute, rel, info.size, cache));
    else unreadable.push({ path: rel, reason: `symbolic link to ${info ? fileKind(info) : 'nothing readable'} (not followed)` });
  };
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (prefix === '') throw new Error(`cannot read folder ${folder}: ${describeError(error)}`, { cause: error });
      unreadable.push({ path: prefix.slice(0, -1), reason: `folder not readable: ${describeError(error)}` });
      return;
    }
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      const rel = prefix + entry.name;
      if (entry.isDirectory()) walk(absolute, `${rel}/`);
      else if (entry.isFile()) {
        try {
          files.push(nodeFileSource(absolute, rel, statSync(absolute).size, cache));
        } catch (error) {
          unreadable.push({ path: rel, reason: `not readable: ${describeError(error)}` });
        }
      } else if (entry.isSymbolicLink()) addSymlink(absolute, rel);
      else unreadable.push({ path: rel, reason: `not a regular file (${fileKind(entry)}): left out` });
    }
  };
  walk(folder, '');
  unreadable.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
