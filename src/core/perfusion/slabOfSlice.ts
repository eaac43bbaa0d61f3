/** Slices sharing one table position's frame times, s (see dicom/timing/planPerfusion). */
export interface Slab {
  firstSlice: number;
  endSlice: number;
  times: number[];
}

/** The slab holding slice k; throws when the slabs do not cover it (a caller's bug). */
export function slabOfSlice(slabs: readonly Slab[], k: number): Slab {
  const slab = slabs.find((s) => k >= s.firstSlice && k < s.endSlice);
  if (!slab) throw new RangeError(`slice ${k} is in no slab`);
  return slab;
}
