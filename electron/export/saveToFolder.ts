import { lstat, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { plainFileNameProblem, type SaveFolderResultDto } from '../../src/shared/ipcContract.js';
import { describeError } from '../../src/node/describeError.js';
import { isPathInside, realpathAllowingMissing } from '../../src/node/pathInside.js';

/** One file of a folder export: a plain file name (no directory part) and its bytes or UTF-8 text. */
export interface FolderExportFile {
  name: string;
  data: Uint8Array | string;
}

/**
 * Writes every file of one export into `folder` (the directory the user picked once), each
 * atomically (write-file-atomic: temp file in the folder, fsync, rename), so a crash never
 * leaves a half-written trial file and a failed write leaves no temp file behind.
 *
 * Refused before anything is written:
 * - a file name that is not plain (path separator, '..', control character...): the renderer
 *   must never choose where outside the folder a file lands;
 * - a folder whose real path (symlinks resolved) is inside an opened source folder, and any
 *   target name that is a symlink leading into one: source data must stay untouched.
 *
 * When target files already exist, `confirmReplace` is asked ONCE with all their names; without
 * it, or when it says no, nothing at all is written. A write failure stops the export and the
 * reason names what was already written.
 */
export async function saveToFolder(
  folder: string,
  files: readonly FolderExportFile[],
  sourceRoots: readonly string[],
  confirmReplace?: (existingNames: string[]) => Promise<boolean>,
): Promise<SaveFolderResultDto> {
  const badNames = files.flatMap((f) => {
    const problem = plainFileNameProblem(f.name);
    return problem === '' ? [] : [`${JSON.stringify(f.name)} ${problem}`];
  });
  if (badNames.length > 0) return { saved: false, reason: `refused file names: ${badNames.join('; ')}` };
  const lowerNames = files.map((f) => f.name.toLowerCase());
  // Case-insensitive: on macOS and Windows two such names would be the same file.
  if (new Set(lowerNames).size !== files.length) return { saved: false, reason: 'refused: two files with the same name' };

  let realFolder: string;
  try {
    realFolder = await realpath(folder);
    if (!(await stat(realFolder)).isDirectory()) return { saved: false, reason: `${folder} is not a folder` };
  } catch (error) {
    return { saved: false, reason: `cannot open ${folder}: ${describeError(error)}` };
  }
  const inSource = (path: string) => sourceRoots.find((root) => isPathInside(root, path));
  const folderSource = inSource(realFolder);
  if (folderSource !== undefined) {
    return { saved: false, reason: `refused: ${folder} is inside the opened source folder ${folderSource}` };
  }

  const targets: string[] = [];
  const existing: string[] = [];
  for (const file of files) {
    const target = join(realFolder, file.name);
    let realTarget: string;
    try {
      realTarget = await realpathAllowingMissing(target);
    } catch (error) {
      return { saved: false, reason: `cannot resolve ${target}: ${describeError(error)}` };
    }
    const source = inSource(realTarget);
    if (source !== undefined) return { saved: false, reason: `refused: ${file.name} leads inside the opened source folder ${source}` };
    if (await lstat(target).catch(() => null)) existing.push(file.name);
    targets.push(realTarget);
  }
  if (existing.length > 0 && !(await confirmReplace?.(existing))) {
    return { saved: false, reason: `nothing written: ${existing.length} file(s) already exist in ${realFolder} (${existing.join(', ')})` };
  }

  const written: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const { name, data } = files[i];
    try {
      await writeFileAtomic(targets[i], typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      const done = written.length > 0 ? `wrote ${written.length} of ${files.length} (${written.join(', ')}), then ` : '';
      return { saved: false, reason: `${done}could not write ${name} in ${realFolder}: ${describeError(error)}` };
    }
    written.push(name);
  }
  return { saved: true, folder: realFolder, names: written };
}

