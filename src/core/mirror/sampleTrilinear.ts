import type { ScalarVolume } from '../measure/types';

/**
 * Trilinear interpolation of a volume at fractional voxel index (i, j, k) (voxel centres at
 * integers), in the volume's unit. Points outside the grid's centres read as 0 (no data; callers
 * that must not count them check bounds first).
 */
export function sampleTrilinear(vol: ScalarVolume, i: number, j: number, k: number): number {
  const [nx, ny, nz] = vol.dims;
  if (!(i >= 0 && j >= 0 && k >= 0 && i <= nx - 1 && j <= ny - 1 && k <= nz - 1)) return 0;
  const i0 = Math.min(Math.floor(i), Math.max(nx - 2, 0));
  const j0 = Math.min(Math.floor(j), Math.max(ny - 2, 0));
  const k0 = Math.min(Math.floor(k), Math.max(nz - 2, 0));
  const fi = i - i0;
  const fj = j - j0;
  const fk = k - k0;
  const di = nx > 1 ? 1 : 0;
  const dj = ny > 1 ? nx : 0;
  const dk = nz > 1 ? nx * ny : 0;
  const d = vol.data;
  const v = (k0 * ny + j0) * nx + i0;
  const c00 = d[v] * (1 - fi) + d[v + di] * fi;
  const c10 = d[v + dj] * (1 - fi) + d[v + dj + di] * fi;
  const c01 = d[v + dk] * (1 - fi) + d[v + dk + di] * fi;
  const c11 = d[v + dk + dj] * (1 - fi) + d[v + dk + dj + di] * fi;
  return (c00 * (1 - fj) + c10 * fj) * (1 - fk) + (c01 * (1 - fj) + c11 * fj) * fk;
}
