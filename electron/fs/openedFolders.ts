import { randomBytes } from 'node:crypto';

export interface OpenedFolderRecord {
  folderId: string;
  /** Real (symlink-free) absolute path of the folder. */
  root: string;
  name: string;
}

/**
 * The folders the user opened this session. A random `folderId` is the renderer's only handle
 * on a folder: it cannot name a path main has not opened. The same roots are the places an
 * export must never be written into.
 */
export class OpenedFolders {
  private readonly byId = new Map<string, OpenedFolderRecord>();

  /** Registers `root` (must already be a real path); reopening the same root returns its existing id. */
  add(root: string, name: string): OpenedFolderRecord {
    for (const record of this.byId.values()) if (record.root === root) return record;
    const record = { folderId: randomBytes(12).toString('base64url'), root, name };
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
