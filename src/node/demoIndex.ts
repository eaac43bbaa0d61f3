import { readFileSync } from 'node:fs';
import { encodeIndex } from '../core/dicom/indexCodec';
import { indexListedFiles, type ListedFile } from './folderIndexer';

/**
 * The demo study's index as the web build ships it (`demo/index.json`, indexCodec text): its
 * files indexed in the manifest's order, the order of its pack and of the page's FileSources, so
 * the page can use it instead of indexing 1,956 files. Made at every build with the current
 * indexing code (never a stale copy). On this thread: the build runs in Vite's config bundle,
 * where the thread script cannot be located.
 */
export async function demoIndexJson(demoDir: string): Promise<string> {
  const manifest = JSON.parse(readFileSync(`${demoDir}/manifest.json`, 'utf8')) as { files: ListedFile[] };
  const { index } = await indexListedFiles(demoDir, manifest.files, { threads: 1 });
  return encodeIndex(index);
}
