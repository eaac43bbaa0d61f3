import { open, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { IpcFailure } from '../ipc/ipcFailure.js';
import { isPathInside } from '../../src/node/pathInside.js';

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
  const handle = await open(real, 'r').catch((error: unknown) => {
    throw new IpcFailure('IO_ERROR', `cannot open ${relPath}: ${(error as Error).message}`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new IpcFailure('NOT_FOUND', `${relPath} is not a regular file`);
    const from = Math.min(start, info.size);
    const to = Math.min(Math.max(end, from), info.size);
    const bytes = new Uint8Array(to - from);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, from + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
