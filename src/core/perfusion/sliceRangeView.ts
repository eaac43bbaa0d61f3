/**
 * Whole slices [firstSlice, endSlice) of a volume-major 4D array (HU), either the whole volume in
 * place (a SharedArrayBuffer a worker reads without copying) or those slices copied out:
 * voxel v of the range (0 ≤ v < (endSlice − firstSlice)·nx·ny) of volume t is at
 * data[t · stride + offset + v]. In place: stride = nx·ny·nz, offset = firstSlice·nx·ny;
 * copied: stride = the range's voxel count, offset = 0.
 */
export interface SliceRangeView {
  data: ArrayLike<number>;
  stride: number;
  offset: number;
  /** [nx, ny, nz, nt] of the whole volume. */
  dims: readonly [number, number, number, number];
  firstSlice: number;
  endSlice: number;
}

/** Voxels of the view's slices. */
export function viewVoxels(view: SliceRangeView): number {
  return (view.endSlice - view.firstSlice) * view.dims[0] * view.dims[1];
}

/** The view of slices [firstSlice, endSlice) of a whole volume, in place. */
export function wholeVolumeView(data: ArrayLike<number>, dims: readonly [number, number, number, number], firstSlice = 0, endSlice = dims[2]): SliceRangeView {
  const sliceSize = dims[0] * dims[1];
  return { data, stride: sliceSize * dims[2], offset: firstSlice * sliceSize, dims, firstSlice, endSlice };
}

/** Slices [firstSlice, endSlice) of a whole volume copied out (frame after frame), for a worker that cannot share it. */
export function copySliceRange(data: ArrayLike<number>, dims: readonly [number, number, number, number], firstSlice: number, endSlice: number): Float32Array {
  const [nx, ny, nz, nt] = dims;
  const count = (endSlice - firstSlice) * nx * ny;
  const out = new Float32Array(count * nt);
  const from = firstSlice * nx * ny;
  for (let t = 0; t < nt; t++) {
    const start = t * nx * ny * nz + from;
    if (data instanceof Float32Array) out.set(data.subarray(start, start + count), t * count);
    else for (let v = 0; v < count; v++) out[t * count + v] = data[start + v];
  }
  return out;
}

/** The view of a copy made by copySliceRange. */
export function copiedView(copy: ArrayLike<number>, dims: readonly [number, number, number, number], firstSlice: number, endSlice: number): SliceRangeView {
  return { data: copy, stride: (endSlice - firstSlice) * dims[0] * dims[1], offset: 0, dims, firstSlice, endSlice };
}
