import type { ScalarVolume } from '../measure/types';
import { voxelAxes } from '../roi/voxelAffine';
import { norm } from '../math/vec3Length';

/**
 * Separable Gaussian blur of a volume with standard deviation `sigmaMm` in millimetres (converted
 * per voxel axis with that axis's step length, so the blur is isotropic in patient space on
 * orthogonal grids). Kernel truncated at ±3σ and renormalised at the borders. Same grid and unit.
 */
export function gaussianSmooth(vol: ScalarVolume, sigmaMm: number): ScalarVolume {
  const [nx, ny, nz] = vol.dims;
  const { ei, ej, ek } = voxelAxes(vol.affine);
  let src = Float32Array.from(vol.data);
  const axes: [number, number, number][] = [
    [nx, 1, sigmaMm / norm(ei)],
    [ny, nx, sigmaMm / norm(ej)],
    [nz, nx * ny, sigmaMm / norm(ek)],
  ];
  for (const [len, stride, sigma] of axes) {
    if (len < 2 || sigma < 0.1) continue;
    const r = Math.ceil(3 * sigma);
    const w = Array.from({ length: 2 * r + 1 }, (_, o) => Math.exp(-((o - r) ** 2) / (2 * sigma * sigma)));
    const dst = new Float32Array(src.length);
    for (let v = 0; v < src.length; v++) {
      const pos = Math.floor(v / stride) % len;
      let s = 0;
      let ws = 0;
      for (let o = -r; o <= r; o++) {
        const q = pos + o;
        if (q < 0 || q >= len) continue;
        s += w[o + r] * src[v + o * stride];
        ws += w[o + r];
      }
      dst[v] = s / ws;
    }
    src = dst;
  }
  return { dims: vol.dims, affine: vol.affine, data: src };
}
