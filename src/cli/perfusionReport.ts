import { DicomError } from '../core/dicom/errors';
import { planPerfusion } from '../core/dicom/timing/planPerfusion';
import type { SeriesEntry } from '../core/dicom/types';

/** What `inspect` says of a CT perfusion series: its 4D grid and its frame timing. */
export interface PerfusionSeriesReport {
  dims?: number[];
  voxelSizeMm?: number[];
  perfusion?: { timeSource: string; tablePositions: number; durationS: number; intervalS: [number, number] };
  planError?: string;
}

/** Plans the series as CT perfusion; a DicomError becomes its planError (the rest of the folder still lists). */
export function perfusionReport(s: SeriesEntry): PerfusionSeriesReport {
  try {
    const { plan, slabs, timeSource } = planPerfusion(s);
    const intervals = slabs.flatMap((slab) => slab.times.slice(1).map((t, i) => t - slab.times[i]));
    const last = Math.max(...slabs.map((slab) => slab.times[slab.times.length - 1]));
    return {
      dims: plan.dims,
      voxelSizeMm: plan.spacing,
      perfusion: { timeSource, tablePositions: slabs.length, durationS: last, intervalS: [Math.min(...intervals), Math.max(...intervals)] },
    };
  } catch (err) {
    if (err instanceof DicomError) return { planError: err.reason };
    throw err;
  }
}

/** The text lines of that report under the series heading. */
export function perfusionReportLines(r: PerfusionSeriesReport): string[] {
  if (!r.perfusion || !r.dims) return [];
  const [nx, ny, nz, nt] = r.dims;
  const p = r.perfusion;
  return [
    `  dims      ${nx} × ${ny} × ${nz} slices × ${nt} frames, ${p.tablePositions} table position${p.tablePositions > 1 ? 's' : ''}`,
    `  voxel     ${r.voxelSizeMm!.map((v) => v.toFixed(3)).join(' × ')} mm`,
    `  frames    ${p.durationS.toFixed(1)} s, every ${p.intervalS[0].toFixed(2)}–${p.intervalS[1].toFixed(2)} s (times from ${p.timeSource})`,
  ];
}
