import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * True when absolute path `child` is `parent` itself or lies below it. Both must already be
 * real (symlink-free) paths: comparing unresolved paths is exactly the hole symlinks exploit.
 */
export function isPathInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  if (rel === '') return true;
  return !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${'/'}`) && !rel.startsWith('..\\');
}

/**
 * Real path of `target` even when it does not exist yet (a file about to be saved): the real
 * path of its nearest existing ancestor, followed by the missing tail. Symlinks are resolved
 * wherever they exist, including the target itself and dangling links.
 */
export async function realpathAllowingMissing(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // A dangling symlink: where it points is where a write would land.
    const link = await lstat(target).catch(() => null);
    if (link?.isSymbolicLink()) return realpathAllowingMissing(resolve(dirname(target), await readlink(target)));
    const parent = dirname(target);
    if (parent === target) throw error;
    return join(await realpathAllowingMissing(parent), basename(target));
  }
}
