import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../../src/node/describeError.js';
import { fileKind } from '../../src/node/fileKind.js';
import { isPathInside } from '../../src/node/pathInside.js';

export interface FolderTree {
  /** Regular files: path relative to the root, '/'-separated; size in bytes. Sorted by path. */
  files: { path: string; size: number }[];
  /** Entries left out, with why (unreadable directory, symlink leaving the folder...). Sorted by path. */
  unreadable: { path: string; reason: string }[];
}

/**
 * Lists every regular file under `root` (a real path), recursively.
 *
 * Symbolic links are never followed out of the folder: a link whose real target lies outside
 * `root` is reported in `unreadable`. Links to files inside are listed (scanners' export tools
 * produce them); links to directories are not descended into, which also rules out cycles.
 */
export async function listFolderTree(root: string): Promise<FolderTree> {
  const tree: FolderTree = { files: [], unreadable: [] };
  await walk(root, '', tree);
  tree.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  tree.unreadable.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return tree;
}

async function walk(root: string, relDir: string, tree: FolderTree): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, relDir), { withFileTypes: true });
  } catch (error) {
    tree.unreadable.push({ path: relDir || '.', reason: describeError(error) });
    return;
  }
  for (const entry of entries) {
    const relPath = relDir ? `${relDir}/${entry.name}` : entry.name;
    const absPath = join(root, relDir, entry.name);
    if (entry.isDirectory()) {
      await walk(root, relPath, tree);
    } else if (entry.isFile()) {
      await addFile(absPath, relPath, tree);
    } else if (entry.isSymbolicLink()) {
      await addSymlink(root, absPath, relPath, tree);
    } else {
      tree.unreadable.push({ path: relPath, reason: `not a regular file (${fileKind(entry)}): left out` });
    }
  }
}

async function addSymlink(root: string, absPath: string, relPath: string, tree: FolderTree): Promise<void> {
  let target: string;
  try {
    target = await realpath(absPath);
  } catch (error) {
    tree.unreadable.push({ path: relPath, reason: `broken symbolic link: ${describeError(error)}` });
    return;
  }
  if (!isPathInside(root, target)) {
    tree.unreadable.push({ path: relPath, reason: 'symbolic link pointing outside the opened folder (not followed)' });
    return;
  }
  const info = await stat(target).catch(() => null);
  if (info?.isFile()) tree.files.push({ path: relPath, size: info.size });
  else if (!info) tree.unreadable.push({ path: relPath, reason: 'symbolic link whose target cannot be read (not followed)' });
  else if (info.isDirectory()) tree.unreadable.push({ path: relPath, reason: 'symbolic link to a folder (not followed)' });
  else tree.unreadable.push({ path: relPath, reason: `symbolic link to ${fileKind(info)} (not followed)` });
}

async function addFile(absPath: string, relPath: string, tree: FolderTree): Promise<void> {
  try {
    tree.files.push({ path: relPath, size: (await stat(absPath)).size });
  } catch (error) {
    tree.unreadable.push({ path: relPath, reason: describeError(error) });
  }
}
