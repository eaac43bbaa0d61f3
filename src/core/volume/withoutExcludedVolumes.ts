import type { Volume4D } from '../dicom/types';

/**
 * The volume without its excluded (derived trace) volumes, as dcm2niix writes a diffusion series:
 * a trace image is the scanner's own average of the others, not a measurement, so it has no place
 * in a .nii/.bval/.bvec meant for other tools. Returns `volume` itself when nothing is excluded;
 * otherwise a copy holding only the kept volumes, in order, with their b-values and gradients.
 */
export function withoutExcludedVolumes(volume: Volume4D): Volume4D {
  if (!volume.excluded.some(Boolean)) return volume;
  const [nx, ny, nz] = volume.dims;
  const size = nx * ny * nz;
  const kept = volume.excluded.flatMap((excluded, t) => (excluded ? [] : [t]));
  const data = new Float32Array(kept.length * size);
  kept.forEach((t, n) => data.set(volume.data.subarray(t * size, (t + 1) * size), n * size));
  return {
    ...volume,
    dims: [nx, ny, nz, kept.length],
    data,
    bValues: volume.bValues.length > 0 ? kept.map((t) => volume.bValues[t]) : [],
    gradientsLPS: kept.map((t) => volume.gradientsLPS[t]),
    excluded: kept.map(() => false),
  };
}
