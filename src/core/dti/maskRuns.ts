/**
 * Runs of consecutive set voxels of a mask (voxel index order, i fastest), as [start, end) pairs:
 * run r covers voxels runs[2r] … runs[2r + 1] − 1. A brain mask has one or two runs per image row,
 * so loops over runs walk memory contiguously instead of testing or gathering voxel by voxel.
 */
export function maskRuns(mask: Uint8Array, start = 0, end = mask.length): Int32Array {
  let count = 0;
  for (let v = start, prev = 0; v < end; v++) {
    const on = mask[v] !== 0 ? 1 : 0;
    if (on > prev) count++;
    prev = on;
  }
  const runs = new Int32Array(2 * count);
  let r = 0;
  for (let v = start; v < end; ) {
    if (mask[v] === 0) {
      v++;
      continue;
    }
    runs[r++] = v;
    while (v < end && mask[v] !== 0) v++;
    runs[r++] = v;
  }
  return runs;
}

/** Number of voxels covered by runs from {@link maskRuns}. */
export function runsVoxelCount(runs: Int32Array): number {
  let n = 0;
  for (let r = 0; r < runs.length; r += 2) n += runs[r + 1] - runs[r];
  return n;
}

/** Runs ({@link maskRuns} pairs) of ascending voxel indices: consecutive ones share a run. */
export function indexRuns(voxels: Int32Array): Int32Array {
  const runs: number[] = [];
  for (const v of voxels) {
    if (runs.length > 0 && runs[runs.length - 1] === v) runs[runs.length - 1] = v + 1;
    else runs.push(v, v + 1);
  }
  return Int32Array.from(runs);
}
