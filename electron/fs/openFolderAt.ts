import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FolderListing } from '../../src/shared/ipcContract.js';
import { IpcFailure } from '../ipc/ipcFailure.js';
import { describeError } from '../../src/node/describeError.js';
import { listFolderTree } from './listFolderTree.js';
import type { OpenedFolders } from './openedFolders.js';

/**
 * Opens the folder at `path` (absolute, as the dialog, command line or recent list gave it):
 * resolves it to its real path, registers it, and lists its files recursively.
 */
export async function openFolderAt(path: string, folders: OpenedFolders): Promise<FolderListing> {
  let root: string;
  try {
    root = await realpath(path);
  } catch (error) {
    throw new IpcFailure('NOT_FOUND', `cannot open folder ${path}: ${describeError(error)}`);
  }
  if (!(await stat(root)).isDirectory()) throw new IpcFailure('NOT_FOUND', `${path} is not a folder`);
  const tree = await listFolderTree(root);
  const record = folders.add(root, basename(root) || root, tree.files);
  return { folderId: record.folderId, name: record.name, files: tree.files, unreadable: tree.unreadable };
}
