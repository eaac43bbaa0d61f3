import { MAX_READ_BYTES, type FilesBytes } from '../../src/shared/ipcContract.js';
import { IpcFailure } from '../ipc/ipcFailure.js';
import type { OpenedFolderRecord } from './openedFolders.js';
import { readFileRange } from './readFileRange.js';

/** Files read at once: enough to keep the disk busy, few enough not to hold libuv's threads. */
const READS_IN_FLIGHT = 4;

/**
 * Whole files of an opened folder, end to end in one buffer (a series' pixels for the renderer in
 * one IPC message rather than one per file). Only files of the folder's listing may be named, and
 * their listed sizes must add up to at most MAX_READ_BYTES; each is read through readFileRange (the
 * same refusal of paths leaving the folder, FIFOs, devices). A file that changed size since the
 * listing is returned as it is now (`sizes`), within the same bound.
 */
export async function readFilesTogether(folder: OpenedFolderRecord, paths: readonly string[]): Promise<FilesBytes> {
  const listed = new Map(folder.files.map((f) => [f.path, f.size]));
  let total = 0;
  for (const path of paths) {
    const size = listed.get(path);
    if (size === undefined) throw new IpcFailure('NOT_FOUND', `${path} is not a file of the opened folder's listing`);
    total += size;
  }
  if (total > MAX_READ_BYTES) throw new IpcFailure('INVALID_ARGS', `asked for ${total} bytes in one call, more than ${MAX_READ_BYTES}`);
  const parts: Uint8Array[] = new Array(paths.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      // The listed size bounds the read: a file grown since cannot make the call exceed its bound.
      parts[i] = await readFileRange(folder.root, paths[i], 0, listed.get(paths[i])!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, paths.length) }, reader));
  const sizes = parts.map((p) => p.length);
  const bytes = new Uint8Array(sizes.reduce((a, b) => a + b, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { sizes, bytes };
}
