import { describe, expect, it } from 'vitest';
import { perfusionModel } from '../../../src/core/perfusion/perfusionModel';
import { PERFUSION_KEYS, perfusionRange, type PerfusionMapSet } from '../../../src/core/perfusion/perfusionRange';
import { wholeVolumeView } from '../../../src/core/perfusion/sliceRangeView';
import { twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { PHANTOM_ARTERY, perfusionPhantom } from '../../fixtures/perfusionPhantom';

/** perfusionRange writing into arrays it is handed (the pool's recycled buffers) instead of new ones. */
const TIMES = twoPhaseTimes(1, 45, 4, 120);
const [NX, NY, NZ, NT] = [8, 8, 2, TIMES.length];
const dims = [NX, NY, NZ, NT] as const;
const hu = perfusionPhantom(TIMES);
const data = new Float32Array(NX * NY * NZ * NT);
for (let n = 0; n < NT; n++)
  for (let k = 0; k < NZ; k++) for (let j = 0; j < NY; j++) for (let i = 0; i < NX; i++) data[((n * NZ + k) * NY + j) * NX + i] = hu(i, j, k, TIMES[n]);
const aifVoxel = PHANTOM_ARTERY[0] + NX * PHANTOM_ARTERY[1];
const model = perfusionModel(TIMES, Array.from({ length: NT }, (_, n) => data[n * NX * NY * NZ + aifVoxel]), null, { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 });

/** Arrays of `count` voxels full of what a previous range left: values everywhere, the mask set everywhere. */
function dirty(count: number): { maps: PerfusionMapSet; mask: Uint8Array } {
  return { maps: Object.fromEntries(PERFUSION_KEYS.map((k) => [k, new Float32Array(count).fill(123.5)])) as PerfusionMapSet, mask: new Uint8Array(count).fill(1) };
}

describe('perfusionRange into given arrays', () => {
  const view = wholeVolumeView(data, dims, 1, 2);
  const fresh = perfusionRange(view, model);

  it('gives exactly the maps and mask of new arrays, whatever the arrays held, in the arrays given', () => {
    const out = dirty(NX * NY);
    const reused = perfusionRange(view, model, { out });
    expect(fresh.tissueVoxels).toBeGreaterThan(0);
    expect(fresh.tissueVoxels).toBeLessThan(NX * NY); // some voxels are not tissue: they must read 0, not the old values
    expect(reused.tissueVoxels).toBe(fresh.tissueVoxels);
    expect(reused.mask).toBe(out.mask);
    expect(reused.mask).toEqual(fresh.mask);
    for (const key of PERFUSION_KEYS) {
      expect(reused.maps[key]).toBe(out.maps[key]);
      expect(reused.maps[key]).toEqual(fresh.maps[key]);
    }
  });

  it('refuses arrays of another size than the range', () => {
    expect(() => perfusionRange(view, model, { out: dirty(NX * NY - 1) })).toThrow(/63 values for a range of 64 voxels/);
  });
});
