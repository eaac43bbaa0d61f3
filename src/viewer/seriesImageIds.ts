import { wadouri } from '@cornerstonejs/dicom-image-loader';
import type { FileSource } from '../core/io/FileSource';
import type { FrameInfo, SeriesEntry, SeriesPlan } from '../core/dicom/types';
import type { Vec3 } from '../core/math/types';
import { planSeries } from '../core/dicom/geometry/planSeries';
import { planPerfusion } from '../core/dicom/timing/planPerfusion';
import { sliceFrameTimes } from '../core/perfusionReview/sliceFrameTimes';

/** A series as the viewer pages through it: per volume, its Cornerstone imageIds in slice order. */
export interface DisplaySeries {
  /** volumes[t][k]: imageId of slice k of volume t (for DWI, volume 0 is the first b0). */
  volumes: string[][];
  /** b-value (s/mm²) per volume, for the overlay. */
  bValues: number[];
  /** Why the series could not be planned into volumes (then it pages as one stack), else null. */
  planProblem: string | null;
  /** positions[t][k]: LPS mm of the first voxel of slice k of volume t (linked scrolling), null when unknown. */
  positions: (Vec3 | null)[][];
  /** Unit slice normal (row × column direction), null when the orientation is unknown. */
  normal: Vec3 | null;
  /**
   * CT perfusion: frameTimes[k][t] is the time (s from the series' first frame) of volume t at
   * slice k, its table position's; volumes are then time frames in time order. Null otherwise.
   */
  frameTimes: number[][] | null;
  /** Why a CT perfusion series' frame times could not be read (it then pages in acquisition order), else null. */
  timeProblem: string | null;
}

/** `dicomfile:` ids handed out per FileSource, so each file is registered with the loader once. */
const fileIds = new WeakMap<FileSource, Promise<string>>();

/**
 * Cornerstone's file loader reads a Blob. Browser sources already are one (no copy); any other
 * source (Electron IPC) is read once into memory.
 */
function registerFile(source: FileSource): Promise<string> {
  let id = fileIds.get(source);
  if (!id) {
    const blob = (source as { blob?: unknown }).blob;
    id = blob instanceof Blob
      ? Promise.resolve(wadouri.fileManager.add(blob))
      : source.read().then((bytes) => wadouri.fileManager.add(new Blob([new Uint8Array(bytes)])));
    fileIds.set(source, id);
  }
  return id;
}

/** Volumes of a series that cannot be planned: all frames as one stack in instance order. */
function fallbackPlan(series: SeriesEntry): Pick<SeriesPlan, 'volumes'> {
  const slices = [...series.frames].sort(
    (a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0) || a.file.localeCompare(b.file) || a.frameIndex - b.frameIndex,
  );
  return { volumes: [{ bValue: 0, gradientLPS: null, isotropic: false, slices }] };
}

/**
 * Builds the imageIds of a series from its FileSources, ordered by `planSeries`. Frames of a
 * multi-frame file get the loader's 1-based `?frame=` suffix; single-frame files do not.
 */
export async function seriesImageIds(series: SeriesEntry, sources: Map<string, FileSource>): Promise<DisplaySeries> {
  let plan: Pick<SeriesPlan, 'volumes'>;
  let planProblem: string | null = null;
  try {
    plan = planSeries(series);
  } catch (error) {
    planProblem = error instanceof Error ? error.message : String(error);
    plan = fallbackPlan(series);
  }
  let frameTimes: number[][] | null = null;
  let timeProblem: string | null = null;
  if (series.kind === 'ctp' && !planProblem) {
    // Time order per slice, as the perfusion engine reads it: frame t of every slice is its t-th in time.
    try {
      const timed = planPerfusion(series);
      plan = timed.plan;
      frameTimes = sliceFrameTimes(timed.slabs, timed.plan.dims[2]);
    } catch (error) {
      timeProblem = error instanceof Error ? error.message : String(error);
    }
  }
  const framesPerFile = new Map<string, number>();
  for (const f of series.frames) framesPerFile.set(f.file, (framesPerFile.get(f.file) ?? 0) + 1);
  const idOf = async (frame: FrameInfo): Promise<string> => {
    const source = sources.get(frame.file);
    if (!source) throw new Error(`${frame.file}: file is no longer available`);
    const base = await registerFile(source);
    return (framesPerFile.get(frame.file) ?? 1) > 1 || frame.frameIndex > 0 ? `${base}?frame=${frame.frameIndex + 1}` : base;
  };
  const volumes = await Promise.all(plan.volumes.map((v) => Promise.all(v.slices.map(idOf))));
  const o = series.frames.find((f) => f.orientation)?.orientation;
  const n: Vec3 | null = o ? [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]] : null;
  const length = n ? Math.hypot(...n) : 0;
  return {
    volumes,
    bValues: plan.volumes.map((v) => v.bValue),
    planProblem,
    // A mosaic's one frame per volume holds every slice: no per-slice position to link by.
    positions: plan.volumes.map((v) => v.slices.map((f) => (f.mosaicSlices ? null : f.position))),
    normal: n && length > 0 ? (n.map((x) => x / length) as Vec3) : null,
    frameTimes,
    timeProblem,
  };
}

const planned = new WeakMap<SeriesEntry, Promise<DisplaySeries>>();

/** `seriesImageIds`, planned once per indexed series (viewports showing it share the result). */
export function displaySeries(series: SeriesEntry, sources: Map<string, FileSource>): Promise<DisplaySeries> {
  let result = planned.get(series);
  if (!result) {
    result = seriesImageIds(series, sources);
    planned.set(series, result);
  }
  return result;
}
