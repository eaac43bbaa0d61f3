/** Samples the window is estimated from: enough for a stable percentile, cheap on a 512×512×300 CT. */
const MAX_SAMPLES = 200_000;
/**
 * Voxels at or below this fraction of the 98th percentile of the positive ones count as background
 * (air, noise floor): a head fills far more than 2 % of an MR volume, so the 98th percentile is
 * tissue, and background noise sits well below a tenth of it.
 */
const BACKGROUND_FRACTION = 0.1;

/** A DICOM Window Center/Width (0028,1050/1051) in the volume's units. */
export interface DicomWindow {
  center: number;
  width: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(sorted.length * p)))];

/**
 * The default window [low, high] of a reformatted series volume, in its rescaled units (signal
 * for MR, HU for CT), so a reformat opens as the stack of the same image does:
 * - CT: the brain window (W 80 / L 40 HU) a stroke reader starts from;
 * - else the series' own Window Center/Width (of the frame the stack shows) when it has a width;
 * - else the 1st–99th percentile of the tissue voxels (above the background threshold), sampled
 *   at a fixed stride, so neither the background nor a few bright vessels or fat voxels (under
 *   1 % of the tissue) set it.
 */
export function volumeWindow(values: Float32Array, modality: string, dicom: DicomWindow | null = null): [number, number] {
  if (modality === 'CT') return [0, 80];
  if (dicom && Number.isFinite(dicom.center) && Number.isFinite(dicom.width) && dicom.width > 0) {
    // DICOM's LINEAR VOI function (PS3.3 C.11.2.1.2) spans C − 0.5 ± (W − 1)/2, as the stack applies it.
    const half = (dicom.width - 1) / 2;
    return [dicom.center - 0.5 - half, dicom.center - 0.5 + half];
  }
  const stride = Math.max(1, Math.floor(values.length / MAX_SAMPLES));
  const positive: number[] = [];
  for (let v = 0; v < values.length; v += stride) if (values[v] > 0) positive.push(values[v]);
  if (positive.length === 0) return [0, 1];
  positive.sort((a, b) => a - b);
  const threshold = BACKGROUND_FRACTION * percentile(positive, 0.98);
  const tissue = positive.filter((x) => x > threshold);
  const low = percentile(tissue, 0.01);
  const high = percentile(tissue, 0.99);
  return high > low ? [low, high] : [low, low + 1];
}
