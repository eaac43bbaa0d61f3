import { otsuThreshold } from '../dti/otsuThreshold';
import type { ScalarVolume } from '../measure/types';

/** Head voxels of an image when no mask is given: 1 where the value exceeds its Otsu threshold. */
export function headMask(image: ScalarVolume): Uint8Array {
  const t = otsuThreshold(image.data);
  return Uint8Array.from(image.data, (v) => (v > t ? 1 : 0));
}
