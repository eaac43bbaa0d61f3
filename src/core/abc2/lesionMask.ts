/**
 * Whether a label value is lesion: equal to `label` when one is given, otherwise any non-zero
 * label (a single-lesion segmentation).
 */
export function isLesion(value: number, label?: number): boolean {
  return label === undefined ? value !== 0 : value === label;
}
