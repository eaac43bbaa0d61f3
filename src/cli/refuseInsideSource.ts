import { resolve } from 'node:path';
import { isPathInside, realpathAllowingMissing } from '../node/pathInside.js';

/**
 * Throws when `outDir` is, or lies inside, the source `folder`, compared on real paths so a
 * symbolic link cannot smuggle a write into the folder the images were read from.
 */
export async function refuseInsideSource(folder: string, outDir: string): Promise<void> {
  const input = await realpathAllowingMissing(resolve(folder));
  const output = await realpathAllowingMissing(resolve(outDir));
  if (isPathInside(input, output)) {
    throw new Error(`refusing to write into the input folder: ${resolve(outDir)} is inside ${resolve(folder)} (${output})`);
  }
}
