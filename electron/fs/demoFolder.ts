import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** dist/demo/manifest.json, written by the demo builder: the demo study's files and sizes (bytes). */
const demoManifestSchema = z.object({
  files: z.array(z.object({ path: z.string().min(1), size: z.int().nonnegative() })),
});

export interface DemoFolder {
  /** Real path of dist/demo. */
  root: string;
  files: { path: string; size: number }[];
}

/** Reads the bundled demo study's manifest; `demoRoot` is dist/demo. Throws when absent or malformed. */
export async function loadDemoFolder(demoRoot: string): Promise<DemoFolder> {
  const root = await realpath(demoRoot);
  const manifest = demoManifestSchema.parse(JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')));
  return { root, files: manifest.files };
}
