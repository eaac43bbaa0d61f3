import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { decodeFileFrames } from '../../../src/core/dicom/pixels/decodeFileFrames';
import { hasSharedDicom, sharedSeriesDir, sharedSeriesIds } from '../../helpers/sharedData';
import { listFiles } from './nodeFiles';

/**
 * Every `*_ts_*` folder is a lossless re-encoding of a real series: decoded (rescaled) voxels must be
 * identical to the source series file by file, frame by frame, whatever the transfer syntax.
 */
const sources: Record<string, string> = { ge_01: 'ge_01_Ax_DWI_TENSOR_R2', canon_3000: 'canon_3000_DTI_PA-ortho_enh' };

describe.skipIf(!hasSharedDicom)('transfer-syntax re-encodings decode to the source pixels', () => {
  const decoder = createFrameDecoder();
  const reencodings = sharedSeriesIds().filter((id) => id.includes('_ts_'));

  it('covers ge_01 and canon_3000 re-encodings', () => {
    expect(reencodings.filter((id) => id.startsWith('ge_01')).length).toBeGreaterThanOrEqual(7);
    expect(reencodings.filter((id) => id.startsWith('canon_3000')).length).toBeGreaterThanOrEqual(2);
  });

  for (const id of reencodings) {
    it(id, async () => {
      const sourceId = Object.entries(sources).find(([prefix]) => id.startsWith(prefix))![1];
      const encodedFiles = listFiles(join(sharedSeriesDir(id), 'dicom'));
      const originalFiles = listFiles(join(sharedSeriesDir(sourceId), 'dicom'));
      expect(encodedFiles.map((f) => f.path)).toEqual(originalFiles.map((f) => f.path));
      let compared = 0;
      for (let f = 0; f < encodedFiles.length; f++) {
        const got = await decodeFileFrames(encodedFiles[f], decoder);
        const want = await decodeFileFrames(originalFiles[f], decoder);
        expect(got.frames.length).toBe(want.frames.length);
        for (let t = 0; t < want.frames.length; t++) {
          // Identity on every voxel; a non-trivial image (not all equal) so the check can fail.
          expect(got.frames[t]).toEqual(want.frames[t]);
          compared += want.frames[t].length;
        }
      }
      expect(compared).toBeGreaterThan(0);
      const first = (await decodeFileFrames(originalFiles[0], decoder, [0])).frames[0];
      expect(Math.max(...first)).toBeGreaterThan(Math.min(...first));
    });
  }
});
