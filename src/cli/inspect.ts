import { bvecFsl } from '../core/dicom/bvecFsl';
import { DicomError } from '../core/dicom/errors';
import { planSeries } from '../core/dicom/geometry/planSeries';
import { niftiAffineFromLps } from '../core/dicom/niftiAffine';
import type { SeriesEntry, SeriesPlan } from '../core/dicom/types';
import { indexFolder } from './indexFolder';
import { perfusionReport, perfusionReportLines, type PerfusionSeriesReport } from './perfusionReport';

/** What `inspect` reports about one series (the JSON form; the text form prints the same). */
interface SeriesReport extends PerfusionSeriesReport {
  study: string;
  seriesNumber: number | null;
  description: string;
  kind: string;
  manufacturer: string;
  frames: number;
  bValues: number[];
  directions: number;
  diffusionProblem: string | null;
  warnings: string[];
  /** Diffusion series only. */
  dims?: number[];
  voxelSizeMm?: number[];
  /** Per volume, dcm2niix order. */
  bvals?: number[];
  /** FSL convention, 3 rows × volumes (as in a .bvec file). */
  bvecs?: number[][];
  planError?: string;
}

/**
 * `npm run cli -- inspect <folder> [--json]`: the series table of a folder; for diffusion series
 * dims, voxel size, per-volume b-values and FSL b-vectors (what `convert` would write); every
 * skipped file with its reason.
 */
export async function runInspect(folder: string, opts: { json: boolean }): Promise<string> {
  const { index } = await indexFolder(folder);
  const series: SeriesReport[] = index.patients.flatMap((p) =>
    p.studies.flatMap((st) => st.series.map((s) => report(`${st.studyDate} ${st.description}`.trim(), s))),
  );
  if (opts.json) return `${JSON.stringify({ folder, fileCount: index.fileCount, series, skipped: index.skipped }, null, 2)}\n`;
  const lines = [`${folder}: ${index.fileCount} files, ${series.length} series, ${index.skipped.length} skipped`, ''];
  lines.push(
    ...table(
      ['series', 'kind', 'images', 'b-values (s/mm²)', 'directions', 'manufacturer', 'description'],
      series.map((s) => [String(s.seriesNumber ?? '-'), s.kind, String(s.frames), s.bValues.join(', ') || '-', s.kind === 'dwi' ? String(s.directions) : '-', s.manufacturer, s.description || '(no description)']),
    ),
  );
  for (const s of series) {
    if (!s.dims && !s.planError && s.warnings.length === 0 && !s.diffusionProblem) continue;
    lines.push('', `series ${s.seriesNumber ?? '-'} ${s.description || '(no description)'}`);
    if (s.planError) lines.push(`  cannot assemble: ${s.planError}`);
    if (s.diffusionProblem) lines.push(`  diffusion problem: ${s.diffusionProblem}`);
    for (const w of s.warnings) lines.push(`  warning: ${w}`);
    lines.push(...perfusionReportLines(s));
    if (s.dims && !s.perfusion) {
      const [nx, ny, nz, nt] = s.dims;
      lines.push(`  dims      ${nx} × ${ny} × ${nz} slices × ${nt} volumes`);
      lines.push(`  voxel     ${s.voxelSizeMm!.map((v) => v.toFixed(3)).join(' × ')} mm`);
      lines.push(`  b-values  ${s.bvals!.map((b) => Number(b.toPrecision(6))).join(' ')}   (s/mm², per volume)`);
      s.bvecs!.forEach((row, axis) => lines.push(`  bvec ${'xyz'[axis]}    ${row.map((v) => v.toFixed(6)).join(' ')}`));
      lines.push('            (b-vectors in FSL convention, relative to the image axes of the NIfTI that convert writes)');
    }
  }
  if (index.skipped.length > 0) {
    lines.push('', 'skipped files (not indexed; the folder is left untouched):');
    for (const k of index.skipped) lines.push(`  ${k.path}: ${k.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Rows as space-padded columns under a header (terminal output; the JSON form carries the same values). */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)];
}

function report(study: string, s: SeriesEntry): SeriesReport {
  const base: SeriesReport = {
    study,
    seriesNumber: s.seriesNumber,
    description: s.description,
    kind: s.kind,
    manufacturer: s.manufacturer,
    frames: s.frames.length,
    bValues: s.bValues,
    directions: s.directionCount,
    diffusionProblem: s.diffusionProblem,
    warnings: [...s.warnings],
  };
  if (s.kind === 'ctp') return { ...base, ...perfusionReport(s) };
  if (s.kind !== 'dwi') return base;
  let plan: SeriesPlan;
  try {
    plan = planSeries(s);
  } catch (err) {
    if (err instanceof DicomError) return { ...base, planError: err.reason };
    throw err;
  }
  const sform = niftiAffineFromLps(plan.affine, plan.dims);
  const vectors = plan.volumes.map((v) => bvecFsl(v.gradientLPS, sform));
  return {
    ...base,
    warnings: [...base.warnings, ...plan.warnings],
    dims: plan.dims,
    voxelSizeMm: plan.spacing,
    bvals: plan.volumes.map((v) => v.bValue),
    bvecs: [0, 1, 2].map((a) => vectors.map((v) => v[a])),
  };
}
