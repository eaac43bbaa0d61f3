import { lstat, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Output files of the command-line verbs: written atomically under a recognisable temporary
 * name, never over an existing file unless asked, and the temporary files a killed run left
 * behind removed by the next run. (write-file-atomic names its temporary files '<name>.<hash>',
 * which a later run cannot tell from a user's file, hence this small writer.)
 */

/** Every temporary file ends so: `.<name>.<pid>.<n>.dti-partial`. */
const PARTIAL = /^\..+\.(\d+)\.\d+\.dti-partial$/;

let written = 0;

/** Whether process `pid` is running (a signal-0 probe; EPERM means it runs as another user). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes `data` to `path` through a temporary file beside it (created exclusively, flushed to
 * disk, then renamed over `path`), so a reader never sees half a file and a killed write
 * leaves only a `.dti-partial` file that removePartialFiles recognises.
 */
export async function writeOutputFile(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++written}.dti-partial`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Removes from `dir` the temporary files of writes that were killed (their process is gone);
 * those of a run still writing into the same folder are left alone. Returns the removed names.
 */
export async function removePartialFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const stale = names.filter((n) => {
    const m = PARTIAL.exec(n);
    return m !== null && !isRunning(Number(m[1]));
  });
  for (const name of stale) await rm(join(dir, name), { force: true });
  return stale.sort();
}

/**
 * Prepares `dir` for a run that writes `paths`: removes killed runs' temporary files (named on
 * stderr) and, unless `force`, refuses when any of `paths` already exists, naming each, before
 * anything is written.
 */
export async function prepareOutputs(dir: string, paths: readonly string[], force: boolean): Promise<void> {
  for (const name of await removePartialFiles(dir)) console.error(`removed ${join(dir, name)}: left by an interrupted run`);
  if (force) return;
  const existing: string[] = [];
  for (const p of paths) if (await lstat(p).catch(() => null)) existing.push(p);
  if (existing.length > 0) {
    throw new Error(`refused: ${existing.length === 1 ? `${existing[0]} exists` : `these exist: ${existing.join(', ')}`} (use --force to overwrite)`);
  }
}
