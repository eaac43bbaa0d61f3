/** Samples the window is estimated from: enough for a stable percentile, cheap on a 512×512×300 CT. */
const MAX_SAMPLES = 200_000;

/**
 * The default window [low, high] of a reformatted series volume, in its rescaled units (signal
 * for MR, HU for CT). CT: the brain window (W 80 / L 40 HU) a stroke reader starts from. Other
 * modalities: 0 … the 99.5th percentile of the positive voxels, sampled at a fixed stride, so a
 * few bright vessels or fat voxels do not flatten the image the way a min–max window would.
 */
export function volumeWindow(values: Float32Array, modality: string): [number, number] {
  if (modality === 'CT') return [0, 80];
  const stride = Math.max(1, Math.floor(values.length / MAX_SAMPLES));
  const sample: number[] = [];
  for (let v = 0; v < values.length; v += stride) if (values[v] > 0) sample.push(values[v]);
  if (sample.length === 0) return [0, 1];
  sample.sort((a, b) => a - b);
  const high = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.995))];
  return [0, high > 0 ? high : 1];
}
