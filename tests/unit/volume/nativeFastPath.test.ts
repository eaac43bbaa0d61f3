import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { FileSource } from '../../../src/core/io/FileSource';
import type { SeriesPlan } from '../../../src/core/dicom/types';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { hasSharedDicom, sharedSeriesDir } from '../../helpers/sharedData';
import { encode, memFile, mrElements, part10 } from '../dicom/dicomBytes';

/** The same plan with every frame's indexed pixel location dropped: assembly must parse each file. */
function withoutLocations(plan: SeriesPlan): SeriesPlan {
  return { ...plan, volumes: plan.volumes.map((v) => ({ ...v, slices: v.slices.map(({ nativePixels: _, ...f }) => f) })) };
}

/** FileSources that add up the bytes they hand out, whether read into a new array or into the reader's buffer. */
function counting(files: FileSource[]): { sources: Map<string, FileSource>; bytes: () => number; intoBuffer: () => number } {
  let total = 0;
  let intoBuffer = 0;
  const sources = new Map(
    files.map((f): [string, FileSource] => [
      f.path,
      {
        ...f,
        read: async (s?: number, e?: number) => {
          const b = await f.read(s, e);
          total += b.length;
          return b;
        },
        readInto: async (target: Uint8Array, start: number) => {
          const n = await f.readInto!(target, start);
          total += n;
          intoBuffer += n;
          return n;
        },
      },
    ]),
  );
  return { sources, bytes: () => total, intoBuffer: () => intoBuffer };
}

describe.skipIf(!hasSharedDicom)('uncompressed frames located at indexing: assembly reads only their bytes', () => {
  for (const id of ['toshiba_7006_DTI_ortho', 'ge_01_ts_bigendian', 'ge_01_ts_implicit', 'philips_701_DTI_Biobank_cl']) {
    it(`${id}: same voxels as the full-parse path, reading rows × columns × 2 bytes per image`, async () => {
      const files = await listFolder(join(sharedSeriesDir(id), 'dicom'));
      const index = await indexFiles(files);
      const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((s) => s.kind === 'dwi')[0];
      expect(series.frames.every((f) => f.nativePixels)).toBe(true);
      const plan = planSeries(series);
      const fast = counting(files);
      const located = await assembleVolume(plan, fast.sources, createFrameDecoder());
      const [nx, ny, nz, nt] = plan.dims;
      expect(fast.bytes()).toBe(nx * ny * nz * nt * 2);
      // Node sources are read into the assembly's reused buffer, not into a new array per file.
      expect(fast.intoBuffer()).toBe(fast.bytes());
      const parsed = await assembleVolume(withoutLocations(plan), new Map(files.map((f) => [f.path, f])), createFrameDecoder());
      expect(located.seriesInstanceUID).toBe(parsed.seriesInstanceUID);
      expect(located.data.length).toBe(parsed.data.length);
      let differing = 0;
      for (let n = 0; n < parsed.data.length; n++) if (!Object.is(located.data[n], parsed.data[n])) differing++;
      expect(differing).toBe(0);
    });
  }
});

describe('pixel locations of files without a preamble or meta header', () => {
  // 4×4 16-bit image whose stored values are 1000 + voxel index.
  const withPixels = (bytes: Uint8Array): Uint8Array => {
    const view = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 32, 32);
    for (let n = 0; n < 16; n++) view.setUint16(n * 2, 1000 + n, true);
    return bytes;
  };
  const layouts: [string, Uint8Array][] = [
    ['Part 10 without preamble', part10(mrElements({ instance: 1, position: [0, 0, 0] }), { preamble: false })],
    ['bare implicit VR data set', encode(mrElements({ instance: 1, position: [0, 0, 0] }), false)],
  ];
  for (const [name, bytes] of layouts) {
    it(`${name}: offset counted in the file, not in the parser's padded buffer`, async () => {
      const file = memFile('x', withPixels(bytes));
      const index = await indexFiles([file]);
      const series = index.patients[0].studies[0].series[0];
      expect(series.frames[0].nativePixels?.offset).toBe(bytes.length - 32);
      const volume = await assembleVolume(planSeries(series), new Map([['x', file]]), createFrameDecoder());
      expect(Array.from(volume.data)).toEqual(Array.from({ length: 16 }, (_, n) => 1000 + n));
    });
  }
});
