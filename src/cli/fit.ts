import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import writeFileAtomic from 'write-file-atomic';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { planSeries } from '../core/dicom/geometry/planSeries';
import type { SeriesEntry } from '../core/dicom/types';
import { B0_THRESHOLD } from '../core/dti/fitScheme';
import type { DtiMaps, Estimator } from '../core/dti/types';
import { dtiNiftiImage, type VoxelGrid } from '../core/nifti/dtiNiftiImage';
import { mapSpec, type MapName } from '../core/maps/mapCatalog';
import { writeNifti, type NiftiDatatype } from '../core/nifti/writeNifti';
import { assembleVolume } from '../core/volume/assembleVolume';
import { FileBytesCache, READ_CACHE_BYTES } from './fileBytesCache';
import { indexFolder } from './indexFolder';
import { fitVolumeOnThreads, prestartThreads } from './nodePool';
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
}

/** Written files and the provenance record. */
export interface FitCliResult {
  files: string[];
  provenance: Record<string, unknown>;
}

const ESTIMATORS: readonly Estimator[] = ['ols', 'wls', 'iwls'];

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
 * `fit <folder> [--series N] [--method ols|wls|iwls] --out <dir>`: indexes the folder, assembles the
 * chosen DTI series, fits it on worker threads and writes FA, MD, AD, RD (mm²/s), colour FA (RGB24),
 * S0 and the brain mask as .nii.gz (dcm2niix geometry, like `convert`) plus `fit.json` provenance.
 * Refuses an output directory inside the input folder.
 */
export async function runFit(folder: string, opts: FitCliOptions): Promise<FitCliResult> {
  if (!ESTIMATORS.includes(opts.method)) throw new Error(`unknown --method ${opts.method}: use ols, wls or iwls`);
  const input = resolve(folder);
  const output = resolve(opts.out);
  await refuseInsideSource(input, output);
  const t0 = performance.now();
  const workers = opts.workers ?? availableParallelism();
  prestartThreads(workers, opts.method); // threads boot and warm up while the folder is read
  const cache = new FileBytesCache(READ_CACHE_BYTES);
  const { files, index } = await indexFolder(input, cache);
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const s of index.skipped) console.error(`skipped ${s.path}: ${s.reason}`);
  const candidates = index.patients.flatMap((p) => p.studies.flatMap((st) => st.series)).filter(fittable);
  const describe = (s: SeriesEntry): string => `${s.seriesNumber ?? '?'} "${s.description}" (${s.directionCount} directions)`;
  let series: SeriesEntry | undefined;
  if (opts.series !== undefined) {
    series = candidates.find((s) => s.seriesNumber === opts.series);
    if (!series) throw new Error(`no DTI series number ${opts.series} in ${input}; fittable: ${candidates.map(describe).join(', ') || 'none'}`);
  } else if (candidates.length === 1) series = candidates[0];
  else if (candidates.length === 0) throw new Error(`no DTI series (≥ 6 directions with gradients) in ${input}`);
  else throw new Error(`several DTI series in ${input}, choose one with --series: ${candidates.map(describe).join(', ')}`);

  cache.keepOnly(new Set(series.frames.map((f) => f.file)));
  const volume = await assembleVolume(planSeries(series), byPath, createFrameDecoder(), { shared: true });
  cache.clear();
  const t1 = performance.now();
  let lastPercent = -1;
  const maps = await fitVolumeOnThreads(
    volume,
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
  const t2 = performance.now();

  await mkdir(output, { recursive: true });
  const written = await writeMaps(maps, volume.dims, output);
  const t3 = performance.now();
  const provenance = {
    app: 'DTI Trial Viewer',
    appVersion: appVersion(),
    createdAt: new Date().toISOString(),
    input,
    seriesInstanceUID: series.seriesInstanceUID,
    seriesNumber: series.seriesNumber,
    seriesDescription: series.description,
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
    timingsSeconds: { indexAndAssemble: (t1 - t0) / 1000, fit: (t2 - t1) / 1000, write: (t3 - t2) / 1000 },
    warnings: [...series.warnings, ...volume.warnings],
    // Every file of the folder left out, and why: the maps' provenance includes what they were not made from.
    skippedFiles: index.skipped,
  };
  const json = join(output, 'fit.json');
  await writeFileAtomic(json, `${JSON.stringify(provenance, null, 2)}\n`);
  for (const w of provenance.warnings) console.error(`warning: ${w}`);
  return { files: [...written, json], provenance };
}

/**
 * zlib run-length strategy for the maps: a map is zeros outside the brain and float noise inside,
 * where longer matches are rarely found, so RLE compresses philips_701's seven maps in half the
 * CPU of level 3 (24 vs 50 ms) and to 1–2 % smaller files (26 % for the mask).
 */
const GZIP_OPTIONS = { strategy: zlibConstants.Z_RLE };

const gzipAsync = promisify(gzip);

/**
 * Each map as a gzipped NIfTI with dcm2niix geometry (rows flipped, sform from the LPS affine) and
 * the de-identified header the app's export writes (dtiNiftiImage: no DICOM attribute in it).
 * Compressed by Node's native zlib on its thread pool, all maps at once.
 */
async function writeMaps(maps: DtiMaps, dims4: readonly number[], output: string): Promise<string[]> {
  const grid: VoxelGrid = { dims: [dims4[0], dims4[1], dims4[2]], affine: maps.affine };
  // Names and datatypes from the map catalogue (core/maps), as the app's NIfTI export writes them.
  const image = (name: MapName, data: Float32Array | Uint8Array): [string, NiftiDatatype, Float32Array | Uint8Array] => {
    const spec = mapSpec(name);
    return [spec.niftiLabel, spec.nifti ?? 'float32', data];
  };
  const images = [
    image('fa', maps.scalars.fa),
    image('md', maps.scalars.md),
    image('ad', maps.scalars.ad),
    image('rd', maps.scalars.rd),
    image('s0', maps.scalars.s0),
    image('colfa', maps.colorFa),
    image('mask', maps.mask),
  ];
  return Promise.all(
    images.map(async ([name, datatype, data]) => {
      const nii = writeNifti(dtiNiftiImage(grid, datatype, data, name), false);
      const path = join(output, `${name}.nii.gz`);
      await writeFileAtomic(path, await gzipAsync(nii, GZIP_OPTIONS));
      return path;
    }),
  );
}
