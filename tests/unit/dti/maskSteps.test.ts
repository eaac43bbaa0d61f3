import { describe, expect, it } from 'vitest';
import { fillHolesSlicewise } from '../../../src/core/dti/fillHolesSlicewise';
import { keepLargestComponent } from '../../../src/core/dti/largestComponent';
import { maskRuns, runsVoxelCount } from '../../../src/core/dti/maskRuns';
import { meanB0 } from '../../../src/core/dti/meanB0';
import { minPositiveSignal } from '../../../src/core/dti/minPositiveSignal';
import { rng } from './synth';

/** Reference hole filling: flood the whole slice's background from its border (no bounding box). */
function fillHolesReference(mask: Uint8Array, [nx, ny, nz]: [number, number, number]): void {
  for (let k = 0; k < nz; k++) {
    const outside = new Uint8Array(nx * ny);
    const stack: number[] = [];
    const push = (i: number, j: number): void => {
      if (i < 0 || j < 0 || i >= nx || j >= ny) return;
      const p = j * nx + i;
      if (outside[p] || mask[k * nx * ny + p]) return;
      outside[p] = 1;
      stack.push(p);
    };
    for (let i = 0; i < nx; i++) {
      push(i, 0);
      push(i, ny - 1);
    }
    for (let j = 0; j < ny; j++) {
      push(0, j);
      push(nx - 1, j);
    }
    while (stack.length) {
      const p = stack.pop()!;
      const i = p % nx;
      const j = (p - i) / nx;
      push(i - 1, j);
      push(i + 1, j);
      push(i, j - 1);
      push(i, j + 1);
    }
    for (let p = 0; p < nx * ny; p++) if (!outside[p]) mask[k * nx * ny + p] = 1;
  }
}

/** Reference largest component: labels by recursion-free DFS with explicit (i, j, k). */
function largestReference(mask: Uint8Array, [nx, ny, nz]: [number, number, number]): Uint8Array {
  const label = new Int32Array(mask.length);
  const sizes = [0];
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || label[s]) continue;
    const id = sizes.length;
    let size = 0;
    const stack = [s];
    label[s] = id;
    while (stack.length) {
      const v = stack.pop()!;
      size++;
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      for (const [di, dj, dk] of [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]) {
        const [a, b, c] = [i + di, j + dj, k + dk];
        if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
        const w = (c * ny + b) * nx + a;
        if (mask[w] && !label[w]) {
          label[w] = id;
          stack.push(w);
        }
      }
    }
    sizes.push(size);
  }
  let best = 0;
  for (let id = 1; id < sizes.length; id++) if (sizes[id] > sizes[best]) best = id;
  return Uint8Array.from(label, (l) => (best > 0 && l === best ? 1 : 0));
}

/** Random blobby masks: a few filled ellipses per slice plus speckle, so holes, islands and edges all occur. */
function randomMask(seed: number, [nx, ny, nz]: [number, number, number]): Uint8Array {
  const rand = rng(seed);
  const mask = new Uint8Array(nx * ny * nz);
  const blobs = Array.from({ length: 4 }, () => [rand() * nx, rand() * ny, rand() * nz, 2 + rand() * nx * 0.4, 2 + rand() * ny * 0.4, 1 + rand() * nz * 0.5]);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const inBlob = blobs.some(([ci, cj, ck, ri, rj, rk]) => ((i - ci) / ri) ** 2 + ((j - cj) / rj) ** 2 + ((k - ck) / rk) ** 2 <= 1);
        mask[(k * ny + j) * nx + i] = (inBlob ? rand() > 0.15 : rand() > 0.93) ? 1 : 0;
      }
    }
  }
  return mask;
}

describe('brain-mask steps equal straightforward references on random masks', () => {
  const shapes: [number, number, number][] = [[17, 13, 5], [32, 29, 7], [9, 40, 3], [1, 12, 4], [25, 1, 2]];
  it('fillHolesSlicewise (bounding-box flood) = whole-slice flood', () => {
    let filled = 0;
    shapes.forEach((dims, s) => {
      for (let seed = 0; seed < 6; seed++) {
        const mask = randomMask(100 * s + seed, dims);
        const ref = mask.slice();
        fillHolesReference(ref, dims);
        const before = runsVoxelCount(maskRuns(mask));
        fillHolesSlicewise(mask, dims);
        expect(mask).toEqual(ref);
        filled += runsVoxelCount(maskRuns(mask)) - before;
      }
    });
    expect(filled).toBeGreaterThan(50); // the masks do have holes to fill
  });

  it('keepLargestComponent = labelled components by (i, j, k) neighbours', () => {
    shapes.forEach((dims, s) => {
      for (let seed = 0; seed < 6; seed++) {
        const mask = randomMask(7 + 100 * s + seed, dims);
        const ref = largestReference(mask, dims);
        const size = keepLargestComponent(mask, dims);
        expect(mask).toEqual(ref);
        expect(size).toBe(ref.reduce((a, b) => a + b, 0));
      }
    });
  });

  it('keepLargestComponent keeps the first in voxel order of equal largest components, joined across rows and slices', () => {
    // Slice 0 row 0: two 2-voxel runs; the second continues into slice 1 (3 voxels) and wins.
    const mask = Uint8Array.of(1, 1, 0, 1, 1, /* slice 1 */ 0, 0, 0, 1, 0);
    expect(keepLargestComponent(mask, [5, 1, 2])).toBe(3);
    expect(Array.from(mask)).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 1, 0]);
    const tie = Uint8Array.of(0, 1, 1, 0, 1, /* row 1 */ 0, 0, 0, 0, 1);
    expect(keepLargestComponent(tie, [5, 2, 1])).toBe(2);
    expect(Array.from(tie)).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('maskRuns, minPositiveSignal, meanB0', () => {
  it('runs are the [start, end) stretches of set voxels', () => {
    const mask = Uint8Array.from([1, 1, 0, 0, 1, 0, 1, 1, 1]);
    expect([...maskRuns(mask)]).toEqual([0, 2, 4, 5, 6, 9]);
    expect([...maskRuns(mask, 1, 8)]).toEqual([1, 2, 4, 5, 6, 8]);
    expect(runsVoxelCount(maskRuns(mask))).toBe(6);
    expect(maskRuns(new Uint8Array(4))).toHaveLength(0);
  });

  it('smallest positive signal over the chosen volumes inside the mask only', () => {
    // 2 volumes × 5 voxels; mask = voxels 1..3
    const data = Float32Array.from([0.5, 7, -3, 4, 0.1, /* volume 1 */ 9, 0, NaN, 2.5, 0.2]);
    const runs = maskRuns(Uint8Array.from([0, 1, 1, 1, 0]));
    expect(minPositiveSignal(data, 5, [0, 1], runs)).toBe(2.5);
    expect(minPositiveSignal(data, 5, [0], runs)).toBe(4);
    expect(minPositiveSignal(data, 5, [1], maskRuns(Uint8Array.from([0, 1, 1, 0, 0])))).toBe(Infinity);
  });

  it('meanB0 averages the listed volumes voxel by voxel', () => {
    const data = Float32Array.from([1, 2, 3, /* t1 */ 10, 20, 30, /* t2 */ 4, 5, 7]);
    expect([...meanB0(data, 3, [0, 2])]).toEqual([2.5, 3.5, 5]);
    expect([...meanB0(data, 3, [1])]).toEqual([10, 20, 30]);
    expect([...meanB0(data, 3, [])]).toEqual([0, 0, 0]);
  });
});
