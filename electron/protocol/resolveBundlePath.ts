import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_HOST, APP_SCHEME } from './appScheme.js';
import { isPathInside } from '../../src/node/pathInside.js';

export type BundlePathResult =
  | { ok: true; filePath: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps `app://bundle/<path>` to a file inside `bundleRoot` (the web build, dist/).
 *
 * Rejected before touching the disk: other schemes/hosts, malformed percent-encoding, backslashes,
 * NUL, drive letters, empty or dot segments (also when percent-encoded: the check runs on decoded
 * segments). Then the real path (symlinks resolved) must still lie inside the real bundle root,
 * which defeats a symlink placed in dist/ pointing out of it. '/' serves index.html.
 */
export async function resolveBundlePath(bundleRoot: string, requestUrl: string): Promise<BundlePathResult> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { ok: false, status: 403, reason: `not an ${APP_SCHEME}://${APP_HOST} URL` };
  }
  // The raw request may carry a backslash the URL parser would silently turn into '/'.
  if (requestUrl.includes('\\') || /%5c/i.test(url.pathname)) {
    return { ok: false, status: 400, reason: 'backslash in path' };
  }
  if (url.pathname === '/') return resolveInsideRoot(bundleRoot, ['index.html']);
  const segments: string[] = [];
  for (const raw of url.pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    // The URL parser already collapses dot segments, encoded or not; checked again so safety
    // does not rest on the parser's normalisation.
    if (segment === '.' || segment === '..') return { ok: false, status: 403, reason: 'path traversal' };
    if (segment === '' || /[\\/\0]/.test(segment) || /^[A-Za-z]:/.test(segment)) {
      return { ok: false, status: 400, reason: 'empty segment or forbidden character in path' };
    }
    segments.push(segment);
  }
  return resolveInsideRoot(bundleRoot, segments);
}

/** Real path of root/segments, refused unless it stays inside the real root and is a regular file. */
async function resolveInsideRoot(bundleRoot: string, segments: string[]): Promise<BundlePathResult> {
  let rootReal: string;
  let fileReal: string;
  try {
    rootReal = await realpath(bundleRoot);
    fileReal = await realpath(join(rootReal, ...segments));
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (!isPathInside(rootReal, fileReal)) return { ok: false, status: 403, reason: 'resolves outside the bundle' };
  const info = await stat(fileReal).catch(() => null);
  if (!info?.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  return { ok: true, filePath: fileReal };
}
