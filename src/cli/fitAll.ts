import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { SeriesEntry } from '../core/dicom/types';
import { prepareOutputs, writeOutputFile } from '../node/outputFiles';
import { FileBytesCache, READ_CACHE_BYTES } from './fileBytesCache';
import { ESTIMATORS, fitOutputPaths, fitSeriesInto, fittableSeries, type FitCliOptions } from './fit';
import { indexFolder } from './indexFolder';
import { prestartThreads } from './nodePool';
import { refuseInsideSource } from './refuseInsideSource';

/** One series of a batch: where its maps went, or why it has none. */
export interface BatchRow {
  /** Output folder, relative to --out: the series' input folder, then `series_<N>`. */
  folder: string;
  seriesNumber: number | null;
  manufacturer: string;
  directions: number;
  status: 'fitted' | 'failed';
  /** Voxels fitted (in the brain mask) when fitted. */
  voxels: number | null;
  seconds: number;
  error: string | null;
}

/**
 * `fit <trial folder> --all --out <dir>`: every DTI series under a folder tree (subjects ×
 * timepoints) fitted in one process on the same warm worker threads. Each series' maps and fit.json
 * go to `<out>/<its folder relative to the input>/series_<N>/`, so the output mirrors the trial's own
 * layout. A series that fails is listed with its reason and the rest are fitted. Writes
 * `summary.csv` and `summary.json` (one BatchRow per series) and returns the rows. Refuses an output
 * inside the input and, unless `force`, any existing output, before anything is fitted.
 */
export async function runFitAll(folder: string, opts: Omit<FitCliOptions, 'series'>): Promise<BatchRow[]> {
  if (!ESTIMATORS.includes(opts.method)) throw new Error(`unknown --method ${opts.method}: use ols, wls or iwls`);
  const input = resolve(folder);
  const output = resolve(opts.out);
  await refuseInsideSource(input, output);
  const workers = opts.workers ?? availableParallelism();
  prestartThreads(workers, opts.method);
  const cache = new FileBytesCache(READ_CACHE_BYTES);
  const { files, index } = await indexFolder(input, cache);
  for (const s of index.skipped) console.error(`skipped ${s.path}: ${s.reason}`);
  const series = fittableSeries(index);
  if (series.length === 0) throw new Error(`no DTI series (≥ 6 directions with gradients) under ${input}`);
  const used = new Set<string>();
  const folders = series.map((s) => unique(outputFolder(s), used));
  const summaries = [join(output, 'summary.csv'), join(output, 'summary.json')];
  await prepareOutputs(output, summaries, opts.force ?? false);
  for (const f of folders) await prepareOutputs(join(output, f), fitOutputPaths(join(output, f)), opts.force ?? false);

  const rows: BatchRow[] = [];
  for (const [n, s] of series.entries()) {
    const started = performance.now();
    console.error(`[${n + 1}/${series.length}] ${folders[n]}`);
    const row: BatchRow = { folder: folders[n], seriesNumber: s.seriesNumber, manufacturer: s.manufacturer, directions: s.directionCount, status: 'fitted', voxels: null, seconds: 0, error: null };
    try {
      // Only this series' files of the folder left out are its provenance's business.
      const skipped = index.skipped.filter((k) => dirname(k.path) === dirname(s.frames[0].file));
      const { provenance } = await fitSeriesInto(s, join(output, folders[n]), { opts, input, files, cache, skipped, workers, startedAt: started });
      const counts = provenance.counts as { fitted: number };
      row.voxels = counts.fitted;
    } catch (error) {
      row.status = 'failed';
      row.error = error instanceof Error ? error.message : String(error);
      console.error(`failed ${folders[n]}: ${row.error}`);
    }
    row.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
    rows.push(row);
  }
  cache.clear();
  await writeOutputFile(summaries[0], stringify(rows, { header: true, columns: ['folder', 'seriesNumber', 'manufacturer', 'directions', 'status', 'voxels', 'seconds', 'error'] }));
  await writeOutputFile(summaries[1], `${JSON.stringify(rows, null, 2)}\n`);
  return rows;
}

/** `<the series' folder relative to the input>/series_<N>`; '.' when the files lie in the input itself. */
function outputFolder(series: SeriesEntry): string {
  const parent = dirname(series.frames[0].file);
  return join(parent, `series_${series.seriesNumber ?? 'x'}`);
}

/** `name`, or `name_2`, `name_3`… when already used (two series of one number in one folder). */
function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}_${n}`;
  used.add(candidate);
  return candidate;
}

/** The summary as the command prints it: one line per series, then the totals. */
export function batchTable(rows: BatchRow[]): string {
  const lines = rows.map((r) =>
    [r.status === 'fitted' ? 'ok    ' : 'FAILED', r.folder, `${r.directions} dirs`, r.voxels === null ? '' : `${r.voxels} voxels`, `${r.seconds.toFixed(2)} s`, r.error ?? ''].filter((x) => x !== '').join('  '),
  );
  const failed = rows.filter((r) => r.status === 'failed').length;
  return `${lines.join('\n')}\n${rows.length - failed} fitted, ${failed} failed, ${rows.reduce((t, r) => t + r.seconds, 0).toFixed(2)} s\n`;
}
