import { listFolder } from '../../src/cli/nodeFileSource';
import { indexListedFiles, prestartIndexThreads } from '../../src/node/folderIndexer';
const folder = `/work/wt/shared/dicom/${process.argv[2] ?? 'philips_701_DTI_Biobank_cl'}/dicom`;
const listed = (await listFolder(folder)).map((f) => ({ path: f.path, size: f.size }));
await prestartIndexThreads(2);
await new Promise((r) => setTimeout(r, 500));
for (let i = 0; i < 6; i++) {
  const t = performance.now();
  const marks: number[] = [];
  await indexListedFiles(folder, listed, { threads: Number(process.argv[3] ?? 2), keepBytes: Number(process.argv[4] ?? 0), onProgress: () => marks.push(performance.now() - t) });
  console.log(`threads ${(performance.now() - t).toFixed(0)} ms; first shard at ${marks[0].toFixed(0)}, mid ${marks[marks.length >> 1].toFixed(0)}`);
}
