/** A contiguous voxel range [start, start + count) of a volume (voxel index order). */
export interface VoxelRange {
  start: number;
  count: number;
}

/**
 * Splits a volume into at most `parts` ranges of whole slices (slice = nx·ny voxels) holding
 * about the same number of masked voxels, so workers finish together. Slices without a masked
 * voxel are skipped; empty masks give no ranges.
 */
export function slabRanges(mask: Uint8Array, sliceSize: number, parts: number): VoxelRange[] {
  const nz = Math.floor(mask.length / sliceSize);
  const perSlice = new Int32Array(nz);
  let total = 0;
  for (let k = 0; k < nz; k++) {
    let c = 0;
    for (let v = k * sliceSize; v < (k + 1) * sliceSize; v++) c += mask[v];
    perSlice[k] = c;
    total += c;
  }
  const ranges: VoxelRange[] = [];
  if (total === 0) return ranges;
  const target = total / Math.max(1, parts);
  let first = -1;
  let acc = 0;
  for (let k = 0; k < nz; k++) {
    if (perSlice[k] === 0 && first < 0) continue;
    if (first < 0) first = k;
    acc += perSlice[k];
    if (acc >= target || k === nz - 1) {
      ranges.push({ start: first * sliceSize, count: (k + 1 - first) * sliceSize });
      first = -1;
      acc = 0;
    }
  }
  return ranges;
}
