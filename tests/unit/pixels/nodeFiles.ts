import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FileSource } from '../../../src/core/io/FileSource';

/** A FileSource over one file on disk (test-local; the CLI has its own in src/cli). */
export function fileSource(root: string, path: string): FileSource {
  const full = join(root, path);
  return {
    path,
    size: statSync(full).size,
    read: async (start = 0, end?: number) => {
      const all = readFileSync(full);
      return new Uint8Array(all.buffer, all.byteOffset + start, (end ?? all.length) - start);
    },
  };
}

/** A FileSource over in-memory bytes, for synthetic files. */
export function memorySource(path: string, bytes: Uint8Array): FileSource {
  return { path, size: bytes.length, read: async (start = 0, end?: number) => bytes.slice(start, end ?? bytes.length) };
}

/** Every regular file under `dir`, paths relative to it, sorted. */
export function listFiles(dir: string): FileSource[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort().map((p) => fileSource(dir, p));
}
