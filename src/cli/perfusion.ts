import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import writeFileAtomic from 'write-file-atomic';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { planPerfusion } from '../core/dicom/timing/planPerfusion';
import type { SeriesEntry } from '../core/dicom/types';
import type { Vec3 } from '../core/math/types';
import { dtiNiftiImage, type VoxelGrid } from '../core/nifti/dtiNiftiImage';
import { readNiftiMask } from '../core/nifti/readNiftiMask';
import { writeNifti } from '../core/nifti/writeNifti';
import { DEFAULT_BRAIN_DENSITY, DEFAULT_HEMATOCRIT_FACTOR, DEFAULT_OSCILLATION_INDEX } from '../core/perfusion/constants';
import type { PerfusionResult } from '../core/perfusion/perfusionMaps';
import { MOTION_WARNING_MM } from '../core/perfusion/frameMotion';
import { pointToVoxel } from '../core/perfusion/pointToVoxel';
import type { PerfusionSmoothing } from '../core/perfusion/smoothing';
import { DEFAULT_TISSUE_WINDOW } from '../core/perfusion/tissueMask';
import { voxelToLps } from '../core/roi/voxelAffine';
import { assembleVolume } from '../core/volume/assembleVolume';
import { indexFolder } from './indexFolder';
import { computePerfusionOnThreads } from './nodePerfusionPool';
import { refuseInsideSource } from './refuseInsideSource';

export interface PerfusionCliOptions {
  /** SeriesNumber; required when the folder holds more than one CT perfusion series. */
  series?: number;
  out: string;
  /** Arterial input point, LPS mm (default: automatic). */
  aif?: Vec3;
  /** Venous output point, LPS mm (default: automatic). */
  vof?: Vec3;
  /** NIfTI mask (.nii/.nii.gz on the series' grid) whose mean curve is the AIF; excludes `aif`. */
  aifMask?: string;
  /** NIfTI mask of the venous output; excludes `vof`. */
  vofMask?: string;
  /** Gaussian FWHM along time, s (default 0: none). */
  smoothTimeS?: number;
  /** Gaussian FWHM across each slice, mm (default 0: none). */
  smoothPlaneMm?: number;
  hematocritFactor?: number;
  density?: number;
}

/** Map files: NIfTI name, key in the result, unit. */
const MAPS = [
  ['CBF', 'cbf', 'ml/100g/min'],
  ['CBV', 'cbv', 'ml/100g'],
  ['MTT', 'mtt', 's'],
  ['Tmax', 'tmax', 's'],
  ['TTP', 'ttp', 's'],
  ['PS', 'ps', 'ml/100g/min'],
  ['PatlakVb', 'patlakVolume', 'ml/100g'],
] as const;

const gzipAsync = promisify(gzip);

/** Worker threads of the maps (the machines this runs on have 2 cores). */
const CLI_WORKERS = 2;

function appVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** A finite value ≥ 0 (0: off), or the reason it is refused. */
function nonNegative(value: number | undefined, flag: string): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} must be 0 or more (got ${value})`);
  return value;
}

/** A mask file read onto the series' grid; its path resolved for the record. */
async function maskOnGrid(path: string, grid: VoxelGrid): Promise<{ file: string; mask: Uint8Array }> {
  const file = resolve(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new Error(`${file}: cannot read the mask (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { file, mask: readNiftiMask(buffer, file, grid) };
}

/** A positive finite constant, or the reason it is refused. */
function positive(value: number | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number (got ${value})`);
  return value;
}

/**
 * `perfusion <folder> [--series N] --out <dir> [--aif x,y,z | --aif-mask m.nii.gz] [--vof x,y,z |
 * --vof-mask m.nii.gz] [--smooth-time FWHM_s] [--smooth-plane FWHM_mm] [--hematocrit-factor F]
 * [--density D]`: indexes the folder, plans and assembles the CT perfusion series (frame times from
 * its tags), computes the maps on 2 worker threads and writes CBF, CBV, MTT, Tmax, TTP, PS, PatlakVb and mask as .nii.gz
 * (dcm2niix geometry, like `fit`) plus perfusion.json (series, frame times, AIF/VOF and their
 * curves or masks, constants, method and smoothing, head motion, skipped files); warns when the head
 * moved more than 2 mm between frames. Refuses an output directory inside the input folder.
 */
export async function runPerfusion(folder: string, opts: PerfusionCliOptions): Promise<{ files: string[]; provenance: Record<string, unknown> }> {
  const input = resolve(folder);
  const output = resolve(opts.out);
  await refuseInsideSource(input, output);
  const constants = {
    hematocritFactor: positive(opts.hematocritFactor, DEFAULT_HEMATOCRIT_FACTOR, '--hematocrit-factor'),
    density: positive(opts.density, DEFAULT_BRAIN_DENSITY, '--density'),
    oscillationIndex: DEFAULT_OSCILLATION_INDEX,
  };
  const smoothing: PerfusionSmoothing = {
    temporalFwhmS: nonNegative(opts.smoothTimeS, '--smooth-time'),
    inPlaneFwhmMm: nonNegative(opts.smoothPlaneMm, '--smooth-plane'),
  };
  if (opts.aif && opts.aifMask) throw new Error('give the AIF as --aif or --aif-mask, not both');
  if (opts.vof && opts.vofMask) throw new Error('give the VOF as --vof or --vof-mask, not both');
  const t0 = performance.now();
  const { files, index } = await indexFolder(input);
  for (const s of index.skipped) console.error(`skipped ${s.path}: ${s.reason}`);
  const series = chooseSeries(index.patients.flatMap((p) => p.studies.flatMap((st) => st.series)), opts.series, input);
  const { plan, slabs, timeSource } = planPerfusion(series);
  // On a SharedArrayBuffer: the pool's threads read it in place.
  const volume = await assembleVolume(plan, new Map(files.map((f) => [f.path, f])), createFrameDecoder(), { shared: true });
  const grid: VoxelGrid = { dims: [volume.dims[0], volume.dims[1], volume.dims[2]], affine: volume.affine };
  const aifMask = opts.aifMask ? await maskOnGrid(opts.aifMask, grid) : null;
  const vofMask = opts.vofMask ? await maskOnGrid(opts.vofMask, grid) : null;
  const t1 = performance.now();
  const result = await computePerfusionOnThreads(volume, {
    slabs,
    constants,
    aifVoxel: opts.aif ? pointToVoxel(volume.affine, volume.dims, opts.aif) : undefined,
    vofVoxel: opts.vof ? pointToVoxel(volume.affine, volume.dims, opts.vof) : undefined,
    aifMask: aifMask?.mask,
    vofMask: vofMask?.mask,
    smoothing,
  }, {}, CLI_WORKERS);
  const t2 = performance.now();
  await mkdir(output, { recursive: true });
  const written = await Promise.all([
    ...MAPS.map(([name, key]) => writeMap(grid, result.maps[key], name, output)),
    writeMap(grid, result.mask, 'mask', output),
  ]);
  const location = (voxel: number) => {
    const [nx, ny] = volume.dims;
    const ijk: Vec3 = [voxel % nx, Math.floor(voxel / nx) % ny, Math.floor(voxel / (nx * ny))];
    return { voxel: ijk, lpsMm: voxelToLps(volume.affine, ...ijk) };
  };
  const curve = (c: NonNullable<PerfusionResult['vof']>, mask: { file: string } | null) => ({
    ...location(c.voxel),
    automatic: c.automatic,
    source: c.source,
    ...(mask ? { maskFile: mask.file, maskVoxels: c.voxels } : {}),
    timesS: c.times,
    hu: c.hu,
  });
  const motion = result.motion!;
  const motionWarnings = motion.maxDisplacementMm > MOTION_WARNING_MM
    ? [`head moved ${motion.maxDisplacementMm.toFixed(1)} mm between frames ${motion.frame - 1} and ${motion.frame} (more than ${MOTION_WARNING_MM} mm): the maps may be unreliable`]
    : [];
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
    frameTimes: { source: timeSource, slabs: slabs.map((s) => ({ slices: [s.firstSlice, s.endSlice - 1], timesS: s.times })) },
    aif: curve(result.aif, aifMask),
    vof: result.vof ? curve(result.vof, vofMask) : null,
    constants,
    method: {
      deconvolution: 'block-circulant SVD, oscillation-index threshold (Wu et al. 2003), AIF matrix with linear interpolation, curves resampled to the median frame interval',
      tmax: 'half-height of the deconvolved residue rising edge',
      permeability: 'Patlak on frames from 25 s after the AIF falls below 30 % of its peak; leakage removed before deconvolution; CBV = (∫tissue − PS·∫∫AIF(t − Tmax)) / ∫AIF',
      aifPartialVolume: 'AIF scaled by ∫VOF/∫AIF when above 1',
      baseline: 'frames before the AIF rises above max(2 SD, 2 % of its peak)',
      tissueWindow: DEFAULT_TISSUE_WINDOW,
      slabs: result.slabs,
      smoothing: {
        temporalFwhmS: result.smoothing.temporalFwhmS,
        inPlaneFwhmMm: result.smoothing.inPlaneFwhmMm,
        how: 'Gaussian; along time weighted by seconds between frames, on every curve (AIF/VOF too); across each slice on the tissue curves only; 0 = none',
      },
    },
    motion: {
      maxFrameDisplacementMm: motion.maxDisplacementMm,
      betweenFrames: motion.frame > 0 ? [motion.frame - 1, motion.frame] : null,
      perFrameMm: motion.perFrameMm,
      warningAboveMm: MOTION_WARNING_MM,
      method: `centroid of voxels above -300 HU, frame to frame (translation only)`,
    },
    workers: CLI_WORKERS,
    units: Object.fromEntries(MAPS.map(([name, , unit]) => [name, unit])),
    tissueVoxels: result.tissueVoxels,
    timingsSeconds: { indexAndAssemble: (t1 - t0) / 1000, maps: (t2 - t1) / 1000 },
    warnings: [...series.warnings, ...volume.warnings, ...motionWarnings],
    skippedFiles: index.skipped,
  };
  const json = join(output, 'perfusion.json');
  await writeFileAtomic(json, `${JSON.stringify(provenance, null, 2)}\n`);
  for (const w of provenance.warnings) console.error(`warning: ${w}`);
  return { files: [...written, json], provenance };
}

function chooseSeries(all: SeriesEntry[], number: number | undefined, input: string): SeriesEntry {
  const candidates = all.filter((s) => s.kind === 'ctp');
  const describe = (s: SeriesEntry) => `${s.seriesNumber ?? '?'} "${s.description}"`;
  if (number !== undefined) {
    const found = candidates.find((s) => s.seriesNumber === number);
    if (!found) throw new Error(`no CT perfusion series number ${number} in ${input}; CT perfusion series: ${candidates.map(describe).join(', ') || 'none'}`);
    return found;
  }
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) throw new Error(`no CT perfusion series (CT repeating its slice positions) in ${input}`);
  throw new Error(`several CT perfusion series in ${input}, choose one with --series: ${candidates.map(describe).join(', ')}`);
}

async function writeMap(grid: VoxelGrid, data: Float32Array | Uint8Array, name: string, output: string): Promise<string> {
  const nii = writeNifti(dtiNiftiImage(grid, data instanceof Uint8Array ? 'uint8' : 'float32', data, name), false);
  const path = join(output, `${name}.nii.gz`);
  await writeFileAtomic(path, await gzipAsync(nii));
  return path;
}
