import type { Slab } from './slabOfSlice';
import { slabOfSlice } from './slabOfSlice';

/** How the arterial input or venous output was chosen. */
export type InputSource = 'automatic' | 'point' | 'mask';

/** An input curve as measured (HU at its table position's frame times, s), for the model and the record. */
export interface InputCurve {
  /** Its voxel (linear index i + nx·(j + ny·k)); for a mask, the mask voxel nearest the mask's centroid. */
  voxel: number;
  /** Voxels averaged: 1, or the mask's. */
  voxels: number;
  source: InputSource;
  /** True when found automatically (source 'automatic'). */
  automatic: boolean;
  hu: number[];
  times: number[];
}

/**
 * The mean curve of `voxels` (linear indices, at least one) of a volume-major 4D array (HU, dims
 * [nx, ny, nz, nt]); they must lie in one table position (slab), whose times it takes. `what`
 * names the curve in errors ("AIF mask").
 */
export function inputCurve(
  data: ArrayLike<number>,
  dims: readonly [number, number, number, number],
  slabs: readonly Slab[],
  voxels: readonly number[],
  source: InputSource,
  what: string,
): InputCurve {
  const [nx, ny, nz, nt] = dims;
  const n = nx * ny * nz;
  if (voxels.length === 0) throw new Error(`${what} is empty: no voxel is set`);
  const slab = slabOfSlice(slabs, Math.floor(voxels[0] / (nx * ny)));
  const hu = new Array<number>(nt).fill(0);
  let ci = 0, cj = 0, ck = 0;
  for (const v of voxels) {
    const k = Math.floor(v / (nx * ny));
    if (slabOfSlice(slabs, k) !== slab) {
      throw new Error(`${what} spans table positions acquired at different times (slices ${slab.firstSlice}–${slab.endSlice - 1} and ${k}); draw it within one`);
    }
    for (let t = 0; t < nt; t++) hu[t] += data[t * n + v];
    ci += v % nx;
    cj += Math.floor(v / nx) % ny;
    ck += k;
  }
  const m = voxels.length;
  const centre = [ci / m, cj / m, ck / m];
  let voxel = voxels[0];
  let best = Infinity;
  for (const v of voxels) {
    const d = (v % nx - centre[0]) ** 2 + (Math.floor(v / nx) % ny - centre[1]) ** 2 + (Math.floor(v / (nx * ny)) - centre[2]) ** 2;
    if (d < best) {
      best = d;
      voxel = v;
    }
  }
  return { voxel, voxels: m, source, automatic: source === 'automatic', hu: hu.map((s) => s / m), times: [...slab.times] };
}

/** Linear indices of the set voxels of a mask (nx·ny·nz values, the volume's voxel order). */
export function maskVoxels(mask: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let v = 0; v < mask.length; v++) if (mask[v]) out.push(v);
  return out;
}
