import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { planSeries } from '../core/dicom/geometry/planSeries';
import type { DicomIndex, SeriesEntry, SkippedFile, Volume4D } from '../core/dicom/types';
import type { FrameDecoder } from '../core/dicom/pixels/FrameDecoder';
import type { FileSource } from '../core/io/FileSource';
import { B0_THRESHOLD } from '../core/dti/fitScheme';
import type { DtiMaps, Estimator } from '../core/dti/types';
import { dtiNiftiImage, type VoxelGrid } from '../core/nifti/dtiNiftiImage';
import { mapSpec, type MapName } from '../core/maps/mapCatalog';
import { niftiParts, type NiftiDatatype } from '../core/nifti/writeNifti';
import { assembleVolume } from '../core/volume/assembleVolume';
import { FileBytesCache, READ_CACHE_BYTES } from './fileBytesCache';
import { indexFolder } from './indexFolder';
import { fitVolumeOnThreads, prestartThreads } from './nodePool';
import { prepareOutputs, writeOutputFile } from '../node/outputFiles';
import { identifierNote, withoutInputPath, writtenUid, type OutputIdentifiers } from './outputIdentifiers';
import { refuseInsideSource } from './refuseInsideSource';

export interface FitCliOptions {
  /** SeriesNumber to fit; required when the folder holds more than one fittable series. */
  series?: number;
  method: Estimator;
  out: string;
  /** Brain-mask factor on the Otsu threshold of the mean b0 (default 1). */
  maskThreshold?: number;
  /** Worker threads (default: all cores). */
  workers?: number;
  /** Overwrite existing outputs (default: refuse). */
  force?: boolean;
  /** Identifiers in fit.json (default: de-identified, UID hashed with a built-in key). */
  identifiers?: OutputIdentifiers;
}

/** Written files and the provenance record. */
export interface FitCliResult {
  files: string[];
  provenance: Record<string, unknown>;
}

export const ESTIMATORS: readonly Estimator[] = ['ols', 'wls', 'iwls'];

/** The maps written, each as <its catalogue niftiLabel>.nii.gz. */
const FIT_MAPS: readonly MapName[] = ['fa', 'md', 'ad', 'rd', 's0', 'colfa', 'mask'];

/** Version of the app from package.json (two levels above src/cli). */
function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Diffusion series with enough directions and readable gradients for a tensor. */
function fittable(s: SeriesEntry): boolean {
  return s.kind === 'dwi' && s.directionCount >= 6 && s.diffusionProblem === null;
}

/**
 * Folders of fewer bytes than this (a few MB: one small DTI series, e.g. 14 GE slices or one
 * 80×80×40×13 enhanced file) are fitted on one thread without warm-up; larger ones on `workers`.
 */
export const SMALL_FOLDER_BYTES = 8 * 2 ** 20;

/**
 * `fit <folder> [--series N] [--method ols|wls|iwls] --out <dir>`: indexes the folder, assembles the
 * chosen DTI series, fits it on worker threads and writes FA, MD, AD, RD (mm²/s), colour FA (RGB24),
 * S0 and the brain mask as .nii.gz (dcm2niix geometry, like `convert`) plus `fit.json` provenance.
 * Refuses an output directory inside the input folder, and existing outputs unless `force`.
 * fit.json is de-identified unless `identifiers.keep` (outputIdentifiers.ts).
 */
export async function runFit(folder: string, opts: FitCliOptions): Promise<FitCliResult> {
  if (!ESTIMATORS.includes(opts.method)) throw new Error(`unknown --method ${opts.method}: use ols, wls or iwls`);
  const input = resolve(folder);
  const output = resolve(opts.out);
  await refuseInsideSource(input, output);
  await prepareOutputs(output, fitOutputPaths(output), opts.force ?? false);
  const t0 = performance.now();
  let workers = opts.workers ?? availableParallelism();
  const cache = new FileBytesCache(READ_CACHE_BYTES);
  const { files, index } = await indexFolder(input, cache, (listed) => {
    // Threads boot (and warm up) while the folder is indexed; a small folder's fit is shorter than
    // starting and warming more than one thread (pipeline bench), so it gets one, not warmed.
    const small = listed.reduce((a, f) => a + f.size, 0) < SMALL_FOLDER_BYTES;
    if (small) workers = 1;
    prestartThreads(workers, small ? null : opts.method);
  });
  const indexedAt = performance.now();
  for (const s of index.skipped) console.error(`skipped ${s.path}: ${s.reason}`);
  const candidates = fittableSeries(index);
  const describe = (s: SeriesEntry): string => `${s.seriesNumber ?? '?'} "${s.description}" (${s.directionCount} directions)`;
  let series: SeriesEntry | undefined;
  if (opts.series !== undefined) {
    series = candidates.find((s) => s.seriesNumber === opts.series);
    if (!series) throw new Error(`no DTI series number ${opts.series} in ${input}; fittable: ${candidates.map(describe).join(', ') || 'none'}`);
  } else if (candidates.length === 1) series = candidates[0];
  else if (candidates.length === 0) throw new Error(`no DTI series (≥ 6 directions with gradients) in ${input}`);
  else throw new Error(`several DTI series in ${input}, choose one with --series: ${candidates.map(describe).join(', ')}`);
  return fitSeriesInto(series, output, { opts, input, files, cache, skipped: index.skipped, workers, startedAt: t0, indexedAt });
}

/** Every file `fitSeriesInto` writes into `output`. */
export function fitOutputPaths(output: string): string[] {
  return [...FIT_MAPS.map((name) => join(output, `${mapSpec(name).niftiLabel}.nii.gz`)), join(output, 'fit.json')];
}

/** The series of an index a tensor can be fitted to. */
export function fittableSeries(index: DicomIndex): SeriesEntry[] {
  return index.patients.flatMap((p) => p.studies.flatMap((st) => st.series)).filter(fittable);
}

/** What fitting one series of an indexed folder needs besides the series. */
export interface FitContext {
  opts: FitCliOptions;
  /** The folder indexed (absolute). */
  input: string;
  files: FileSource[];
  /**
   * The folder's read cache. A single fit keeps only the series' files while it is assembled, then
   * empties it; a batch (`dropAfterAssembly`) drops each series' files once that series is assembled.
   */
  cache: FileBytesCache;
  /** Files of the folder left out at indexing, recorded in fit.json. */
  skipped: SkippedFile[];
  workers: number;
  /** performance.now() when this series' work began (indexing included for a single fit). */
  startedAt: number;
  /** performance.now() when the folder's index was made, for a single fit (its timings then split index and assembly). */
  indexedAt?: number;
  /** The frame decoder (its codecs initialised on first use); a batch shares one across series. */
  decoder?: FrameDecoder;
  /** Keep the other series' cached files (a batch assembles them next). */
  dropAfterAssembly?: boolean;
  /** The files by path; a batch builds it once. */
  byPath?: Map<string, FileSource>;
}

/** A series assembled into its volume, with when that began and ended (performance.now()). */
export interface AssembledSeries {
  series: SeriesEntry;
  volume: Volume4D;
  assembleFrom: number;
  assembledAt: number;
}

/** A series fitted, its maps not written yet. */
export interface FittedSeries extends AssembledSeries {
  maps: DtiMaps;
  fittedAt: number;
}

/**
 * Assembles `series`, fits it on the threads and writes its maps and fit.json into `output`
 * (already prepared: see prepareOutputs). fit.json is de-identified unless `identifiers.keep`.
 */
export async function fitSeriesInto(series: SeriesEntry, output: string, ctx: FitContext): Promise<FitCliResult> {
  return writeFitted(await fitAssembled(await assembleSeries(series, ctx), ctx), output, ctx);
}

/** The volume of `series` from the folder's files (cached bytes first: see FitContext.cache). */
export async function assembleSeries(series: SeriesEntry, ctx: FitContext): Promise<AssembledSeries> {
  const { cache } = ctx;
  const byPath = ctx.byPath ?? new Map(ctx.files.map((f) => [f.path, f]));
  const paths = new Set(series.frames.map((f) => f.file));
  if (!ctx.dropAfterAssembly) cache.keepOnly(paths);
  const assembleFrom = performance.now();
  try {
    const volume = await assembleVolume(planSeries(series), byPath, ctx.decoder ?? createFrameDecoder(), { shared: true });
    return { series, volume, assembleFrom, assembledAt: performance.now() };
  } finally {
    if (ctx.dropAfterAssembly) cache.drop(paths);
    else cache.clear();
  }
}

/** The tensor fit of an assembled series on the context's threads, progress on stderr. */
export async function fitAssembled(assembled: AssembledSeries, ctx: FitContext): Promise<FittedSeries> {
  const { opts, workers } = ctx;
  let lastPercent = -1;
  const maps = await fitVolumeOnThreads(
    assembled.volume,
    {
      estimator: opts.method,
      maskThreshold: opts.maskThreshold,
      residual: false, // not among the maps written
      onProgress: ({ fraction, etaSeconds }) => {
        const percent = Math.floor(fraction * 100);
        if (percent >= lastPercent + 10 || (percent === 100 && lastPercent !== 100)) {
          lastPercent = percent;
          process.stderr.write(`fit ${percent} %${etaSeconds !== null && fraction < 1 ? `, ~${etaSeconds.toFixed(1)} s left` : ''}\n`);
        }
      },
    },
    workers,
  );
  return { ...assembled, maps, fittedAt: performance.now() };
}

/** Writes a fitted series' maps and its fit.json provenance into `output`. */
export async function writeFitted(fitted: FittedSeries, output: string, ctx: FitContext): Promise<FitCliResult> {
  const { opts, input, workers } = ctx;
  const { series, volume, maps } = fitted;
  const ids: OutputIdentifiers = opts.identifiers ?? { keep: false };
  const t1 = fitted.assembledAt;
  const t2 = fitted.fittedAt;
  // Writing starts now, not when the fit ended: a batch may write one series while fitting the next.
  const writeFrom = performance.now();
  await mkdir(output, { recursive: true });
  const written = await writeMaps(maps, volume.dims, output);
  const t3 = performance.now();
  const provenance = {
    app: 'DTI Trial Viewer',
    appVersion: appVersion(),
    createdAt: new Date().toISOString(),
    ...(ids.keep ? { input } : {}),
    identifiers: identifierNote(ids),
    seriesInstanceUID: writtenUid(ids, series.seriesInstanceUID),
    seriesNumber: series.seriesNumber,
    ...(ids.keep ? { seriesDescription: series.description } : {}),
    manufacturer: series.manufacturer,
    dims: volume.dims,
    spacingMm: volume.spacing,
    estimator: opts.method,
    model: 'log-linear diffusion tensor; eigenvalues < 0 clamped to 0 for metrics',
    units: { md: 'mm2/s', ad: 'mm2/s', rd: 'mm2/s', fa: 'unitless', s0: 'signal', colorFa: 'RGB24 = round(255*|V1|*FA), voxel axes' },
    bValues: volume.bValues,
    excludedVolumes: volume.excluded.flatMap((e, t) => (e ? [t] : [])),
    b0ThresholdSPerMm2: B0_THRESHOLD,
    mask: { method: 'Otsu on mean b0 x factor, largest 6-connected component, holes filled per slice', thresholdFactor: opts.maskThreshold ?? 1, voxels: maps.counts.fitted + maps.counts.failed },
    counts: maps.counts,
    workers,
    timingsSeconds: {
      indexAndAssemble: (t1 - ctx.startedAt) / 1000,
      // A single fit: the process's start (Node and the bundle loaded: performance.now() counts from it), then the indexing.
      ...(ctx.indexedAt !== undefined ? { start: ctx.startedAt / 1000, index: (ctx.indexedAt - ctx.startedAt) / 1000 } : {}),
      assemble: (t1 - fitted.assembleFrom) / 1000,
      fit: (t2 - t1) / 1000,
      write: (t3 - writeFrom) / 1000,
    },
    warnings: [...series.warnings, ...volume.warnings],
    // Every file of the folder left out, and why: the maps' provenance includes what they were not made from.
    skippedFiles: ctx.skipped.map((s) => ({ ...s, reason: withoutInputPath(s.reason, input, ids) })),
  };
  const json = join(output, 'fit.json');
  await writeOutputFile(json, `${JSON.stringify(provenance, null, 2)}\n`);
  for (const w of provenance.warnings) console.error(`warning: ${w}`);
  return { files: [...written, json], provenance };
}

/**
 * zlib run-length strategy for the maps: a map is zeros outside the brain and float noise inside,
 * where longer matches are rarely found, so RLE compresses the maps in about half the CPU of
 * level 3 and to slightly smaller files (docs/benchmarks.md).
 */
const GZIP_OPTIONS = { strategy: zlibConstants.Z_RLE };

/**
 * `parts` gzipped as one stream by Node's native zlib on its thread pool: the NIfTI header and the
 * map's own bytes go in as they are, so no copy of the voxels is made before compression.
 */
function gzipParts(parts: Uint8Array[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = createGzip(GZIP_OPTIONS);
    const chunks: Buffer[] = [];
    zip.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.on('error', reject);
    zip.on('end', () => resolve(Buffer.concat(chunks)));
    for (const part of parts) zip.write(part);
    zip.end();
  });
}

/**
 * Each map as a gzipped NIfTI with dcm2niix geometry (rows flipped, sform from the LPS affine) and
 * the de-identified header the app's export writes (dtiNiftiImage: no DICOM attribute in it).
 * The maps are this command's own and written once, so their rows are flipped in place; all maps
 * are compressed at once.
 */
async function writeMaps(maps: DtiMaps, dims4: readonly number[], output: string): Promise<string[]> {
  const grid: VoxelGrid = { dims: [dims4[0], dims4[1], dims4[2]], affine: maps.affine };
  // Names and datatypes from the map catalogue (core/maps), as the app's NIfTI export writes them.
  const data: Partial<Record<MapName, Float32Array | Uint8Array>> = {
    fa: maps.scalars.fa,
    md: maps.scalars.md,
    ad: maps.scalars.ad,
    rd: maps.scalars.rd,
    s0: maps.scalars.s0,
    colfa: maps.colorFa,
    mask: maps.mask,
  };
  const images = FIT_MAPS.map((name): [string, NiftiDatatype, Float32Array | Uint8Array] => {
    const spec = mapSpec(name);
    const values = data[name];
    if (!values) throw new Error(`no ${spec.label} map to write`);
    return [spec.niftiLabel, spec.nifti ?? 'float32', values];
  });
  return Promise.all(
    images.map(async ([name, datatype, values]) => {
      const parts = niftiParts(dtiNiftiImage(grid, datatype, values, name, true));
      const path = join(output, `${name}.nii.gz`);
      await writeOutputFile(path, await gzipParts(parts));
      return path;
    }),
  );
}
