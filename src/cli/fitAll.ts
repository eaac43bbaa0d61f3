import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { SeriesEntry } from '../core/dicom/types';
import { prepareOutputs, writeOutputFile } from '../node/outputFiles';
import { FileBytesCache, READ_CACHE_BYTES } from './fileBytesCache';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { assembleSeries, ESTIMATORS, fitAssembled, fitOutputPaths, fittableSeries, writeFitted, type AssembledSeries, type FitCliOptions, type FitContext, type FittedSeries } from './fit';
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
  const startedAt = performance.now();
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

  const indexedAt = performance.now();

  // A pipeline on one process: the next series is assembled on this thread while the current one is
  // fitted on the worker threads, and each series' maps are compressed and written (zlib's thread
  // pool) while the next is fitted. One frame decoder for all (each codec initialised once).
  const decoder = createFrameDecoder();
  const byPath = new Map(files.map((f) => [f.path, f]));
  const rows: BatchRow[] = series.map((s, n) => ({ folder: folders[n], seriesNumber: s.seriesNumber, manufacturer: s.manufacturer, directions: s.directionCount, status: 'fitted', voxels: null, seconds: 0, error: null }));
  const began: number[] = [];
  const spent = { assemble: 0, fit: 0, write: 0 };
  const contextOf = (n: number): FitContext => ({
    opts,
    input,
    files,
    cache,
    // Only this series' files of the folder left out are its provenance's business.
    skipped: index.skipped.filter((k) => dirname(k.path) === dirname(series[n].frames[0].file)),
    workers,
    startedAt: began[n],
    decoder,
    dropAfterAssembly: true,
    byPath,
  });
  const finish = (n: number): void => {
    rows[n].seconds = Number(((performance.now() - began[n]) / 1000).toFixed(3));
  };
  const fail = (n: number, error: unknown): void => {
    rows[n].status = 'failed';
    rows[n].error = error instanceof Error ? error.message : String(error);
    console.error(`failed ${folders[n]}: ${rows[n].error}`);
    finish(n);
  };
  const assemble = (n: number): Promise<{ value: AssembledSeries } | { error: unknown }> => {
    began[n] = performance.now();
    console.error(`[${n + 1}/${series.length}] ${folders[n]}`);
    return assembleSeries(series[n], contextOf(n)).then(
      (value) => {
        spent.assemble += value.assembledAt - value.assembleFrom;
        return { value };
      },
      (error: unknown) => ({ error }),
    );
  };
  const writes: Promise<void>[] = [];
  let next = assemble(0);
  for (let n = 0; n < series.length; n++) {
    const assembled = await next;
    if (n + 1 < series.length) next = assemble(n + 1);
    if ('error' in assembled) {
      fail(n, assembled.error);
      continue;
    }
    let fitted: FittedSeries;
    try {
      fitted = await fitAssembled(assembled.value, contextOf(n));
      spent.fit += fitted.fittedAt - fitted.assembledAt;
    } catch (error) {
      fail(n, error);
      continue;
    }
    const writeFrom = performance.now();
    writes.push(
      writeFitted(fitted, join(output, folders[n]), contextOf(n)).then(
        ({ provenance }) => {
          spent.write += performance.now() - writeFrom;
          rows[n].voxels = (provenance.counts as { fitted: number }).fitted;
          finish(n);
        },
        (error: unknown) => fail(n, error),
      ),
    );
    // At most two series' maps held for writing at once.
    if (writes.length >= 2) await writes[writes.length - 2];
  }
  await Promise.all(writes);
  const seriesDoneAt = performance.now();
  cache.clear();
  await writeOutputFile(summaries[0], stringify(rows, { header: true, columns: ['folder', 'seriesNumber', 'manufacturer', 'directions', 'status', 'voxels', 'seconds', 'error'] }));
  await writeOutputFile(summaries[1], `${JSON.stringify(rows, null, 2)}\n`);
  const sec = (ms: number): string => (ms / 1000).toFixed(2);
  console.error(
    `timings: start ${sec(startedAt)} · index ${sec(indexedAt - startedAt)} · series ${sec(seriesDoneAt - indexedAt)} ` +
      `(overlapped; summed: assemble ${sec(spent.assemble)} · fit ${sec(spent.fit)} · write ${sec(spent.write)}) · summary ${sec(performance.now() - seriesDoneAt)} s`,
  );
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

/**
 * The summary as the command prints it: one line per series, then the totals; `wallSeconds`, the
 * batch's own time (series overlap in the pipeline, so their seconds add up to more).
 */
export function batchTable(rows: BatchRow[], wallSeconds?: number): string {
  const lines = rows.map((r) =>
    [r.status === 'fitted' ? 'ok    ' : 'FAILED', r.folder, `${r.directions} dirs`, r.voxels === null ? '' : `${r.voxels} voxels`, `${r.seconds.toFixed(2)} s`, r.error ?? ''].filter((x) => x !== '').join('  '),
  );
  const failed = rows.filter((r) => r.status === 'failed').length;
  return `${lines.join('\n')}\n${rows.length - failed} fitted, ${failed} failed, ${(wallSeconds ?? rows.reduce((t, r) => t + r.seconds, 0)).toFixed(2)} s\n`;
}
