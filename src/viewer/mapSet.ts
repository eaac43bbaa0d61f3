import type { Mat4 } from '../core/math/types';
import type { MapName } from './mapCatalog';

/**
 * What the map viewports, the probe and the mirror plane need of a computation's maps, whichever
 * model made them (a DTI fit, a CT perfusion computation): one voxel grid (voxel → LPS mm
 * affine), the maps in engine units on it, the tissue/brain mask, and the base image maps are
 * fused over and the mirror plane is estimated on ('b0': mean b0 of a DTI fit, mean CT of a
 * perfusion series). A DtiResult is one as it stands.
 */
export interface MapSet {
  /** Unique across computations of every model (nextMapGeneration): part of the Cornerstone volume ids. */
  generation: number;
  /** Absent for a DTI fit. */
  kind?: 'perfusion';
  seriesUID: string;
  frameOfReferenceUID: string | null;
  maps: {
    dims: [number, number, number];
    affine: Mat4;
    scalars: Partial<Record<MapName, Float32Array>>;
    mask: Uint8Array;
    colorFa?: Uint8Array;
  };
  b0: Float32Array;
}

let generation = 0;

/** The next generation number: DTI fits and perfusion computations never share one. */
export function nextMapGeneration(): number {
  return ++generation;
}
