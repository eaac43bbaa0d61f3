import type { Vec3 } from '../math/types';
import type { ScalarVolume } from '../measure/types';
import { sampleTrilinear } from './sampleTrilinear';
import type { SymmetrySamples } from './symmetrySamples';

/**
 * How symmetric the image is about a plane (origin LPS mm, unit normal): Pearson correlation
 * between the sampled values and the image read (trilinear) at each sample's mirror point,
 * in [−1, 1], over the samples whose mirror point lies on the grid; 1 for a perfect mirror image. `normalVox` is the unit normal mapped into voxel
 * index space (inverse affine's linear part · normal), so each mirror point is found with one
 * multiply-add per axis instead of a full inverse transform. NaN when either side is constant.
 */
export function reflectionCorrelation(
  image: ScalarVolume,
  samples: SymmetrySamples,
  origin: Vec3,
  normal: Vec3,
  normalVox: Vec3,
): number {
  const { lps, ijk, values } = samples;
  const n = values.length;
  const [nx, ny, nz] = image.dims;
  let m = 0;
  const od = origin[0] * normal[0] + origin[1] * normal[1] + origin[2] * normal[2];
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let s = 0; s < n; s++) {
    const x = lps[3 * s];
    const y = lps[3 * s + 1];
    const z = lps[3 * s + 2];
    const twice = 2 * (x * normal[0] + y * normal[1] + z * normal[2] - od);
    const i = ijk[3 * s] - twice * normalVox[0];
    const j = ijk[3 * s + 1] - twice * normalVox[1];
    const k = ijk[3 * s + 2] - twice * normalVox[2];
    // Mirror points off the grid carry no information: counting them as background would make a
    // cropped field of view (its cut face maps onto itself only for grid-aligned planes) a false optimum.
    if (!(i >= 0 && j >= 0 && k >= 0 && i <= nx - 1 && j <= ny - 1 && k <= nz - 1)) continue;
    const b = sampleTrilinear(image, i, j, k);
    const a = values[s];
    m++;
    sa += a;
    sb += b;
    saa += a * a;
    sbb += b * b;
    sab += a * b;
  }
  const cov = sab - (sa * sb) / m;
  const va = saa - (sa * sa) / m;
  const vb = sbb - (sb * sb) / m;
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : NaN;
}
