import { isLesion } from './lesionMask';

/** Binary 2D mask (1 = lesion) of slice k of a label volume, nx·ny pixels indexed j * nx + i. */
export function labelSlice(labels: Uint8Array, dims: [number, number, number], k: number, label?: number): Uint8Array {
  const perSlice = dims[0] * dims[1];
  const out = new Uint8Array(perSlice);
  for (let p = 0; p < perSlice; p++) out[p] = isLesion(labels[k * perSlice + p], label) ? 1 : 0;
  return out;
}
