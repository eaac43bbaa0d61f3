import { argMax } from './argMax';

/**
 * Number of baseline frames of an enhancement curve: the frames before the bolus arrives.
 *
 * The curve (HU, any offset, at its frames) is read up to its peak. A provisional baseline is the
 * mean and standard deviation of the first quarter of the frames before the peak (at least one);
 * the bolus arrives at the first frame of the unbroken run, ending at the peak, of values above
 * baseline + max(2 SD, `fraction` × (peak − baseline)). The low threshold (2 % of the peak by
 * default) matters: a frame caught on the foot of the bolus would lift the baseline and take a
 * constant off every enhancement, which the Patlak integral then accumulates over the whole
 * acquisition. Run it on the arterial curve: it arrives first, with the best contrast-to-noise,
 * and its baseline is every voxel's. Returns at least 1 (the first frame is taken as unenhanced).
 */
export function detectBaseline(curve: ArrayLike<number>, fraction = 0.02): number {
  const peak = argMax(curve);
  if (peak <= 0) return 1;
  const head = Math.max(1, Math.floor(peak / 4));
  let base = 0;
  for (let i = 0; i < head; i++) base += curve[i];
  base /= head;
  let variance = 0;
  for (let i = 0; i < head; i++) variance += (curve[i] - base) ** 2;
  const sd = head > 1 ? Math.sqrt(variance / (head - 1)) : 0;
  const threshold = base + Math.max(2 * sd, fraction * (curve[peak] - base));
  let arrival = peak;
  while (arrival > 0 && curve[arrival - 1] > threshold) arrival--;
  return Math.max(1, arrival);
}
