import type { Mat4, Vec3 } from '../../math/types';
import { DicomError } from '../errors';
import type { FrameInfo, PlannedVolume, SeriesEntry, SeriesPlan } from '../types';
import { groupBySlicePosition } from './groupBySlicePosition';
import { sliceSpacing } from './sliceSpacing';
import { checkStackPositions, frameWarnings } from './checkGeometry';
import { rowColumn } from './rowColumn';
import { scale, sub } from '../../math/vec3Arithmetic';
import { norm, unit } from '../../math/vec3Length';
import { cross, dot } from '../../math/vec3Products';

/** |row·column| above this means the image axes are not perpendicular. */
const ORTHOGONALITY_TOLERANCE = 1e-3;
/** Cosine between the stacking direction and the slice normal below which the stack is sheared (gantry tilt), ≈ 0.8°. */
const TILT_COSINE = 0.9999;

/**
 * Plans how a series becomes a 4D volume from headers only: volumes × slices, voxel size and the
 * voxel (i, j, k) → LPS mm affine (row-major; i along a row, j down the columns, k along
 * cross(row, column) in increasing position). Volumes keep acquisition order (Philips by
 * (2005,1596)), matching dcm2niix's .bval/.bvec order. Throws DicomError (file = the series' first
 * file) for stacks that cannot be one regular grid: gantry tilt, non-orthogonal axes, mixed
 * orientations, unequal image counts per position.
 */
export function planSeries(series: SeriesEntry): SeriesPlan {
  const frames = series.frames;
  const first = frames[0];
  if (!first) throw new DicomError(series.seriesInstanceUID, 'series has no images');
  const fail = (reason: string): never => {
    throw new DicomError(first.file, `series ${series.seriesNumber ?? ''} "${series.description}": ${reason}`);
  };
  if (!first.orientation || !first.pixelSpacing) return fail('no ImageOrientationPatient or PixelSpacing: cannot place it in patient space');
  const { row, column } = rowColumn(first.orientation);
  if (Math.abs(dot(row, column)) > ORTHOGONALITY_TOLERANCE) fail('row and column directions are not perpendicular');
  if (frames.some((f) => !f.orientation || f.orientation.some((v, i) => Math.abs(v - first.orientation![i]) > 1e-3))) {
    fail('images have different orientations (several stacks in one series)');
  }
  if (frames.some((f) => f.rows !== first.rows || f.columns !== first.columns)) fail('images have different matrix sizes');
  const normal = unit(cross(row, column)) ?? fail('degenerate ImageOrientationPatient');
  const [rowSpacing, columnSpacing] = first.pixelSpacing;
  const warnings: string[] = frameWarnings(frames);

  if (first.mosaicSlices) return { ...planMosaic(frames, row, column, normal, first.pixelSpacing, warnings, fail), seriesInstanceUID: series.seriesInstanceUID };

  if (frames.some((f) => !f.position)) fail('an image has no ImagePositionPatient');
  const stacks = groupBySlicePosition(frames, normal);
  const nt = stacks[0].frames.length;
  if (stacks.some((s) => s.frames.length !== nt)) {
    const counts = stacks.map((s) => s.frames.length);
    fail(`slice positions hold different numbers of images (${Math.min(...counts)}–${Math.max(...counts)}): missing or extra images`);
  }
  const nz = stacks.length;
  warnings.push(...checkStackPositions(stacks, fail));
  let kStep: Vec3;
  if (nz > 1) {
    const span = sub(stacks[nz - 1].frames[0].position!, stacks[0].frames[0].position!);
    if (dot(span, normal) / norm(span) < TILT_COSINE) {
      fail('slices are sheared along the image plane (gantry tilt or non-orthogonal stack); resample before use');
    }
    const spacing = sliceSpacing(stacks.map((s) => s.distance));
    warnings.push(...spacing.warnings);
    // The median step, not span/(nz−1): a missing slice must not stretch the grid.
    kStep = scale(span, spacing.spacing / norm(span));
  } else {
    kStep = scale(normal, first.spacingBetweenSlices ?? first.sliceThickness ?? 1);
  }
  const volumes: PlannedVolume[] = [];
  for (let t = 0; t < nt; t++) {
    const slices = stacks.map((s) => s.frames[t]);
    volumes.push(volumeOf(slices, t, warnings));
  }
  return {
    dims: [first.columns, first.rows, nz, nt],
    spacing: [columnSpacing, rowSpacing, norm(kStep)],
    affine: affineOf(row, column, kStep, columnSpacing, rowSpacing, stacks[0].frames[0].position!),
    volumes,
    warnings,
    seriesInstanceUID: series.seriesInstanceUID,
  };
}

/**
 * A mosaic series (Siemens MOSAIC, United Imaging VFRAME): one image per volume. Tile 0 sits at the
 * frame's position and tiles
 * advance along the frame's tile direction; when that runs against the slice normal the tiles are
 * placed in reverse (k = nz − 1 − t) and the origin moves to the last tile, so k increases along the
 * normal as for every other series.
 */
function planMosaic(
  frames: FrameInfo[],
  row: Vec3,
  column: Vec3,
  normal: Vec3,
  pixelSpacing: [number, number],
  warnings: string[],
  fail: (reason: string) => never,
): SeriesPlan {
  const first = frames[0];
  const slices = first.mosaicSlices!;
  const grid = first.mosaicGrid ?? fail('mosaic image without a tile layout');
  if (frames.some((f) => f.mosaicSlices !== slices || f.mosaicGrid?.across !== grid.across || f.mosaicGrid?.down !== grid.down)) {
    fail('mosaic images tile different numbers of slices');
  }
  if (!first.position) fail('mosaic has no ImagePositionPatient');
  const reversed = (f: FrameInfo): boolean => (f.mosaicTileDirection ? dot(f.mosaicTileDirection, normal) < 0 : false);
  const mosaicTilesReversed = reversed(first);
  if (frames.some((f) => reversed(f) !== mosaicTilesReversed)) fail('mosaic images disagree on the slice order of their tiles');
  const [rowSpacing, columnSpacing] = pixelSpacing;
  const step = first.spacingBetweenSlices ?? first.sliceThickness ?? fail('mosaic states neither SpacingBetweenSlices nor SliceThickness');
  const kStep = scale(normal, step);
  const origin = mosaicTilesReversed ? sub(first.position!, scale(kStep, slices - 1)) : first.position!;
  return {
    dims: [first.columns / grid.across, first.rows / grid.down, slices, frames.length],
    spacing: [columnSpacing, rowSpacing, step],
    affine: affineOf(row, column, kStep, columnSpacing, rowSpacing, origin),
    volumes: frames.map((f, t) => volumeOf([f], t, warnings)),
    warnings,
    mosaicTilesReversed,
  };
}

/** Diffusion of a volume from its first slice; a warning when its slices disagree. */
function volumeOf(slices: FrameInfo[], t: number, warnings: string[]): PlannedVolume {
  const d = slices[0].diffusion;
  if (slices.some((s) => Math.abs((s.diffusion?.bValue ?? 0) - (d?.bValue ?? 0)) > 1e-3)) {
    warnings.push(`volume ${t + 1}: its slices state different b-values; the first slice's (${d?.bValue ?? 0}) is used`);
  }
  return { bValue: d?.bValue ?? 0, gradientLPS: d?.gradientLPS ?? null, isotropic: d?.isotropic ?? false, slices };
}

/** Row-major voxel → LPS affine: columns are the i, j, k steps in mm, then the origin. */
function affineOf(row: Vec3, column: Vec3, kStep: Vec3, columnSpacing: number, rowSpacing: number, origin: Vec3): Mat4 {
  const i = scale(row, columnSpacing);
  const j = scale(column, rowSpacing);
  const o = origin;
  return [i[0], j[0], kStep[0], o[0], i[1], j[1], kStep[1], o[1], i[2], j[2], kStep[2], o[2], 0, 0, 0, 1];
}
