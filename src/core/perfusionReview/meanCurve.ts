/**
 * Mean time curve of a set of voxels of a volume-major 4D array (volume t of nvox voxels at
 * t·nvox), in the array's units (HU for CT perfusion), one value per volume; NaN when `voxels`
 * is empty. Voxel indices are linear i + nx·(j + ny·k) of one volume.
 */
export function meanCurve(data: ArrayLike<number>, nvox: number, nt: number, voxels: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let t = 0; t < nt; t++) {
    let sum = 0;
    for (let n = 0; n < voxels.length; n++) sum += data[t * nvox + voxels[n]];
    out.push(voxels.length > 0 ? sum / voxels.length : NaN);
  }
  return out;
}
