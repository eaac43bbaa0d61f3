import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import type { FrameInfo, SeriesPlan } from '../../../src/core/dicom/types';
import { DicomError } from '../../../src/core/dicom/errors';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import type { FileSource } from '../../../src/core/io/FileSource';
import { memorySource } from '../pixels/nodeFiles';
import { syntheticDicom } from '../pixels/syntheticDicom';

const nx = 3;
const ny = 2;
/** Stored value of voxel (i, j) of frame f of file `fileNo`: unique, so misplacement shows. */
const stored = (fileNo: number, f: number, i: number, j: number) => 1000 * fileNo + 100 * f + 10 * j + i;

function frameBytes(fileNo: number, frames: number): Uint8Array {
  const v = new Uint16Array(frames * nx * ny);
  for (let f = 0; f < frames; f++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) v[(f * ny + j) * nx + i] = stored(fileNo, f, i, j);
  return new Uint8Array(v.buffer);
}

function frame(file: string, frameIndex: number): FrameInfo {
  return {
    file, frameIndex, sopInstanceUID: `${file}.${frameIndex}`, instanceNumber: null, rows: ny, columns: nx,
    position: null, orientation: null, pixelSpacing: null, sliceThickness: null, diffusion: null, derived: false,
  };
}

/** Enhanced file A (4 frames, rescale 2x+1) holds volume 1 in reverse frame order and one slice of volume 0; file B one frame. */
const files = new Map<string, FileSource>([
  ['a.dcm', memorySource('a.dcm', syntheticDicom({ rows: ny, columns: nx, frames: 4, pixelBytes: frameBytes(1, 4), slope: 2, intercept: 1 }))],
  ['b.dcm', memorySource('b.dcm', syntheticDicom({ rows: ny, columns: nx, pixelBytes: frameBytes(2, 1) }))],
]);
const plan: SeriesPlan = {
  dims: [nx, ny, 2, 2],
  spacing: [1, 1, 2],
  affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1],
  volumes: [
    { bValue: 0, gradientLPS: null, isotropic: false, slices: [frame('b.dcm', 0), frame('a.dcm', 3)] },
    { bValue: 1000, gradientLPS: [0, 0.6, 0.8], isotropic: false, slices: [frame('a.dcm', 1), frame('a.dcm', 0)] },
  ],
  warnings: ['test warning'],
};

describe('assembleVolume', () => {
  it('places every frame at ((t·nz + k)·ny + j)·nx + i with its rescale, reading each file once', async () => {
    const reads = new Map<string, number>();
    const counting = (path: string): FileSource => {
      const f = files.get(path)!;
      return { ...f, read: (s, e) => (reads.set(path, (reads.get(path) ?? 0) + 1), f.read(s, e)) };
    };
    const progress: number[] = [];
    const vol = await assembleVolume(plan, counting, createFrameDecoder(), { onProgress: (d) => progress.push(d) });
    expect(vol.dims).toEqual([3, 2, 2, 2]);
    expect(vol.seriesInstanceUID).toBe('1.2.3.4');
    const want = [
      [(i: number, j: number) => stored(2, 0, i, j), (i: number, j: number) => 2 * stored(1, 3, i, j) + 1],
      [(i: number, j: number) => 2 * stored(1, 1, i, j) + 1, (i: number, j: number) => 2 * stored(1, 0, i, j) + 1],
    ];
    for (let t = 0; t < 2; t++)
      for (let k = 0; k < 2; k++)
        for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) expect(vol.data[((t * 2 + k) * ny + j) * nx + i]).toBe(want[t][k](i, j));
    expect([...reads.values()]).toEqual([1, 1]);
    expect(progress).toEqual([1, 2]);
    expect(vol.bValues).toEqual([0, 1000]);
    expect(vol.gradientsLPS).toEqual([[0, 0, 0], [0, 0.6, 0.8]]);
    expect(vol.warnings).toEqual(['test warning']);
  });

  it('shared: the same values on a SharedArrayBuffer (the DTI pool reads it in place)', async () => {
    const plain = await assembleVolume(plan, files, createFrameDecoder());
    const shared = await assembleVolume(plan, files, createFrameDecoder(), { shared: true });
    expect(plain.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(shared.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...shared.data]).toEqual([...plain.data]);
  });

  it('places a head→foot mosaic\'s tile t at k = nz − 1 − t, a foot→head one at k = t', async () => {
    // 3 tiles of 3×2 in a 2×2 layout (6 columns × 4 rows, last tile blank): tile t holds 100·t + 10·j + i.
    const v = new Uint16Array(6 * 4);
    for (let t = 0; t < 3; t++)
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) v[(Math.floor(t / 2) * ny + j) * 6 + (t % 2) * nx + i] = 100 * t + 10 * j + i;
    const mosaic = new Map([['m.dcm', memorySource('m.dcm', syntheticDicom({ rows: 4, columns: 6, pixelBytes: new Uint8Array(v.buffer) }))]]);
    const slices = [{ ...frame('m.dcm', 0), rows: 4, columns: 6, mosaicSlices: 3, mosaicGrid: { across: 2, down: 2 } }];
    for (const reversed of [true, false]) {
      const mosaicPlan: SeriesPlan = { ...plan, dims: [nx, ny, 3, 1], volumes: [{ ...plan.volumes[0], slices }], mosaicTilesReversed: reversed };
      const vol = await assembleVolume(mosaicPlan, mosaic, createFrameDecoder());
      for (let k = 0; k < 3; k++) {
        const tile = reversed ? 2 - k : k;
        for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) expect(vol.data[(k * ny + j) * nx + i]).toBe(100 * tile + 10 * j + i);
      }
    }
  });

  it('rejects a frame whose size differs from the plan, naming the file', async () => {
    const wrong = { ...plan, dims: [2, 2, 2, 2] as [number, number, number, number] };
    const err = await assembleVolume(wrong, files, createFrameDecoder()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DicomError);
    expect((err as DicomError).reason).toMatch(/3×2, the series is 2×2/);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(assembleVolume(plan, files, createFrameDecoder(), { signal: controller.signal })).rejects.toThrow('user cancelled');
  });
});
