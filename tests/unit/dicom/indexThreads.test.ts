import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFilesOnThreads } from '../../../src/cli/indexThreads';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';
import { mrElements, part10 } from './dicomBytes';

describe('indexing on worker threads (CLI)', () => {
  it('gives the serial index of a folder of 80 images and 10 bad files, skipped files in listing order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'index-threads-'));
    try {
      for (let i = 0; i < 90; i++) {
        const name = `f${String(i).padStart(3, '0')}.dcm`;
        if (i % 9 === 4) writeFileSync(join(dir, name), `not an image ${i}\n`);
        else writeFileSync(join(dir, name), part10(mrElements({ seriesUID: `1.2.${i % 2}`, instance: 100 - i, position: [0, 0, 100 - i] })));
      }
      const files = await listFolder(dir);
      const serial = await indexFiles(files);
      expect(serial.skipped.map((s) => s.path)).toEqual([4, 13, 22, 31, 40, 49, 58, 67, 76, 85].map((i) => `f0${String(i).padStart(2, '0')}.dcm`));
      expect(serial.patients[0].studies[0].series.map((s) => s.frames.length)).toEqual([40, 40]);
      const progress: number[] = [];
      const threaded = await indexFilesOnThreads(files, { onProgress: (done) => progress.push(done) }, 2);
      expect(threaded).toEqual(serial);
      expect(progress).toEqual([32, 64, 90]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasSharedDicom)(`indexing a real series on threads${hasSharedDicom ? '' : ` (${sharedDicomSkipMessage})`}`, () => {
  it('philips_701: 547 files on 2 threads give the serial index, deep-equal', async () => {
    const files = await listFolder(join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom'));
    const threaded = await indexFilesOnThreads(files, {}, 2);
    expect(threaded.skipped.map((s) => s.path)).toEqual(['PS_0545', 'XX_0546', 'XX_0547']);
    expect(threaded).toEqual(await indexFiles(files));
  });
});
