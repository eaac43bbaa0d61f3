import { lstat } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { basename } from 'node:path';
import { deviceOrHiddenCharacterProblem, type SaveResultDto } from '../../src/shared/ipcContract.js';
import { describeError } from '../../src/node/describeError.js';
import { isPathInside, realpathAllowingMissing } from '../../src/node/pathInside.js';

/**
 * Writes an export to `targetPath` (the path the user picked in the save dialog), atomically
 * (temp file + rename, so a crash never leaves a half-written trial export).
 *
 * Refuses any target inside an opened source folder (`sourceRoots`, real paths): source data
 * must stay untouched. The check runs on the target's real path, so a symlinked directory or a
 * symlink planted at the target name cannot smuggle the write into a source folder; the write
 * then goes to that same checked real path.
 *
 * Refuses a file name that is a Windows device name (NUL.csv) or holds a hidden formatting
 * character (a bidirectional override can disguise the extension).
 *
 * An existing file is replaced only when `confirmOverwrite` (the host's question to the user)
 * says yes; without it an existing file is never touched. Linux save dialogs do not ask.
 */
export async function saveExport(
  targetPath: string,
  data: Uint8Array | string,
  sourceRoots: readonly string[],
  confirmOverwrite?: (targetPath: string) => Promise<boolean>,
): Promise<SaveResultDto> {
  const problem = deviceOrHiddenCharacterProblem(basename(targetPath));
  if (problem !== '') return { saved: false, reason: `refused: the file name ${JSON.stringify(basename(targetPath))} ${problem}` };
  let realTarget: string;
  try {
    realTarget = await realpathAllowingMissing(targetPath);
  } catch (error) {
    return { saved: false, reason: `cannot resolve ${targetPath}: ${describeError(error)}` };
  }
  const source = sourceRoots.find((root) => isPathInside(root, realTarget));
  if (source !== undefined) {
    return { saved: false, reason: `refused: ${targetPath} is inside the opened source folder ${source}` };
  }
  if ((await lstat(realTarget).catch(() => null)) && !(await confirmOverwrite?.(targetPath))) {
    return { saved: false, reason: `not overwritten: ${targetPath} exists` };
  }
  try {
    await writeFileAtomic(realTarget, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  } catch (error) {
    return { saved: false, reason: `could not write ${realTarget}: ${describeError(error)}` };
  }
  return { saved: true, path: realTarget };
}
