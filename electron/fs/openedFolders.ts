import { randomBytes } from 'node:crypto';

export interface OpenedFolderRecord {
  folderId: string;
  /** Real (symlink-free) absolute path of the folder. */
  root: string;
  name: string;
  /**
   * The regular files the folder's listing returned to the renderer (relative paths, sizes in
   * bytes, sorted): what `folder:index` indexes and `file:readMany` may read, so both answer
   * for exactly the files the renderer was shown.
   */
  files: { path: string; size: number }[];
}

/**
 * The folders the user opened this session. A random `folderId` is the renderer's only handle
 * on a folder: it cannot name a path main has not opened. The same roots are the places an
 * export must never be written into.
 */
export class OpenedFolders {
  private readonly byId = new Map<string, OpenedFolderRecord>();

  /**
   * Registers `root` (must already be a real path) with its listed `files`; reopening the same root
   * returns its existing id, with the new listing.
   */
  add(root: string, name: string, files: OpenedFolderRecord['files'] = []): OpenedFolderRecord {
    for (const record of this.byId.values()) {
      if (record.root !== root) continue;
      record.files = files;
      return record;
    }
    const record = { folderId: randomBytes(12).toString('base64url'), root, name, files };
    this.byId.set(record.folderId, record);
    return record;
  }

  get(folderId: string): OpenedFolderRecord | undefined {
    return this.byId.get(folderId);
  }

  /** Real paths of all opened folders. */
  roots(): string[] {
    return [...this.byId.values()].map((r) => r.root);
  }
}
