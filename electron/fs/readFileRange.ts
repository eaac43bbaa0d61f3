import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { IpcFailure } from '../ipc/ipcFailure.js';
import { fileKind } from '../../src/node/fileKind.js';
import { isPathInside } from '../../src/node/pathInside.js';
import { Semaphore } from './semaphore.js';

/** Reads above this many bytes (whole images, not header prefixes) count against LARGE_READS. */
export const LARGE_READ_BYTES = 4 * 2 ** 20;

/** At most this many large reads at once in the main process; the rest wait their turn. */
export const LARGE_READS = new Semaphore(4);

/**
 * Opened without blocking: opening a FIFO for reading waits for a writer (forever, holding one of
 * libuv's few threads), so the type is checked on the descriptor before anything is read. Regular
 * files ignore O_NONBLOCK; Windows has no FIFOs to open and no such flag.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Bytes [start, end) of `relPath` inside the opened folder `root` (a real path). `end` past the
 * end of file is clamped to the file size, like Blob.slice.
 *
 * The path is refused when it has '..' or empty segments, and again when its real path (after
 * symlinks) falls outside `root`, so neither a crafted path nor a planted link reads elsewhere.
 */
export async function readFileRange(root: string, relPath: string, start: number, end: number): Promise<Uint8Array> {
  const segments = relPath.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) {
    throw new IpcFailure('OUTSIDE_FOLDER', `refused path "${relPath}": not a plain relative path`);
  }
  let real: string;
  try {
    real = await realpath(join(root, ...segments));
  } catch {
    throw new IpcFailure('NOT_FOUND', `no such file in the opened folder: ${relPath}`);
  }
  if (!isPathInside(root, real)) {
    throw new IpcFailure('OUTSIDE_FOLDER', `refused "${relPath}": it resolves outside the opened folder`);
  }
  const handle = await open(real, OPEN_FLAGS).catch((error: unknown) => {
    throw new IpcFailure('IO_ERROR', `cannot open ${relPath}: ${(error as Error).message}`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new IpcFailure('NOT_FOUND', `${relPath} is not a regular file (${fileKind(info)}): not read`);
    const from = Math.min(start, info.size);
    const to = Math.min(Math.max(end, from), info.size);
    const read = async (): Promise<Uint8Array> => {
      const bytes = new Uint8Array(to - from);
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, from + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === bytes.length ? bytes : bytes.subarray(0, filled);
    };
    return to - from > LARGE_READ_BYTES ? await LARGE_READS.run(read) : await read();
  } finally {
    await handle.close();
  }
}
