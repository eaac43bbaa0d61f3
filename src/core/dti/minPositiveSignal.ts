/**
 * Smallest positive signal (signal units) of the given volumes within mask runs ({@link maskRuns}),
 * from volume-major data (voxel v of volume t at data[t * nvox + v]); Infinity when there is none.
 * The fit raises non-positive signals to it before taking logs, as dipy does. NaN is never < x,
 * so it is skipped like zeros and negatives.
 */
export function minPositiveSignal(data: Float32Array, nvox: number, volumes: ArrayLike<number>, runs: Int32Array): number {
  let min = Infinity;
  for (let i = 0; i < volumes.length; i++) {
    const off = volumes[i] * nvox;
    for (let r = 0; r < runs.length; r += 2) {
      for (let v = off + runs[r], end = off + runs[r + 1]; v < end; v++) {
        const s = data[v];
        if (s < min && s > 0) min = s;
      }
    }
  }
  return min;
}

/**
 * The fit's signal floor (signal units): the smallest positive fitted signal within mask runs
 * (minPositiveSignal), or 1 when the mask holds none (an all-zero series fits flat tensors).
 */
export function signalFloor(data: Float32Array, nvox: number, volumes: ArrayLike<number>, runs: Int32Array): number {
  return floorOfMinimum(minPositiveSignal(data, nvox, volumes, runs));
}

/** The floor (signal units) given the smallest positive signal within the mask: 1 when there is none (Infinity). */
export function floorOfMinimum(minPositive: number): number {
  return Number.isFinite(minPositive) ? minPositive : 1;
}
