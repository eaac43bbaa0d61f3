import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import type { RecentFolderEntry } from '../../src/shared/ipcContract.js';

/** How many recent folders are remembered. */
export const MAX_RECENT_FOLDERS = 10;

const storedSchema = z.array(z.object({ path: z.string().min(1), name: z.string() }));

/** Stable opaque id of a folder path (the renderer passes it back to `recent:open`). */
export function recentIdFor(path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 16);
}

/**
 * Recently opened folders, newest first, persisted as JSON at `storePath` (in userData).
 * A missing or corrupt file counts as an empty list: losing the history must not stop the app.
 */
export class RecentFolders {
  private entries: { path: string; name: string }[] = [];

  /** `onChange` runs after each successful add (the main process rebuilds the Recent menu). */
  constructor(
    private readonly storePath: string,
    private readonly onChange?: () => void,
  ) {}

  async load(): Promise<void> {
    try {
      this.entries = storedSchema.parse(JSON.parse(await readFile(this.storePath, 'utf8'))).slice(0, MAX_RECENT_FOLDERS);
    } catch {
      this.entries = [];
    }
  }

  list(): RecentFolderEntry[] {
    return this.entries.map((e) => ({ id: recentIdFor(e.path), name: e.name, path: e.path }));
  }

  find(id: string): RecentFolderEntry | undefined {
    return this.list().find((e) => e.id === id);
  }

  /** Moves `path` to the front (adding it if new) and saves. */
  async add(path: string, name: string): Promise<void> {
    this.entries = [{ path, name }, ...this.entries.filter((e) => e.path !== path)].slice(0, MAX_RECENT_FOLDERS);
    await writeFileAtomic(this.storePath, JSON.stringify(this.entries, null, 2));
    this.onChange?.();
  }
}
