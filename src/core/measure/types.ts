import type { Mat4, Vec3 } from '../math/types.js';

/** What an ROI stands for in the trial analysis. */
export type RoiRole = 'infarct-core' | 'contralateral-mirror' | 'perilesional' | 'other';

/** The drawing tool that made an ROI (Cornerstone tool names map onto these). */
export type RoiShape = 'ellipse' | 'circle' | 'rectangle' | 'freehand' | 'brush';

/** A plane in patient space: a point on it and its unit normal (LPS mm / unitless). */
export interface Plane {
  origin: Vec3;
  normal: Vec3;
}

/**
 * A planar ROI, stored in patient coordinates so it survives any viewport, zoom or reformat.
 * `contour` is the closed outline in LPS mm lying in `plane` (an ellipse is stored as its
 * polygon and its axes, so statistics use one inclusion rule for every shape).
 */
export interface PlanarRoi {
  id: string;
  shape: RoiShape;
  role: RoiRole;
  name: string;
  plane: Plane;
  contour: Vec3[];
  /** For ellipse/circle: centre and the two semi-axis vectors (LPS mm), exact geometry for export. */
  ellipse?: { centre: Vec3; axisA: Vec3; axisB: Vec3 };
  /** The ROI this one mirrors (contralateral), when it was made by the mirror action. */
  mirrorOf?: string;
}

/**
 * Voxel statistics of one ROI on one map. Units are the map's (FA unitless; MD/AD/RD mm²/s;
 * conversion to trial units happens at display/export).
 */
export interface RoiStats {
  map: string;
  n: number;
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  min: number;
  max: number;
  /** Area of the included voxels in the ROI plane, mm² (n × in-plane voxel area for axis-aligned planes); absent for 3D ROIs, which have no plane. */
  areaMm2?: number;
  /** For 3D ROIs (segmentations): included voxels × voxel volume, mL. */
  volumeMl?: number;
}

/** Where measurements belong: they are keyed by study, series and frame of reference. */
export interface MeasurementKey {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  frameOfReferenceUID: string | null;
}

/**
 * One scalar map on a voxel grid (an FA/MD/AD/RD map, a b0, or one volume of a Volume4D).
 * Voxel (i, j, k) is data[(k * ny + j) * nx + i]; `affine` maps voxel index (i, j, k) to the
 * voxel centre in patient LPS mm (row-major 4×4, same convention as DtiMaps and Volume4D).
 */
export interface ScalarVolume {
  /** [nx, ny, nz] voxels. */
  dims: [number, number, number];
  affine: Mat4;
  data: Float32Array;
}
